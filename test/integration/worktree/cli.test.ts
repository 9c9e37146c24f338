import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../../support/git';
import { lwc } from '../../support/cli';
import { makeFixture, type Fixture } from './support';

describe('lwc worktree / salvage / recover', function () {
  this.timeout(30_000);
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
    f.repo.write('.lw_coder/tasks/plan-one.md', `---\nplan_id: plan-one\ngit_sha: ${f.base}\nstatus: ready\n---\n\n# Do the thing\n`);
  });
  afterEach(() => f.repo.dispose());

  it('ensure twice prints the same path, created true then false', async () => {
    const first = await lwc(['worktree', 'ensure', 'plan-one', '--json'], { cwd: f.repo.root });
    assert.equal(first.code, 0, first.stderr);
    const second = await lwc(['worktree', 'ensure', '.lw_coder/tasks/plan-one.md', '--json'], { cwd: f.repo.root });
    assert.equal(second.code, 0, second.stderr);
    const a = JSON.parse(first.stdout) as { path: string; branch: string; created: boolean };
    const b = JSON.parse(second.stdout) as typeof a;
    assert.deepEqual(a, { path: join(realpathSync(f.repo.root), '.lw_coder', 'worktrees', 'plan-one'), branch: 'plan-one', created: true });
    assert.deepEqual(b, { ...a, created: false });
  });

  it('ensure from inside the plan worktree finds the main repository', async () => {
    const { path } = JSON.parse((await lwc(['worktree', 'ensure', 'plan-one', '--json'], { cwd: f.repo.root })).stdout) as { path: string };
    const again = await lwc(['worktree', 'ensure', 'plan-one', '--json'], { cwd: join(path, 'src') });
    assert.equal(again.code, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { path: string }).path, path);
  });

  it('ensure refuses an invalid plan with its diagnostics and exit 1', async () => {
    f.repo.write('.lw_coder/tasks/plan-bad.md', `---\nplan_id: plan-bad\ngit_sha: nothex\nstatus: ready\n---\n\nbody\n`);
    const r = await lwc(['worktree', 'ensure', 'plan-bad'], { cwd: f.repo.root });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /plan-bad\.md:3:\d+/);
    assert.match(r.stderr, /lwc plan validate/);
  });

  it('status --json reports every plan; remove needs --yes off a terminal, salvages, and restore brings the bytes back', async () => {
    const { path } = JSON.parse((await lwc(['worktree', 'ensure', 'plan-one', '--json'], { cwd: f.repo.root })).stdout) as { path: string };
    writeFileSync(join(path, 'new.txt'), 'agent work\n');
    const status = await lwc(['worktree', 'status', '--json'], { cwd: f.repo.root });
    assert.equal(status.code, 0, status.stderr);
    const [s] = JSON.parse(status.stdout) as { planId: string; dirty: boolean; untracked: number; ahead: number }[];
    assert.deepEqual({ planId: s!.planId, dirty: s!.dirty, untracked: s!.untracked, ahead: s!.ahead }, { planId: 'plan-one', dirty: true, untracked: 1, ahead: 0 });

    const refused = await lwc(['worktree', 'remove', 'plan-one'], { cwd: f.repo.root });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--yes/);
    assert.equal(existsSync(path), true);

    const declined = await lwc(['worktree', 'remove', 'plan-one'], { cwd: f.repo.root, answers: ['n'] });
    assert.equal(declined.code, 0, declined.stderr);
    assert.match(declined.stdout, /Kept/);
    assert.equal(existsSync(path), true, 'declining keeps the worktree (the salvage ref is kept too)');

    const removed = await lwc(['worktree', 'remove', 'plan-one', '--yes', '--json'], { cwd: f.repo.root });
    assert.equal(removed.code, 0, removed.stderr);
    const out = JSON.parse(removed.stdout) as { removed: boolean; salvage: { ref: string } };
    assert.equal(out.removed, true);
    assert.equal(existsSync(path), false);

    const list = JSON.parse((await lwc(['salvage', 'list', '--json'], { cwd: f.repo.root })).stdout) as { ref: string }[];
    assert.equal(list.length, 2);
    assert.equal(list[0]!.ref, out.salvage.ref, 'newest first');
    const to = join(f.repo.root, 'restored-here');
    const restored = await lwc(['salvage', 'restore', out.salvage.ref, '--to', 'restored-here'], { cwd: f.repo.root });
    assert.equal(restored.code, 0, restored.stderr);
    assert.equal(readFileSync(join(to, 'new.txt'), 'utf8'), 'agent work\n');
    assert.equal(git(f.repo.root, 'status', '--porcelain', '--', 'src'), '', "the main worktree's files are untouched");
  });

  it('recover --json reports nothing to do on a healthy repository', async () => {
    const r = await lwc(['recover', '--json'], { cwd: f.repo.root });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { repaired: [], skippedLive: [], unreadable: [], tempFilesRemoved: 0, temporaryWorktreesRemoved: [] });
  });
});
