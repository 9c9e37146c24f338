import assert from 'node:assert/strict';
import { queueViewOf } from '../../../src/core/fleet/queueView';
import { addDependency, addTasks, blockedReasons, claimNext, complete, fail, readyTasks, setPriority, type QueueChange } from '../../../src/core/queue/rules';
import { EMPTY_QUEUE, QueueError, type QueueState } from '../../../src/core/queue/types';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

const apply = <T>(c: QueueChange<T>): QueueState => c.state;

/** a (P2), b (P0), c (P2, after a), d (P3), e (P1): a claimed then done, d claimed then failed, e claimed. */
function prepared(): QueueState {
  let s = apply(addTasks(EMPTY_QUEUE, { planIds: ['a'], by: 't' }, T0));
  s = apply(addTasks(s, { planIds: ['b'], priority: 0, by: 't' }, T0));
  s = apply(addTasks(s, { planIds: ['c'], after: ['a'], by: 't' }, T0));
  s = apply(addTasks(s, { planIds: ['d'], priority: 3, by: 't' }, T0));
  s = apply(addTasks(s, { planIds: ['e'], priority: 1, by: 't' }, T0));
  s = apply(addTasks(s, { planIds: ['f'], priority: 4, by: 't' }, T0));
  s = apply(claimNext(s, 'w1', 10 * MIN, T0 + MIN)); // b
  s = apply(complete(s, 'b', { worker: 'w1' }, T0 + 3 * MIN));
  s = apply(claimNext(s, 'w1', 10 * MIN, T0 + 4 * MIN)); // e
  s = apply(claimNext(s, 'w2', 10 * MIN, T0 + 4 * MIN)); // a
  s = apply(fail(s, 'a', { worker: 'w2', reason: 'tests failed: 3 of 40' }, T0 + 9 * MIN));
  return s;
}

const viewOf = (s: QueueState, now: number) => queueViewOf({ version: s.version, tasks: s.tasks, ready: readyTasks(s).map((t) => t.planId), blocked: blockedReasons(s) }, now);

describe('the queue in the fleet status model', () => {
  it('groups tasks as ready (claim order), in progress, blocked, done and failed', () => {
    const view = viewOf(prepared(), T0 + 10 * MIN);
    assert.deepEqual(view.tasks.map((t) => `${t.group}:${t.planId}`), ['ready:d', 'ready:f', 'inProgress:e', 'blocked:c', 'done:b', 'failed:a']);
  });

  it('says what a blocked task waits for, who works on a claimed one, and why a failed one failed', () => {
    const view = viewOf(prepared(), T0 + 10 * MIN);
    const byId = new Map(view.tasks.map((t) => [t.planId, t]));
    assert.deepEqual(byId.get('c')?.waitsFor, [{ planId: 'a', state: 'failed' }]);
    assert.equal(byId.get('e')?.worker, 'w1');
    assert.equal(byId.get('a')?.lastReason, 'tests failed: 3 of 40');
    assert.equal(byId.get('d')?.waitsFor, undefined);
  });

  it('times done and failed tasks from their last claim, and in-progress ones until now', () => {
    const view = viewOf(prepared(), T0 + 10 * MIN);
    const byId = new Map(view.tasks.map((t) => [t.planId, t]));
    assert.equal(byId.get('b')?.durationMs, 2 * MIN);
    assert.equal(byId.get('a')?.durationMs, 5 * MIN);
    assert.equal(byId.get('e')?.durationMs, 6 * MIN);
    assert.equal(byId.get('b')?.finishedAt, new Date(T0 + 3 * MIN).toISOString());
    assert.equal(byId.get('d')?.durationMs, undefined);
  });
});

describe('setPriority', () => {
  it('reorders the ready tasks and leaves the state untouched when the priority is the same', () => {
    const s = prepared();
    const moved = apply(setPriority(s, 'f', 0));
    assert.deepEqual(readyTasks(moved).map((t) => t.planId), ['f', 'd']);
    assert.equal(moved.version, s.version + 1);
    assert.equal(setPriority(s, 'd', 3).state, s, 'same priority: nothing to write');
  });

  it('refuses a claimed or done task, and a priority outside 0–4', () => {
    const s = prepared();
    assert.throws(() => setPriority(s, 'e', 0), (e: unknown) => e instanceof QueueError && e.code === 'wrong-state' && /only an open or failed task/.test(e.message));
    assert.throws(() => setPriority(s, 'b', 0), (e: unknown) => e instanceof QueueError && e.code === 'wrong-state');
    assert.throws(() => setPriority(s, 'd', 7), (e: unknown) => e instanceof QueueError && e.code === 'invalid-argument');
    assert.equal(apply(setPriority(s, 'a', 1)).tasks.find((t) => t.planId === 'a')?.priority, 1, 'a failed task keeps its place for the retry');
  });

  it('keeps a dependency added later in the blocked reasons', () => {
    const s = apply(addDependency(prepared(), 'd', 'e'));
    assert.deepEqual(viewOf(s, T0).tasks.find((t) => t.planId === 'd')?.waitsFor, [{ planId: 'e', state: 'claimed' }]);
  });
});
