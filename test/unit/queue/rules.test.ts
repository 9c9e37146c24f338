import assert from 'node:assert/strict';
import {
  addDependency,
  addTasks,
  blockedReasons,
  claimNext,
  complete,
  expireLeases,
  fail,
  heartbeat,
  queueCounts,
  readyTasks,
  release,
  removeTask,
  retry,
  type QueueChange,
} from '../../../src/core/queue/rules';
import { invariantProblem } from '../../../src/core/queue/schema';
import { EMPTY_QUEUE, QueueError, type QueueErrorCode, type QueueState, type QueueTask } from '../../../src/core/queue/types';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** Applies a change and checks the invariants every rule must keep, so each test also proves them. */
function step<T>(c: QueueChange<T>): { state: QueueState; result: T } {
  assert.equal(invariantProblem(c.state), undefined);
  return c;
}

function queue(...ids: string[]): QueueState {
  return step(addTasks(EMPTY_QUEUE, { planIds: ids, by: 'cli' }, T0)).state;
}

const task = (s: QueueState, id: string): QueueTask => {
  const t = s.tasks.find((x) => x.planId === id);
  assert.ok(t, `no task ${id}`);
  return t;
};

function refused(fn: () => unknown, code: QueueErrorCode, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof QueueError, String(e));
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** The task the worker claimed, asserting there was one. */
function claim(s: QueueState, worker: string, now = T0, leaseMs = 5 * MIN): { state: QueueState; task: QueueTask } {
  const r = step(claimNext(s, worker, leaseMs, now));
  assert.ok(r.result, `nothing claimed by ${worker}`);
  return { state: r.state, task: r.result };
}

describe('queue rules: adding', () => {
  it('adds open tasks with default priority 2, increasing seq, and a creation entry in the history', () => {
    const r = step(addTasks(EMPTY_QUEUE, { planIds: ['alpha', 'beta'], by: 'cli' }, T0));
    assert.deepEqual(r.result.map((t) => [t.planId, t.priority, t.seq, t.state, t.attempts, t.maxAttempts]), [
      ['alpha', 2, 1, 'open', 0, 3],
      ['beta', 2, 2, 'open', 0, 3],
    ]);
    assert.deepEqual(task(r.state, 'alpha').history, [{ at: T0, by: 'cli', from: null, to: 'open' }]);
    assert.equal(r.state.nextSeq, 3);
    assert.equal(r.state.version, 1);
  });

  it('takes a priority 0..4 and max attempts, and refuses others', () => {
    const r = step(addTasks(EMPTY_QUEUE, { planIds: ['urgent'], priority: 0, maxAttempts: 5, by: 'cli' }, T0));
    assert.equal(task(r.state, 'urgent').priority, 0);
    assert.equal(task(r.state, 'urgent').maxAttempts, 5);
    for (const p of [-1, 5, 1.5, Number.NaN]) refused(() => addTasks(EMPTY_QUEUE, { planIds: ['x-1'], priority: p, by: 'cli' }, T0), 'invalid-argument', /0 \(highest\) to 4/);
    refused(() => addTasks(EMPTY_QUEUE, { planIds: ['x-1'], maxAttempts: 0, by: 'cli' }, T0), 'invalid-argument');
    refused(() => addTasks(EMPTY_QUEUE, { planIds: [], by: 'cli' }, T0), 'invalid-argument');
  });

  it('refuses a plan already queued, naming its state, and adds nothing of the request', () => {
    const s = queue('alpha');
    refused(() => addTasks(s, { planIds: ['beta', 'alpha'], by: 'cli' }, T0), 'already-queued', /alpha \(open\)/);
    refused(() => addTasks(s, { planIds: ['beta', 'beta'], by: 'cli' }, T0), 'invalid-argument', /beta given twice/);
  });

  it('makes every added task wait for --after tasks, and refuses unknown ones', () => {
    const s = queue('base');
    const r = step(addTasks(s, { planIds: ['one', 'two'], after: ['base'], by: 'cli' }, T0));
    assert.deepEqual(task(r.state, 'one').dependsOn, ['base']);
    assert.deepEqual(task(r.state, 'two').dependsOn, ['base']);
    refused(() => addTasks(s, { planIds: ['three'], after: ['ghost'], by: 'cli' }, T0), 'unknown-dependency', /ghost.*lwc task add ghost/);
  });

  it('lets --after name a task of the same request: the others wait for it, it waits only for queued ones', () => {
    const s = queue('base');
    const r = step(addTasks(s, { planIds: ['first', 'second'], after: ['first', 'base'], by: 'cli' }, T0));
    assert.deepEqual(task(r.state, 'first').dependsOn, ['base']);
    assert.deepEqual(task(r.state, 'second').dependsOn, ['first', 'base']);
  });
});

