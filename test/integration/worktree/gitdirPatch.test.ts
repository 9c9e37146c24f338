import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recover } from '../../../src/app/recover';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { withPatchedGitdir } from '../../../src/app/worktree/worktreeGitdir';
import { CancelledError, WorktreeError } from '../../../src/core/worktree/errors';
import type { WorktreeEvent } from '../../../src/core/worktree/events';
import { git } from '../../support/git';
import { makeFixture, type Fixture } from './support';

describe('withPatchedGitdir', () => {
  let f: Fixture;
  let path: string;
  let admin: string;
  let forward: Buffer;
  let reverse: Buffer;
  beforeEach(async () => {
    f = makeFixture();
    ({ path } = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-one', gitSha: f.base }));
    admin = git(path, 'rev-parse', '--absolute-git-dir');
    forward = readFileSync(join(path, '.git'));
    reverse = readFileSync(join(admin, 'gitdir'));
  });
  afterEach(() => f.repo.dispose());

  const assertRestored = (): void => {
    assert.deepEqual(readFileSync(join(path, '.git')), forward);
    assert.deepEqual(readFileSync(join(admin, 'gitdir')), reverse);
    assert.equal(existsSync(join(admin, 'locked')), false);
  };

  it('points both pointers at container paths and locks the registration while the callback runs, then restores', async () => {
    const seen = await withPatchedGitdir(f.deps, path, async (p) => {
      // While patched, a host-side prune must not drop the registration whose reverse pointer names /workspace.
      git(f.repo.root, 'worktree', 'prune');
      return {
        name: p.name,
        forward: readFileSync(join(path, '.git'), 'utf8'),
        reverse: readFileSync(join(admin, 'gitdir'), 'utf8'),
        locked: existsSync(join(admin, 'locked')),
        registered: existsSync(admin),
      };
    });
    assert.deepEqual(seen, { name: 'plan-one', forward: 'gitdir: /repo-git/worktrees/plan-one\n', reverse: '/workspace/.git\n', locked: true, registered: true });
    assertRestored();
  });

  it('restores when the callback throws, and rethrows its error', async () => {
    await assert.rejects(withPatchedGitdir(f.deps, path, async () => {
      throw new Error('container failed');
    }), /container failed/);
    assertRestored();
  });

  it('restores as soon as the signal aborts, even when the callback ignores it', async () => {
    const controller = new AbortController();
    const never = new Promise<void>(() => undefined);
    const run = withPatchedGitdir(f.deps, path, async () => {
      setTimeout(() => controller.abort(), 20);
      return never;
    }, { signal: controller.signal });
    await assert.rejects(run, CancelledError);
    assertRestored();
  });

  it('refuses to patch a worktree another live session has patched; recover leaves that session alone', async () => {
    await withPatchedGitdir(f.deps, path, async () => {
      await assert.rejects(withPatchedGitdir(f.deps, path, async () => undefined), (e: unknown) => e instanceof WorktreeError && e.code === 'already-patched');
      const report = await recover(f.deps, f.repo.root);
      assert.equal(report.skippedLive.length, 1);
      assert.equal(readFileSync(join(path, '.git'), 'utf8'), 'gitdir: /repo-git/worktrees/plan-one\n', 'still patched for the live session');
    });
    assertRestored();
  });

  it('puts back a forward pointer the session rewrote (the worktree is the agent\'s), warns naming it, and clears the journal', async () => {
    const events: WorktreeEvent[] = [];
    await withPatchedGitdir(f.deps, path, async () => {
      writeFileSync(join(path, '.git'), 'gitdir: /somewhere/else\n');
    }, { onEvent: (e) => events.push(e) });
    assertRestored();
    const warning = events.find((e) => e.type === 'gitdir-tampered');
    assert.ok(warning && warning.type === 'gitdir-tampered', JSON.stringify(events));
    assert.match(warning.changes.join('\n'), /\.git was rewritten: "gitdir: \/somewhere\/else" \(restored\)/);
    assert.deepEqual((await f.deps.journal.list()).entries, []);
  });

  it('recover leaves alone a pointer that is neither original nor patched when its journal entry does not fit the repository', async () => {
    // A journal entry is a file in .lw_coder/state, which a cloned repository can ship: one naming a path outside the
    // repository's layout must not make recover overwrite that path.
    const victim = join(f.repo.root, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    await f.deps.journal.create({
      version: 1, id: 'forged', worktreePath: f.repo.root, forwardPath: victim, reversePath: join(admin, 'gitdir'), lockPath: join(admin, 'locked'),
      forwardOriginal: Buffer.from('gitdir: x\n').toString('base64'), forwardPatched: Buffer.from('y').toString('base64'),
      reverseOriginal: reverse.toString('base64'), reversePatched: Buffer.from('/workspace/.git\n').toString('base64'),
      lockOriginal: null, lockPatched: Buffer.from('l').toString('base64'), pid: 999_999_999, hostname: 'elsewhere', createdAt: new Date(0).toISOString(),
    });
    const report = await recover(f.deps, f.repo.root, { force: true });
    assert.equal(report.repaired[0]?.forward, 'conflict');
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n', 'left alone');
    assert.equal(report.repaired[0]?.journalRemoved, false);
  });
});
