import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recover } from '../../../src/app/recover';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { GITDIR_PATCH_STEPS, type GitdirPatchStep } from '../../../src/core/worktree/gitdirPatch';
import { git, GIT_TEST_ENV } from '../../support/git';
import { makeFixture, type Fixture } from './support';

const CHILD = join(__dirname, 'fixtures', 'patchChild.ts');
const PATCHED_FORWARD = 'gitdir: /repo-git/worktrees/plan-one\n';
/** Steps at which the forward pointer is left patched on disk. */
const FORWARD_PATCHED_AT = new Set<GitdirPatchStep>(GITDIR_PATCH_STEPS.slice(GITDIR_PATCH_STEPS.indexOf('forward-patched'), GITDIR_PATCH_STEPS.indexOf('forward-restored')));

describe('gitdir patch survives SIGKILL at every step: recover restores both pointers byte for byte', function () {
  this.timeout(60_000);
  let f: Fixture;
  afterEach(() => f.repo.dispose());

  for (const step of GITDIR_PATCH_STEPS) {
    it(`killed after '${step}'`, async () => {
      f = makeFixture();
      const { path } = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId: 'plan-one', gitSha: f.base });
      const admin = git(path, 'rev-parse', '--absolute-git-dir');
      const forward = readFileSync(join(path, '.git'));
      const reverse = readFileSync(join(admin, 'gitdir'));
      const adminFiles = readdirSync(admin).sort();
      const worktreeFiles = readdirSync(path).sort();

      const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, f.repo.root, path, step], { env: GIT_TEST_ENV, encoding: 'utf8' });
      assert.equal(child.signal, 'SIGKILL', `the child reached '${step}' and died there (stderr: ${child.stderr})`);
      assert.equal(readFileSync(join(path, '.git'), 'utf8') === PATCHED_FORWARD, FORWARD_PATCHED_AT.has(step), 'forward pointer state at the kill point');

      const report = await recover(f.deps, f.repo.root);
      assert.deepEqual(report.skippedLive, []);
      assert.ok(report.repaired.every((r) => r.conflicts.length === 0), JSON.stringify(report));
      assert.deepEqual(readFileSync(join(path, '.git')), forward, 'forward pointer restored byte for byte');
      assert.deepEqual(readFileSync(join(admin, 'gitdir')), reverse, 'reverse pointer restored byte for byte');
      assert.deepEqual(readdirSync(admin).sort(), adminFiles, 'no lock or temp file left in the admin dir');
      assert.deepEqual(readdirSync(path).sort(), worktreeFiles, 'no temp file left in the worktree');
      const journalDir = join(f.repo.root, '.lw_coder', 'state', 'gitdir-journal');
      assert.deepEqual(existsSync(journalDir) ? readdirSync(journalDir) : [], [], 'journal empty');
      assert.equal(git(path, 'rev-parse', 'HEAD'), f.base, 'git works in the worktree again');
      assert.match(git(f.repo.root, 'worktree', 'list', '--porcelain'), new RegExp(`worktree ${path}\nHEAD ${f.base}\nbranch refs/heads/plan-one`));

      const again = await recover(f.deps, f.repo.root);
      assert.deepEqual(again.repaired, [], 'a second recover finds nothing to do');
    });
  }
});