describe('queue rules: dependencies', () => {
  it('adds a dependency, and adding it again changes nothing', () => {
    const s = queue('a1', 'b1');
    const r = step(addDependency(s, 'a1', 'b1'));
    assert.deepEqual(task(r.state, 'a1').dependsOn, ['b1']);
    const again = addDependency(r.state, 'a1', 'b1');
    assert.equal(again.state, r.state);
  });

  it('refuses a cycle and names it, for a self-dependency and a longer loop', () => {
    let s = queue('a1', 'b1', 'c1');
    refused(() => addDependency(s, 'a1', 'a1'), 'cycle', /a1 → a1/);
    s = step(addDependency(s, 'a1', 'b1')).state;
    refused(() => addDependency(s, 'b1', 'a1'), 'cycle', /b1 → a1 → b1/);
    s = step(addDependency(s, 'b1', 'c1')).state;
    refused(() => addDependency(s, 'c1', 'a1'), 'cycle', /c1 → a1 → b1 → c1/);
  });

  it('refuses unknown tasks on either side, and tasks that are claimed or done', () => {
    const s = queue('a1', 'b1');
    refused(() => addDependency(s, 'zz9', 'a1'), 'unknown-task');
    refused(() => addDependency(s, 'a1', 'zz9'), 'unknown-dependency');
    const c = claim(s, 'w1');
    refused(() => addDependency(c.state, c.task.planId, 'b1'), 'wrong-state', /release it first/);
    const d = step(complete(c.state, c.task.planId, { worker: 'w1' }, T0)).state;
    refused(() => addDependency(d, 'a1', 'b1'), 'wrong-state', /done/);
  });
});

