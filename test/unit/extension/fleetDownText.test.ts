import { strict as assert } from 'node:assert';
import type { FleetDownReport } from '../../../src/app/fleet/down';
import type { DownInspection } from '../../../src/app/fleet/downInspect';
import { doomedWorktrees, outcomeSummary, validateDestroyInput, workChoiceDetail } from '../../../src/extension/fleet/downText';

const inspection = (over: Partial<DownInspection> = {}): DownInspection => ({
  root: '/r',
  liveness: { kind: 'none' },
  claimedTasks: [],
  unfinishedTasks: ['plan-a', 'plan-b'],
  worktrees: [
    { planId: 'plan-a', path: '/r/.lw_coder/worktrees/plan-a', worker: 'w1', branch: 'plan-a', exists: true, uncommitted: 2, unsavedCommits: 0, branchCommits: 1 },
    { planId: 'plan-b', path: '/r/.lw_coder/worktrees/plan-b', exists: false, uncommitted: 0, unsavedCommits: 0, branchCommits: 0 },
    { planId: 'plan-c', path: '/r/.lw_coder/worktrees/plan-c', exists: true, uncommitted: 0, unsavedCommits: 0, branchCommits: 0 },
  ],
  containers: [],
  atRisk: [],
  ...over,
});

describe('Stop Workers wording and the destroy rule (issue 13 item 2)', () => {
  it('the destroy input box accepts exactly the word destroy and refuses anything else, saying what to type', () => {
    assert.equal(validateDestroyInput('destroy'), undefined);
    assert.equal(validateDestroyInput('  destroy '), undefined, 'surrounding spaces are forgiven, as lwc down forgives them');
    for (const wrong of ['', 'Destroy', 'DESTROY', 'destroy!', 'yes', 'destro', 'destroy it']) {
      assert.match(validateDestroyInput(wrong) ?? '', /Type destroy to remove the worktrees/, `'${wrong}' was accepted`);
    }
  });

  it('the modal detail names the work at risk and what salvage and discard do', () => {
    const i = inspection();
    const detail = workChoiceDetail({ ...i, atRisk: [i.worktrees[0]!] });
    assert.match(detail, /• w1 on plan-a: 2 uncommitted change\(s\)/);
    assert.match(detail, /Salvage: saves uncommitted and untracked files under refs\/lw-coder\/salvage\/<plan_id>\/<timestamp>/);
    assert.match(detail, /Discard: stops without saving them/);
    assert.match(workChoiceDetail(i), /No worker has unsaved work/);
  });

  it('destroy removes only existing worktrees of unfinished tasks', () => {
    assert.deepEqual(doomedWorktrees(inspection()).map((w) => w.planId), ['plan-a']);
  });

  it('the outcome names each salvage ref and snapshot image', () => {
    const report: FleetDownReport = {
      supervisor: 'stopped',
      snapshots: [{ planId: 'plan-a', image: 'lw_coder_snapshot:plan-a-20250301', container: 'lwc-plan-a-1' }],
      worktrees: [{ planId: 'plan-a', path: '/p', work: 'salvaged', ref: 'refs/lw-coder/salvage/plan-a/20250301', removed: false }],
      releasedTasks: ['plan-a'],
      removedContainers: [],
    };
    assert.equal(outcomeSummary(report), 'Workers stopped. Salvaged plan-a to refs/lw-coder/salvage/plan-a/20250301. Snapshots: lw_coder_snapshot:plan-a-20250301. 1 task(s) back in the queue.');
  });
});
