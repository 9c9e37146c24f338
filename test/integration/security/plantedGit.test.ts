import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileAtRevision, readWorktreeChanges } from '../../../src/adapters/git/worktreeRead';
import { recover } from '../../../src/app/recover';
import { salvageWorktree } from '../../../src/app/worktree/salvage';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { withTemporaryWorktree } from '../../../src/app/worktree/worktreeTemporary';
import { worktreeStatuses } from '../../../src/app/worktree/worktreeStatus';
import type { WorktreeEvent } from '../../../src/core/worktree/events';
import { lwc } from '../../support/cli';
import { GIT_TEST_ENV } from '../../support/git';
import { makeFixture, type Fixture } from '../worktree/support';
import { makePlant, plantAdminAndCommon, plantGitdirPointer, type Plant } from './plant';

/**
 * Issue 10 item 2. An agent rewrote the worktree's `.git` to a git dir it planted (fsmonitor, filters, hooks), and —
 * as a writable git dir would allow — planted hooks in the admin and common dirs and a config.worktree. The user's own
 * git runs those programs (the first test proves the plants are armed); none of LW Coder's git paths may.
 */
describe('planted git config and hooks never run for LW Coder (issue 10, item 2)', function () {
  this.timeout(60_000);
  let f: Fixture;
  let plant: Plant;
  let path: string;
  let admin: string;
  let common: string;
  let armed: string;

  /** The user's own git; it may fail (the planted process filter does not speak the protocol) after running the plant. */
  const userGit = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): void => {
    spawnSync('git', args, { cwd, env: { ...GIT_TEST_ENV, ...env }, stdio: 'ignore' });
  };
  const assertNothingRan = (what: string): void => assert.deepEqual(plant.ran(), [], `${what} ran a planted program`);

  beforeEach(async () => {
    f = makeFixture();
    // A commit whose attributes route every file through the 'evil' filter: checking it out runs the smudge filter.
    armed = f.repo.commit({ '.gitattributes': '* filter=evil diff=evil\n', 'src/armed.txt': 'armed\n' }, 'attributes');
    f.repo.write('.lw_coder/tasks/plan-one.md', `---\nplan_id: plan-one\ngit_sha: ${f.base}\nstatus: coding\n---\n\n# One\n`);
    f.repo.write('.lw_coder/tasks/plan-two.md', `---\nplan_id: plan-two\ngit_sha: ${armed}\nstatus: ready\n---\n\n# Two\n`);
    ({ path } = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-one', gitSha: f.base }));
    common = realpathSync(join(f.repo.root, '.git'));
    admin = join(common, 'worktrees', 'plan-one');
    // The agent's work: a modified tracked file and an untracked one, so status and salvage hash files (filters run).
    writeFileSync(join(path, 'src', 'app.txt'), 'changed by the agent\n');
    writeFileSync(join(path, 'new.txt'), 'new file\n');
    plant = makePlant();
    plantGitdirPointer(path, admin, common, plant.script);
    plantAdminAndCommon(admin, common, plant.script);
  });
  afterEach(() => {
    f.repo.dispose();
    plant.dispose();
  });

  it('the plants are armed: the user\'s own git runs them (status in the worktree, a ref update, a checkout)', () => {
    userGit(path, ['status', '--porcelain']);
    assert.ok(plant.ran().length > 0, 'status through the planted .git runs the planted fsmonitor/filters');
    plant.clear();
    userGit(f.repo.root, ['status', '--porcelain'], { GIT_DIR: admin, GIT_WORK_TREE: path });
    assert.ok(plant.ran().length > 0, "status through the real admin dir runs its config.worktree's fsmonitor");
    plant.clear();
    userGit(f.repo.root, ['update-ref', 'refs/heads/probe', f.base]);
    assert.ok(plant.ran().some((l) => l.includes('reference-transaction')), 'a ref update runs the common dir hook');
  });

  it('the Plans view refresh (worktreeStatuses) and `lwc worktree status`, from the repository and from inside the worktree', async () => {
    const events: WorktreeEvent[] = [];
    const [status] = await worktreeStatuses(f.deps, f.repo.root, [{ planId: 'plan-one', base: f.base }], { onEvent: (e) => events.push(e) });
    assertNothingRan('worktreeStatuses');
    // LW Coder reads the real worktree through its registration, whatever the planted .git says.
    assert.equal(status!.state, 'ok', status!.error);
    assert.equal(status!.unstaged, 1);
    assert.ok(status!.untracked >= 2, 'new.txt and the agent-written .gitattributes (the planted dir is a nested repository)');
    for (const cwd of [f.repo.root, join(path, 'src')]) {
      const r = await lwc(['worktree', 'status', '--json'], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assertNothingRan(`lwc worktree status in ${cwd}`);
      assert.equal((JSON.parse(r.stdout) as { planId: string }[])[0]?.planId, 'plan-one', 'inside the worktree, the layout names the repository');
    }
  });

  it('`lwc worktree ensure` puts the planted .git pointer back (with a warning) and a new worktree is checked out without the filter', async () => {
    const reuse = await lwc(['worktree', 'ensure', 'plan-one', '--json'], { cwd: f.repo.root });
    assert.equal(reuse.code, 0, reuse.stderr);
    assertNothingRan('lwc worktree ensure (reuse)');
    assert.equal(readFileSync(join(path, '.git'), 'utf8'), `gitdir: ${admin}\n`);
    assert.match(reuse.stderr, /warning: .*\.git was rewritten: "gitdir: .*\.planted-git" \(pointed back at/);
    userGit(path, ['rev-parse', '--git-dir']); // the user's git works there again (and names the real admin dir)

    const created = await lwc(['worktree', 'ensure', 'plan-two', '--json'], { cwd: f.repo.root });
    assert.equal(created.code, 0, created.stderr);
    assertNothingRan('lwc worktree ensure (git worktree add with a smudge filter and post-checkout hook)');
    assert.equal(readFileSync(join(f.repo.root, '.lw_coder', 'worktrees', 'plan-two', 'src', 'armed.txt'), 'utf8'), 'armed\n');
  });

  it('salvage, `lwc salvage list` and `lwc salvage restore` (a checkout through the filter)', async () => {
    const saved = await salvageWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-one', base: f.base, reason: 'manual' });
    assertNothingRan('salvage (status, add with a temporary index, commit-tree, update-ref)');
    assert.equal(saved.kind, 'saved');
    const list = await lwc(['salvage', 'list', '--json'], { cwd: f.repo.root });
    assert.equal(list.code, 0, list.stderr);
    const to = mkdtempSync(join(tmpdir(), 'lwc-restore-'));
    try {
      rmSync(to, { recursive: true });
      const restored = await lwc(['salvage', 'restore', 'plan-one', '--to', to], { cwd: f.repo.root });
      assert.equal(restored.code, 0, restored.stderr);
      assertNothingRan('lwc salvage list / restore');
      assert.equal(readFileSync(join(to, 'src', 'app.txt'), 'utf8'), 'changed by the agent\n', 'the salvage holds the real worktree');
    } finally {
      rmSync(to, { recursive: true, force: true });
    }
  });

  it('`lwc worktree remove --yes` salvages and removes the planted worktree', async () => {
    const r = await lwc(['worktree', 'remove', 'plan-one', '--yes', '--json'], { cwd: f.repo.root });
    assert.equal(r.code, 0, r.stderr);
    assertNothingRan('lwc worktree remove');
    assert.equal(existsSync(path), false);
  });

  it('`lwc plan set-status … abandoned` (salvage first), `lwc plan list` and `lwc plan validate` from inside the worktree', async () => {
    const abandon = await lwc(['plan', 'set-status', 'plan-one', 'abandoned'], { cwd: f.repo.root });
    assert.equal(abandon.code, 0, abandon.stderr);
    assertNothingRan('lwc plan set-status abandoned');
    writeFileSync(join(path, 'inside.md'), `---\nplan_id: inside\ngit_sha: ${f.base}\nstatus: ready\n---\n\n# x\n`);
    for (const args of [['plan', 'list', '--json'], ['plan', 'validate', join(path, 'inside.md')]]) {
      await lwc(args, { cwd: path });
      assertNothingRan(`lwc ${args.join(' ')} inside the worktree`);
    }
  });

  it('a plan authoring temporary worktree (add, remove) and `lwc recover`', async () => {
    await withTemporaryWorktree(f.deps, f.repo.root, armed, async (tmp) => {
      assert.equal(readFileSync(join(tmp, 'src', 'armed.txt'), 'utf8'), 'armed\n');
    });
    assertNothingRan('withTemporaryWorktree');
    const r = await lwc(['recover', '--json'], { cwd: f.repo.root });
    assert.equal(r.code, 0, r.stderr);
    await recover(f.deps, f.repo.root, { force: true });
    assertNothingRan('lwc recover');
  });

  it('the run feedback panel\'s reads: changes since the base, and a file at the base', async () => {
    const { nameStatus, untracked } = await readWorktreeChanges(path, f.base);
    assert.match(nameStatus, /^M\tsrc\/app\.txt$/m);
    assert.ok(untracked.includes('new.txt'));
    assert.equal(await readFileAtRevision(path, f.base, 'src/app.txt'), 'hello\n');
    assertNothingRan('the feedback panel reads');
  });
});