describe('queue rules: ready set and ordering', () => {
  it('orders ready tasks by priority, then by the order they were added', () => {
    let s = step(addTasks(EMPTY_QUEUE, { planIds: ['low'], priority: 4, by: 'cli' }, T0)).state;
    s = step(addTasks(s, { planIds: ['mid-a'], by: 'cli' }, T0)).state;
    s = step(addTasks(s, { planIds: ['top'], priority: 0, by: 'cli' }, T0)).state;
    s = step(addTasks(s, { planIds: ['mid-b'], by: 'cli' }, T0)).state;
    assert.deepEqual(readyTasks(s).map((t) => t.planId), ['top', 'mid-a', 'mid-b', 'low']);
  });

  it('holds back a task until every dependency is done, and says what it waits for', () => {
    let s = queue('dep1', 'dep2');
    s = step(addTasks(s, { planIds: ['child'], priority: 0, after: ['dep1', 'dep2'], by: 'cli' }, T0)).state;
    assert.deepEqual(readyTasks(s).map((t) => t.planId), ['dep1', 'dep2']);
    assert.deepEqual(blockedReasons(s), [{ planId: 'child', waitsFor: [{ planId: 'dep1', state: 'open' }, { planId: 'dep2', state: 'open' }] }]);
    const c = claim(s, 'w1');
    s = step(complete(c.state, 'dep1', { worker: 'w1' }, T0)).state;
    assert.deepEqual(blockedReasons(s), [{ planId: 'child', waitsFor: [{ planId: 'dep2', state: 'open' }] }]);
    const c2 = claim(s, 'w2');
    assert.equal(c2.task.planId, 'dep2');
    assert.deepEqual(blockedReasons(c2.state)[0]?.waitsFor, [{ planId: 'dep2', state: 'claimed' }]);
    s = step(fail(c2.state, 'dep2', { worker: 'w2', reason: 'tests fail' }, T0)).state;
    assert.deepEqual(blockedReasons(s)[0]?.waitsFor, [{ planId: 'dep2', state: 'failed' }]);
    assert.deepEqual(readyTasks(s), []);
    s = step(retry(s, 'dep2', 'cli', T0)).state;
    s = step(complete(claim(s, 'w2').state, 'dep2', { worker: 'w2' }, T0)).state;
    assert.deepEqual(readyTasks(s).map((t) => t.planId), ['child']);
    assert.deepEqual(queueCounts(s), { ready: 1, blocked: 0, claimed: 0, done: 2, failed: 0, total: 3 });
  });

  it('counts ready, blocked, claimed, done and failed tasks', () => {
    let s = queue('a1', 'b1', 'c1');
    s = step(addTasks(s, { planIds: ['d1'], after: ['a1'], by: 'cli' }, T0)).state;
    s = claim(s, 'w1').state;
    assert.deepEqual(queueCounts(s), { ready: 2, blocked: 1, claimed: 1, done: 0, failed: 0, total: 4 });
  });
});

