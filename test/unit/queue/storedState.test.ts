import assert from 'node:assert/strict';
import { findCycle } from '../../../src/core/queue/graph';
import { applyRecord, applyRecords, recordOf, type JournalRecord } from '../../../src/core/queue/journal';
import { addDependency, addTasks, claimNext, removeTask } from '../../../src/core/queue/rules';
import { checkQueueState } from '../../../src/core/queue/schema';
import { EMPTY_QUEUE, type QueueState, type QueueTask } from '../../../src/core/queue/types';

const T0 = Date.UTC(2026, 0, 1);
const add = (s: QueueState, ids: string[], after?: string[]): QueueState => addTasks(s, { planIds: ids, by: 'cli', ...(after ? { after } : {}) }, T0).state;
const problemOf = (raw: unknown): string => {
  const r = checkQueueState(raw);
  assert.ok('problem' in r, 'expected a problem');
  return r.problem;
};

describe('stored queue state: schema and invariants', () => {
  it('accepts what the rules produce', () => {
    let s = add(EMPTY_QUEUE, ['a1', 'b1']);
    s = add(s, ['c1'], ['a1']);
    s = claimNext(s, 'w1', 1000, T0).state;
    const r = checkQueueState(JSON.parse(JSON.stringify(s)));
    assert.ok('state' in r);
    assert.deepEqual(r.state, s);
  });

  it('names the first place a hand edit broke, by path', () => {
    const s = JSON.parse(JSON.stringify(add(EMPTY_QUEUE, ['a1', 'b1']))) as { tasks: Record<string, unknown>[] };
    assert.match(problemOf({ ...s, tasks: [{ ...s.tasks[0], state: 'running' }] }), /^tasks\.0\.state:/);
    assert.match(problemOf({ ...s, tasks: [{ ...s.tasks[0], priority: 7 }] }), /^tasks\.0\.priority:/);
    assert.match(problemOf({ ...s, extra: 1 }), /extra/);
    assert.match(problemOf([]), /^\(root\)/);
  });

  it('refuses duplicates, reused seqs, leases that do not match the state, unknown dependencies and cycles', () => {
    const s = add(EMPTY_QUEUE, ['a1', 'b1']);
    const [a, b] = s.tasks as [QueueTask, QueueTask];
    assert.match(problemOf({ ...s, tasks: [a, { ...b, planId: 'a1' }] }), /'a1' appears twice/);
    assert.match(problemOf({ ...s, tasks: [a, { ...b, seq: a.seq }] }), /seq/);
    assert.match(problemOf({ ...s, tasks: [{ ...a, state: 'claimed' }, b] }), /claimed task lacks a lease/);
    assert.match(problemOf({ ...s, tasks: [{ ...a, lease: { worker: 'w', claimedAt: 1, expiresAt: 2 } }, b] }), /open task has a lease/);
    assert.match(problemOf({ ...s, tasks: [{ ...a, dependsOn: ['zz9'] }, b] }), /'zz9' is not a task/);
    assert.match(problemOf({ ...s, tasks: [{ ...a, dependsOn: ['b1'] }, { ...b, dependsOn: ['a1'] }] }), /cycle: a1 → b1 → a1/);
  });

  it('finds cycles in one pass over long chains', () => {
    let s = add(EMPTY_QUEUE, ['n-0']);
    for (let i = 1; i < 500; i++) s = add(s, [`n-${i}`], [`n-${i - 1}`]);
    const tasks = new Map(s.tasks.map((t) => [t.planId, t]));
    assert.equal(findCycle(tasks), undefined);
    tasks.set('n-0', { ...tasks.get('n-0')!, dependsOn: ['n-499'] });
    assert.equal(findCycle(tasks)?.length, 501);
  });
});

describe('journal records', () => {
  it('carry only the changed and removed tasks, and replay to the same state', () => {
    const s0 = add(EMPTY_QUEUE, ['a1', 'b1', 'c1']);
    const steps: QueueState[] = [s0];
    steps.push(claimNext(steps.at(-1)!, 'w1', 1000, T0).state);
    steps.push(addDependency(steps.at(-1)!, 'c1', 'b1').state);
    steps.push(add(steps.at(-1)!, ['d1']));
    steps.push(removeTask(steps.at(-1)!, 'a1', { force: true }).state);
    for (let i = 1; i < steps.length; i++) {
      const record = recordOf(steps[i - 1]!, steps[i]!);
      assert.ok(record.set.length + record.del.length <= 1, `step ${i} journals one task`);
      const replayed = applyRecord(JSON.parse(JSON.stringify(steps[i - 1])) as QueueState, JSON.parse(JSON.stringify(record)));
      assert.deepEqual(replayed, steps[i]);
    }
  });

  it('applied as a batch give the same queue as one by one, including removals and re-adds', () => {
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    let s = add(EMPTY_QUEUE, ['t-0', 't-1', 't-2', 't-3']);
    const start = s;
    const records: JournalRecord[] = [];
    for (let i = 0; i < 400; i++) {
      const ids = s.tasks.map((t) => t.planId);
      const pick = random(3);
      let next: QueueState;
      if (pick === 0 && ids.length > 0) next = removeTask(s, ids[random(ids.length)]!, { force: true }).state;
      else if (pick === 1) {
        const id = `t-${random(8)}`;
        next = ids.includes(id) ? claimNext(s, `w${i}`, 10, T0 + i).state : add(s, [id]);
      } else next = claimNext(s, `w${i}`, 10, T0 + i).state;
      if (next === s) continue;
      records.push(recordOf(s, next));
      s = next;
    }
    assert.ok(records.length > 50, `${records.length} records`);
    assert.ok(records.some((r) => r.del.length > 0) && records.some((r) => r.set.some((t) => t.state === 'open' && t.history.length === 1)));
    assert.deepEqual(applyRecords(start, records), records.reduce(applyRecord, start));
    assert.deepEqual(applyRecords(start, records), s);
  });
});
