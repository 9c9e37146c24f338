import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { WorktreeError } from '../../../src/core/worktree/errors';
import { git } from '../../support/git';
import { makeFixture, type Fixture } from './support';

describe('ensurePlanWorktree on a real repository', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.repo.dispose());

  const ensure = (planId = 'plan-one', gitSha = f.base) => ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId, gitSha });

  it('creates .lw_coder/worktrees/<plan_id> on branch <plan_id> at git_sha, then reuses it', async () => {
    const first = await ensure();
    assert.equal(first.created, true);
    assert.equal(first.path, join(realpathSync(f.repo.root), '.lw_coder', 'worktrees', 'plan-one'));
    assert.equal(git(first.path, 'rev-parse', 'HEAD'), f.base);
    assert.equal(git(first.path, 'branch', '--show-current'), 'plan-one');
    const second = await ensure();
    assert.deepEqual(second, { ...first, created: false });
  });

  it('re-adds the worktree when its directory vanished but the registration stayed', async () => {
    const { path } = await ensure();
    git(path, 'commit', '-q', '--allow-empty', '-m', 'work on the plan');
    const tip = git(path, 'rev-parse', 'HEAD');
    rmSync(path, { recursive: true, force: true });
    const again = await ensure();
    assert.equal(again.created, true);
    assert.equal(git(path, 'rev-parse', 'HEAD'), tip, 'the existing branch is reused, keeping its commits');
  });

  it('re-links a worktree whose registration lost its reverse pointer (git worktree repair)', async () => {
    const { path } = await ensure();
    const admin = git(path, 'rev-parse', '--absolute-git-dir');
    writeFileSync(join(admin, 'gitdir'), '/nonexistent/elsewhere/.git\n');
    const again = await ensure();
    assert.equal(again.created, false);
    assert.equal(git(f.repo.root, 'worktree', 'list', '--porcelain').includes(`worktree ${path}`), true);
  });

  it('removes an empty directory in the way and creates the worktree there', async () => {
    mkdirSync(join(f.repo.root, '.lw_coder', 'worktrees', 'plan-one'), { recursive: true });
    assert.equal((await ensure()).created, true);
  });

  it('refuses a path that holds something else, naming the fix', async () => {
    const dir = join(f.repo.root, '.lw_coder', 'worktrees', 'plan-one');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    await assert.rejects(ensure(), (e: unknown) => e instanceof WorktreeError && e.code === 'path-occupied' && /Move it aside/.test(e.message));
    assert.equal(existsSync(join(dir, 'notes.txt')), true, 'nothing was deleted');
  });

  it('refuses a directory whose registration is gone entirely (it may hold work), without deleting it', async () => {
    const { path } = await ensure();
    writeFileSync(join(path, 'work.txt'), 'unsaved\n');
    rmSync(git(path, 'rev-parse', '--absolute-git-dir'), { recursive: true, force: true });
    await assert.rejects(ensure(), (e: unknown) => e instanceof WorktreeError && e.code === 'path-occupied');
    assert.equal(existsSync(join(path, 'work.txt')), true);
  });

  it('refuses when branch <plan_id> exists at a commit not descended from git_sha', async () => {
    const other = f.repo.commit({ 'x.txt': 'x\n' }, 'later');
    f.repo.git('branch', 'plan-one', f.base);
    // The plan now starts from `other`, which the branch does not contain.
    await assert.rejects(ensure('plan-one', other), (e: unknown) => e instanceof WorktreeError && e.code === 'branch-unrelated' && /git branch -m plan-one plan-one-old/.test(e.message));
  });

  it('reuses an existing branch that descends from git_sha', async () => {
    f.repo.git('branch', 'plan-one', f.base);
    f.repo.git('checkout', '-q', 'plan-one');
    const ahead = f.repo.commit({ 'y.txt': 'y\n' }, 'ahead');
    f.repo.git('checkout', '-q', 'main');
    const r = await ensure();
    assert.equal(r.created, true);
    assert.equal(git(r.path, 'rev-parse', 'HEAD'), ahead);
  });

  it('refuses when the branch is checked out in another worktree', async () => {
    f.repo.git('worktree', 'add', '-q', join(f.repo.root, 'elsewhere'), '-b', 'plan-one', f.base);
    await assert.rejects(ensure(), (e: unknown) => e instanceof WorktreeError && e.code === 'branch-elsewhere');
  });

  it('refuses a git_sha that names no commit, and unsafe plan ids', async () => {
    await assert.rejects(ensure('plan-one', 'a'.repeat(40)), (e: unknown) => e instanceof WorktreeError && e.code === 'bad-base-sha');
    await assert.rejects(ensure('bad..id'), (e: unknown) => e instanceof WorktreeError && e.code === 'unsafe-plan-id');
  });

  it('refuses a worktree switched to another branch', async () => {
    const { path } = await ensure();
    git(path, 'switch', '-q', '-c', 'something-else');
    await assert.rejects(ensure(), (e: unknown) => e instanceof WorktreeError && e.code === 'wrong-branch' && /git -C .* switch plan-one/.test(e.message));
  });
});