describe('queue rules: claiming and ownership', () => {
  it('claims the first ready task with a lease, counts the attempt and records the transition', () => {
    const s = step(addTasks(queue('second'), { planIds: ['first'], priority: 1, by: 'cli' }, T0)).state;
    const c = claim(s, 'worker-1', T0 + 1000, 30_000);
    assert.equal(c.task.planId, 'first');
    assert.equal(c.task.state, 'claimed');
    assert.deepEqual(c.task.lease, { worker: 'worker-1', claimedAt: T0 + 1000, expiresAt: T0 + 31_000 });
    assert.equal(c.task.attempts, 1);
    assert.deepEqual(c.task.history.at(-1), { at: T0 + 1000, by: 'worker-1', from: 'open', to: 'claimed' });
    assert.equal(claim(c.state, 'worker-2', T0 + 1000).task.planId, 'second');
  });

  it('returns nothing, and the very same state, when nothing is ready', () => {
    const s = queue('only');
    const c = claim(s, 'w1');
    const none = claimNext(c.state, 'w2', MIN, T0);
    assert.equal(none.result, undefined);
    assert.equal(none.state, c.state);
  });

  it('refuses bad worker names and leases', () => {
    const s = queue('only');
    refused(() => claimNext(s, '', MIN, T0), 'invalid-argument');
    refused(() => claimNext(s, 'a\nb', MIN, T0), 'invalid-argument');
    refused(() => claimNext(s, 'w1', 0, T0), 'invalid-argument');
    refused(() => claimNext(s, 'w1', Number.POSITIVE_INFINITY, T0), 'invalid-argument');
  });

  it('lets only the claimer heartbeat, complete, fail or release, unless forced', () => {
    const c = claim(queue('job'), 'owner');
    refused(() => heartbeat(c.state, 'job', { worker: 'other', leaseMs: MIN }, T0), 'not-owner', /claimed by owner, not other/);
    refused(() => complete(c.state, 'job', { worker: 'other' }, T0), 'not-owner');
    refused(() => fail(c.state, 'job', { worker: 'other', reason: 'x' }, T0), 'not-owner');
    refused(() => release(c.state, 'job', { worker: 'other' }, T0), 'not-owner');
    const forced = step(release(c.state, 'job', { worker: 'user', force: true, reason: 'stuck' }, T0 + 5));
    assert.equal(forced.result.state, 'open');
    assert.equal(forced.result.lease, undefined);
    assert.deepEqual(forced.result.history.at(-1), { at: T0 + 5, by: 'user', from: 'claimed', to: 'open', reason: "stuck; forced over owner's claim" });
    const done = step(complete(c.state, 'job', { worker: 'user', force: true }, T0)).result;
    assert.equal(done.state, 'done');
    assert.equal(done.history.at(-1)?.reason, "forced over owner's claim");
  });

  it('heartbeat extends the lease without a history entry', () => {
    const c = claim(queue('job'), 'owner', T0, MIN);
    const h = step(heartbeat(c.state, 'job', { worker: 'owner', leaseMs: 2 * MIN }, T0 + 30_000)).result;
    assert.equal(h.lease?.expiresAt, T0 + 30_000 + 2 * MIN);
    assert.equal(h.lease?.claimedAt, T0);
    assert.equal(h.history.length, c.task.history.length);
  });

  it('complete, fail and release move the task and record who, when and why', () => {
    const c = claim(queue('job'), 'owner');
    const done = step(complete(c.state, 'job', { worker: 'owner', reason: 'merged' }, T0 + 1)).result;
    assert.deepEqual(done.history.at(-1), { at: T0 + 1, by: 'owner', from: 'claimed', to: 'done', reason: 'merged' });
    const failed = step(fail(c.state, 'job', { worker: 'owner', reason: 'agent crashed' }, T0 + 2)).result;
    assert.equal(failed.state, 'failed');
    assert.equal(failed.lastReason, 'agent crashed');
    refused(() => fail(c.state, 'job', { worker: 'owner', reason: '  ' }, T0), 'invalid-argument', /--reason/);
    const released = step(release(c.state, 'job', { worker: 'owner', reason: 'shutting down' }, T0 + 3)).result;
    assert.equal(released.state, 'open');
    assert.equal(released.attempts, 1, 'the attempt stays counted');
    assert.equal(released.lastReason, 'shutting down');
  });

  it('refuses acting on a task that is not claimed, with the way forward', () => {
    const s = queue('job');
    refused(() => complete(s, 'job', { worker: 'w1' }, T0), 'wrong-state', /open, not claimed.*lwc task claim/);
    refused(() => complete(s, 'nope', { worker: 'w1' }, T0), 'unknown-task', /lwc task list/);
    const failed = step(fail(claim(s, 'w1').state, 'job', { worker: 'w1', reason: 'x' }, T0)).state;
    refused(() => release(failed, 'job', { worker: 'w1', force: true }, T0), 'wrong-state', /lwc task retry job/);
  });

  it('refuses the claimer once its lease has run out, but not a forced action', () => {
    const c = claim(queue('job'), 'owner', T0, MIN);
    refused(() => complete(c.state, 'job', { worker: 'owner' }, T0 + MIN), 'lease-expired', /expired at/);
    refused(() => heartbeat(c.state, 'job', { worker: 'owner', leaseMs: MIN }, T0 + 2 * MIN), 'lease-expired');
    assert.equal(step(complete(c.state, 'job', { worker: 'owner', force: true }, T0 + 2 * MIN)).result.state, 'done');
  });
});

