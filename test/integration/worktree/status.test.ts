import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { withPatchedGitdir } from '../../../src/app/worktree/worktreeGitdir';
import { worktreeStatuses } from '../../../src/app/worktree/worktreeStatus';
import type { WorktreeEvent } from '../../../src/core/worktree/events';
import { git } from '../../support/git';
import { makeFixture, type Fixture } from './support';

describe('worktreeStatuses', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.repo.dispose());

  it('reports staged, unstaged, untracked, ahead and last commit for many worktrees in one call, with progress events', async () => {
    const dirty = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-dirty', gitSha: f.base });
    const clean = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-clean', gitSha: f.base });
    writeFileSync(join(dirty.path, 'src', 'committed.txt'), 'one\n');
    git(dirty.path, 'add', '-A');
    git(dirty.path, 'commit', '-q', '-m', 'first step');
    writeFileSync(join(dirty.path, 'src', 'second.txt'), 'two\n');
    git(dirty.path, 'add', '-A');
    git(dirty.path, 'commit', '-q', '-m', 'second step');
    writeFileSync(join(dirty.path, 'src', 'app.txt'), 'changed\n'); // unstaged
    writeFileSync(join(dirty.path, 'staged.txt'), 'staged\n');
    git(dirty.path, 'add', 'staged.txt'); // staged
    rmSync(join(dirty.path, 'docs', 'keep.md')); // unstaged deletion
    writeFileSync(join(dirty.path, 'a.tmp'), 'u\n');
    writeFileSync(join(dirty.path, 'b.tmp'), 'u\n');

    const events: WorktreeEvent[] = [];
    const statuses = await worktreeStatuses(f.deps, f.repo.root, [{ planId: 'plan-dirty', base: f.base }, { planId: 'plan-clean', base: f.base }, 'plan-none'], {
      onEvent: (e) => events.push(e),
    });
    const [d, c, n] = statuses;
    assert.deepEqual(
      { state: d!.state, branch: d!.branch, staged: d!.staged, unstaged: d!.unstaged, untracked: d!.untracked, ahead: d!.ahead, dirty: d!.dirty, subject: d!.lastCommit?.subject },
      { state: 'ok', branch: 'plan-dirty', staged: 1, unstaged: 2, untracked: 2, ahead: 2, dirty: true, subject: 'second step' },
    );
    assert.equal(d!.lastCommit?.sha, git(dirty.path, 'rev-parse', 'HEAD'));
    assert.match(d!.lastCommit?.date ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual({ state: c!.state, dirty: c!.dirty, ahead: c!.ahead, sha: c!.lastCommit?.sha, path: c!.path }, { state: 'ok', dirty: false, ahead: 0, sha: f.base, path: clean.path });
    assert.equal(n!.state, 'missing');
    assert.deepEqual(events.map((e) => (e.type === 'status' ? e.total : -1)), [3, 3, 3]);
    assert.deepEqual(events.map((e) => (e.type === 'status' ? e.status.planId : '')).sort(), ['plan-clean', 'plan-dirty', 'plan-none']);
  });

  it('reports a worktree whose directory vanished as broken with the fix, and reads a patched worktree through its admin dir', async () => {
    const gone = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-gone', gitSha: f.base });
    const patched = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-patched', gitSha: f.base });
    rmSync(gone.path, { recursive: true, force: true });
    writeFileSync(join(patched.path, 'new.txt'), 'x\n');
    const statuses = await withPatchedGitdir(f.deps, patched.path, () => worktreeStatuses(f.deps, f.repo.root, ['plan-gone', 'plan-patched']));
    assert.equal(statuses[0]!.state, 'broken');
    assert.match(statuses[0]!.error ?? '', /lwc worktree ensure plan-gone/);
    assert.deepEqual({ state: statuses[1]!.state, patched: statuses[1]!.patched, untracked: statuses[1]!.untracked }, { state: 'ok', patched: true, untracked: 1 });
  });

  it('stops when the signal aborts', async () => {
    await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-one', gitSha: f.base });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(worktreeStatuses(f.deps, f.repo.root, ['plan-one'], { signal: controller.signal }), { name: 'CancelledError' });
  });
});
