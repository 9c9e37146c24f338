import { strict as assert } from 'node:assert';
import { parseSalvageMessage, parseSalvageRef, salvageMessage, salvageRefName, salvageTimestamp } from '../../../src/core/worktree/salvage';

describe('salvage refs and messages', () => {
  it('names refs refs/lw-coder/salvage/<plan_id>/<timestamp> that sort in time order, collisions included', () => {
    const t1 = salvageTimestamp(new Date('2025-01-02T03:04:05.678Z'));
    const t2 = salvageTimestamp(new Date('2025-01-02T03:04:05.679Z'));
    assert.equal(t1, '20250102T030405.678Z');
    const refs = [salvageRefName('p', t2), salvageRefName('p', t1, 10), salvageRefName('p', t1), salvageRefName('p', t1, 2)];
    assert.deepEqual([...refs].sort(), [salvageRefName('p', t1), salvageRefName('p', t1, 2), salvageRefName('p', t1, 10), salvageRefName('p', t2)]);
    assert.deepEqual(parseSalvageRef(salvageRefName('plan.x', t1, 2)), { planId: 'plan.x', timestamp: `${t1}-002` });
    assert.equal(parseSalvageRef('refs/heads/main'), undefined);
  });

  it('records plan, branch, base, head and time in the message and reads them back', () => {
    const meta = { planId: 'p1', branch: 'p1', base: 'b'.repeat(40), head: undefined, worktreePath: '/r/.lw_coder/worktrees/p1', reason: 'remove', time: '2025-01-02T03:04:05.678Z' };
    const message = salvageMessage(meta);
    assert.match(message, /^lw-coder salvage of p1 \(remove\)\n\n/);
    const { head, ...rest } = meta;
    assert.equal(head, undefined);
    assert.deepEqual(parseSalvageMessage(message), rest);
  });
});