describe('queue rules: leases and attempts', () => {
  it('returns a task whose lease expired to open, attempt counted, history by `lease`', () => {
    const c = claim(queue('job'), 'w1', T0, MIN);
    assert.equal(expireLeases(c.state, T0 + MIN - 1).state, c.state, 'not yet');
    const r = step(expireLeases(c.state, T0 + MIN));
    assert.deepEqual(r.result.map((t) => [t.planId, t.state, t.attempts, t.lease]), [['job', 'open', 1, undefined]]);
    const last = task(r.state, 'job').history.at(-1)!;
    assert.deepEqual([last.by, last.from, last.to], ['lease', 'claimed', 'open']);
    assert.match(last.reason ?? '', /lease of w1 expired .*attempt 1 of 3/);
  });

  it('claim-next expires leases first, so a dead worker’s task is claimed again', () => {
    const c = claim(queue('job'), 'dead', T0, MIN);
    const again = claim(c.state, 'alive', T0 + MIN + 1);
    assert.equal(again.task.planId, 'job');
    assert.equal(again.task.attempts, 2);
    assert.deepEqual(again.task.history.map((h) => [h.by, h.to]), [['cli', 'open'], ['dead', 'claimed'], ['lease', 'open'], ['alive', 'claimed']]);
  });

  it('fails a task after max attempts, keeping the last reason; retry reopens it with a fresh budget', () => {
    let s = step(addTasks(EMPTY_QUEUE, { planIds: ['flaky'], maxAttempts: 2, by: 'cli' }, T0)).state;
    let now = T0;
    for (const w of ['w1', 'w2']) {
      s = claim(s, w, now, MIN).state;
      now += MIN;
    }
    const r = step(claimNext(s, 'w3', MIN, now));
    assert.equal(r.result, undefined, 'out of attempts: not claimed a third time');
    const t = task(r.state, 'flaky');
    assert.equal(t.state, 'failed');
    assert.match(t.lastReason ?? '', /lease of w2 expired .*attempt 2 of 2/);
    assert.match(t.history.at(-1)?.reason ?? '', /no attempts left/);
    refused(() => retry(s, 'flaky', 'cli', now), 'wrong-state', /Only a failed task/);
    const reopened = step(retry(r.state, 'flaky', 'cli', now)).result;
    assert.deepEqual([reopened.state, reopened.attempts], ['open', 0]);
    assert.equal(reopened.history.at(-1)?.to, 'open');
  });
});

describe('queue rules: removing', () => {
  it('removes a task nobody waits for', () => {
    const r = step(removeTask(queue('a1', 'b1'), 'a1'));
    assert.deepEqual(r.state.tasks.map((t) => t.planId), ['b1']);
    assert.equal(r.result.planId, 'a1');
  });

  it('refuses while others depend on it, unless forced (they then stop waiting)', () => {
    const s = step(addTasks(queue('base'), { planIds: ['child'], after: ['base'], by: 'cli' }, T0)).state;
    refused(() => removeTask(s, 'base'), 'has-dependents', /child waits for base.*--force/);
    const forced = step(removeTask(s, 'base', { force: true })).state;
    assert.deepEqual(task(forced, 'child').dependsOn, []);
    assert.deepEqual(readyTasks(forced).map((t) => t.planId), ['child']);
  });

  it('refuses a claimed task unless forced', () => {
    const c = claim(queue('job'), 'w1');
    refused(() => removeTask(c.state, 'job'), 'wrong-state', /claimed by w1/);
    assert.deepEqual(step(removeTask(c.state, 'job', { force: true })).state.tasks, []);
    refused(() => removeTask(c.state, 'ghost'), 'unknown-task');
  });
});

describe('queue rules: state identity and versions', () => {
  it('bumps the version on every change and never rewrites history entries', () => {
    const s0 = queue('job');
    const c = claim(s0, 'w1');
    const d = step(complete(c.state, 'job', { worker: 'w1' }, T0));
    assert.deepEqual([s0.version, c.state.version, d.state.version], [1, 2, 3]);
    assert.deepEqual(d.result.history.slice(0, 2), c.task.history);
  });

  it('leaves untouched tasks as the same objects (the store journals only what changed)', () => {
    const s = queue('a1', 'b1', 'c1');
    const c = claim(s, 'w1');
    assert.equal(task(c.state, 'b1'), task(s, 'b1'));
    assert.notEqual(task(c.state, 'a1'), task(s, 'a1'));
  });
});
