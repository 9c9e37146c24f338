import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFleetDeps } from '../../../src/adapters/fleet/fleetDeps';
import { BranchStatusCache } from '../../../src/app/fleet/branchCache';
import { claimNext } from '../../../src/app/fleet/queue';
import { fleetStatus } from '../../../src/app/fleet/status';
import { planWorktreePath } from '../../../src/core/worktree/layout';
import { makeRunRepo, type RunFixture } from '../run/support';
import { enqueue, queueOf } from './support';

describe('fleet status for the dashboard: branch cache and untrusted workspaces (issue 13)', () => {
  let f: RunFixture;
  let worktree: string;
  before(async () => {
    f = makeRunRepo({ planId: 'cached-plan' });
    await enqueue(f.repo.root, ['cached-plan']);
    worktree = planWorktreePath(f.repo.root, 'cached-plan');
    f.repo.git('worktree', 'add', '-q', '-b', 'cached-plan', worktree, f.sha);
  });
  after(() => f.dispose());

  const uncommitted = (s: Awaited<ReturnType<typeof fleetStatus>>): number | undefined => s.sync.branches.find((b) => b.planId === 'cached-plan')?.uncommitted;

  it('keeps an unchanged task\'s git facts until they are too old, and reads them again as soon as its task changes', async () => {
    const deps = createFleetDeps(f.repo.root, { env: f.env() });
    const cache = new BranchStatusCache(60_000);
    assert.equal(uncommitted(await fleetStatus(deps, f.repo.root, { branchCache: cache })), 0);
    writeFileSync(join(worktree, 'new-file.txt'), 'work\n');
    assert.equal(uncommitted(await fleetStatus(deps, f.repo.root, { branchCache: cache })), 0, 'the task did not change: the cached facts stand');
    assert.equal(uncommitted(await fleetStatus(deps, f.repo.root)), 1, 'without the cache git is asked');
    await claimNext(queueOf(f.repo.root), { worker: 'w-test', leaseMs: 60_000 });
    const after = await fleetStatus(deps, f.repo.root, { branchCache: cache });
    assert.equal(uncommitted(after), 1, 'a claim changed the task: its worktree was read again');
    assert.equal(after.sync.branches[0]!.base, f.sha);
    assert.equal(uncommitted(await fleetStatus(deps, f.repo.root, { branchCache: new BranchStatusCache(0) })), 1);
  });

  it('localOnly (an untrusted workspace) runs no git: the queue is there, the branches are not, and a problem says why', async () => {
    const s = await fleetStatus(createFleetDeps(f.repo.root, { env: f.env() }), f.repo.root, { localOnly: true });
    assert.equal(s.queue.tasks.length, 1);
    assert.deepEqual(s.sync.branches, []);
    assert.equal(s.sync.hostBranch, undefined);
    assert.ok(s.problems.some((p) => /git runs only in a trusted workspace/.test(p)), JSON.stringify(s.problems));
  });
});
