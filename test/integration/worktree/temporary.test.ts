import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recover } from '../../../src/app/recover';
import { temporaryWorktreeReason, withTemporaryWorktree } from '../../../src/app/worktree/worktreeTemporary';
import { CancelledError } from '../../../src/core/worktree/errors';
import { git } from '../../support/git';
import { makeFixture, type Fixture } from './support';

const registered = (f: Fixture): string[] => git(f.repo.root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));

describe('withTemporaryWorktree (plan authoring sessions)', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.repo.dispose());

  it('gives a detached checkout of the sha and removes it afterwards', async () => {
    const seen = await withTemporaryWorktree(f.deps, f.repo.root, f.base, async (path) => ({
      path,
      head: git(path, 'rev-parse', 'HEAD'),
      file: readFileSync(join(path, 'src', 'app.txt'), 'utf8'),
      listed: registered(f).length,
    }));
    assert.deepEqual({ head: seen.head, file: seen.file, listed: seen.listed }, { head: f.base, file: 'hello\n', listed: 2 });
    assert.equal(existsSync(seen.path), false);
    assert.equal(registered(f).length, 1);
  });

  it('removes it when the callback throws', async () => {
    let where = '';
    await assert.rejects(withTemporaryWorktree(f.deps, f.repo.root, f.base, async (path) => {
      where = path;
      throw new Error('authoring failed');
    }), /authoring failed/);
    assert.equal(existsSync(where), false);
    assert.equal(registered(f).length, 1);
  });

  it('removes it as soon as the signal aborts, even if the callback never returns', async () => {
    const controller = new AbortController();
    let where = '';
    await assert.rejects(withTemporaryWorktree(f.deps, f.repo.root, f.base, async (path) => {
      where = path;
      setTimeout(() => controller.abort(), 10);
      return new Promise<never>(() => undefined);
    }, { signal: controller.signal }), CancelledError);
    assert.equal(existsSync(where), false);
    assert.equal(registered(f).length, 1);
  });

  it('recover removes a temporary worktree whose owner process died, and keeps live ones', async () => {
    const deadPid = 2 ** 22 + 12345; // above pid_max on Linux: never a live process
    const dead = join(await f.deps.files.makeTempDirectory('lwc-author-'));
    git(f.repo.root, 'worktree', 'add', '-q', '--detach', '--lock', '--reason', temporaryWorktreeReason(deadPid, f.deps.process.hostname), dead, f.base);
    await withTemporaryWorktree(f.deps, f.repo.root, f.base, async (live) => {
      const report = await recover(f.deps, f.repo.root);
      assert.deepEqual(report.temporaryWorktreesRemoved, [await f.deps.files.realpath(dead)]);
      assert.equal(existsSync(dead), false);
      assert.equal(existsSync(live), true);
    });
    assert.equal(registered(f).length, 1);
  });
});
