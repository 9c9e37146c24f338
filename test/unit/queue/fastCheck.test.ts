import assert from 'node:assert/strict';
import { isJournalRecord } from '../../../src/core/queue/fastCheck';
import { JournalRecordSchema, recordOf } from '../../../src/core/queue/journal';
import { addTasks, claimNext, fail } from '../../../src/core/queue/rules';
import { EMPTY_QUEUE } from '../../../src/core/queue/types';

const T0 = Date.UTC(2026, 0, 1);

/** Records as the store writes them: an add, a claim (with lease), a failure (with reasons). */
function sampleRecords(): unknown[] {
  const added = addTasks(EMPTY_QUEUE, { planIds: ['alpha', 'beta'], after: [], by: 'cli' }, T0).state;
  const withDep = addTasks(added, { planIds: ['gamma'], after: ['alpha'], by: 'cli' }, T0).state;
  const claimed = claimNext(withDep, 'w1', 1000, T0).state;
  const failed = fail(claimed, 'alpha', { worker: 'w1', reason: 'tests fail' }, T0).state;
  return [recordOf(EMPTY_QUEUE, added), recordOf(added, withDep), recordOf(withDep, claimed), recordOf(claimed, failed), { v: 9, nextSeq: 4, set: [], del: ['beta'] }].map((r) => JSON.parse(JSON.stringify(r)) as unknown);
}

/** Every way of breaking one value in `record`: wrong types, out-of-range numbers, unknown and missing keys. */
function mutations(record: unknown): unknown[] {
  const out: unknown[] = [];
  const bad = [null, -1, 0, 1.5, 5, 2 ** 60, '', 'x', true, [], {}, 'running'];
  const walk = (node: unknown, rebuild: (replacement: unknown) => unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, (r) => rebuild(node.map((c, j) => (j === i ? r : c)))));
      out.push(rebuild([...node, { junk: 1 }]));
    } else if (typeof node === 'object' && node !== null) {
      const obj = node as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        walk(obj[key], (r) => rebuild({ ...obj, [key]: r }));
        const { [key]: _removed, ...without } = obj;
        out.push(rebuild(without));
      }
      out.push(rebuild({ ...obj, extra: 1 }));
    } else for (const b of bad) out.push(rebuild(b));
  };
  walk(record, (r) => r);
  return out;
}

describe('the hand-written journal record check', () => {
  it('accepts the records the store writes', () => {
    for (const r of sampleRecords()) {
      assert.ok(JournalRecordSchema.safeParse(r).success);
      assert.equal(isJournalRecord(r), true, JSON.stringify(r));
    }
  });

  it('agrees with the zod schema on every single-value mutation of them', () => {
    let refused = 0;
    for (const record of sampleRecords()) {
      for (const m of mutations(record)) {
        const zod = JournalRecordSchema.safeParse(m).success;
        assert.equal(isJournalRecord(m), zod, JSON.stringify(m));
        if (!zod) refused += 1;
      }
    }
    assert.ok(refused > 500, `${refused} mutations refused`);
  });
});
