import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlanFilesPort } from '../../../src/adapters/plans/planFiles';
import { listSalvage } from '../../../src/app/worktree/salvage';
import { abandonPlan } from '../../../src/app/worktree/worktreeAbandon';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { WorktreeError } from '../../../src/core/worktree/errors';
import { makeFixture, type Fixture } from '../worktree/support';

describe('abandonPlan', () => {
  let f: Fixture;
  let planPath: string;
  let plan: string;
  beforeEach(async () => {
    f = makeFixture();
    plan = `---\nplan_id: plan-one\ngit_sha: ${f.base}\nstatus: coding\n---\n\n# Body kept\r\nbyte for byte\n`;
    planPath = join(f.repo.root, '.lw_coder', 'tasks', 'plan-one.md');
    f.repo.write('.lw_coder/tasks/plan-one.md', plan);
  });
  afterEach(() => f.repo.dispose());

  it('salvages the worktree, then sets status: abandoned keeping every other byte', async () => {
    const { path } = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-one', gitSha: f.base });
    writeFileSync(join(path, 'work.txt'), 'agent output\n');
    const r = await abandonPlan({ ...f.deps, planFiles: createPlanFilesPort() }, { repoRoot: f.repo.root, planPath, planId: 'plan-one', base: f.base });
    assert.equal(r.salvage?.kind, 'saved');
    assert.equal((await listSalvage(f.deps, f.repo.root))[0]?.reason, 'abandon');
    assert.equal(readFileSync(planPath, 'utf8'), plan.replace('status: coding', 'status: abandoned'));
  });

  it('leaves the plan untouched when the salvage fails', async () => {
    const { path } = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-one', gitSha: f.base });
    // git can no longer read this worktree (its index is garbage); a broken `.git` alone would not stop LW Coder's git,
    // which finds the worktree through its registration.
    writeFileSync(join(f.repo.root, '.git', 'worktrees', 'plan-one', 'index'), 'not an index');
    await assert.rejects(
      abandonPlan({ ...f.deps, planFiles: createPlanFilesPort() }, { repoRoot: f.repo.root, planPath, planId: 'plan-one' }),
      (e: unknown) => e instanceof WorktreeError && e.code === 'salvage-failed',
    );
    assert.equal(readFileSync(planPath, 'utf8'), plan);
  });
});
