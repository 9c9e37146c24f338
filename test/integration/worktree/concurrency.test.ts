import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { git, GIT_TEST_ENV } from '../../support/git';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { makeFixture, type Fixture } from './support';

const CHILD = join(__dirname, 'fixtures', 'ensureChild.ts');

function runChild(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { env: GIT_TEST_ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('two processes ensuring the same plan at once', function () {
  this.timeout(60_000);
  let f: Fixture;
  afterEach(() => f.repo.dispose());

  it('both succeed with the same path, exactly one creates it, and git has one healthy worktree', async () => {
    f = makeFixture();
    for (let round = 0; round < 3; round++) {
      const planId = `plan-race-${round}`;
      const results = await Promise.all([runChild([f.repo.root, planId, f.base]), runChild([f.repo.root, planId, f.base])]);
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      const parsed = results.map((r) => JSON.parse(r.stdout) as { path: string; created: boolean });
      assert.equal(parsed[0]!.path, parsed[1]!.path);
      assert.deepEqual(parsed.map((p) => p.created).sort(), [false, true]);
      assert.equal(git(parsed[0]!.path, 'branch', '--show-current'), planId);
    }
    const listed = git(f.repo.root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));
    assert.equal(listed.length, 4, 'main plus one worktree per plan');
  });
});

describe('one process ensuring many plans at once (a fleet starting its workers)', function () {
  this.timeout(120_000);
  let f: Fixture;
  afterEach(() => f.repo.dispose());

  // git dies with "failed to read .git/worktrees/<other>/commondir" when it lists the worktrees while another
  // `git worktree add` has created that file but not yet written it: `lwc up -n 8` lost a task to it now and then.
  it('8 plans ensured side by side all get their worktree, round after round', async () => {
    f = makeFixture();
    for (let round = 0; round < 4; round++) {
      const ids = Array.from({ length: 8 }, (_, i) => `plan-many-${round}-${i}`);
      const settled = await Promise.allSettled(ids.map((planId) => ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId, gitSha: f.base })));
      const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => String(s.reason));
      assert.deepEqual(failed, [], `round ${round}`);
      for (const [i, s] of settled.entries()) {
        assert.equal(s.status === 'fulfilled' && s.value.created, true);
        assert.equal(git(join(f.repo.root, '.lw_coder', 'worktrees', ids[i]!), 'branch', '--show-current'), ids[i]);
      }
    }
  });
});
