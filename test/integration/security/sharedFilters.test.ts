import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePlanWorktree } from '../../../src/app/worktree/worktreeEnsure';
import { worktreeStatuses } from '../../../src/app/worktree/worktreeStatus';
import { GIT_TEST_ENV } from '../../support/git';
import { makeFixture, type Fixture } from '../worktree/support';
import { makePlant, type Plant } from './plant';

const PLANS = ['plan-one', 'plan-two', 'plan-three'];

/**
 * A refresh of many worktrees reads the repository's filter drivers once instead of before every `git status`
 * (issue 11 item 6), and only when no worktree can see different config: a filter that a conditional include defines
 * for one worktree's git dir alone must still be blanked there. The git LW Coder spawns is counted through a
 * logging `git` first on PATH that runs the real one.
 */
describe('worktree status reads the filter drivers once per refresh, and per worktree where config can differ', function () {
  this.timeout(60_000);
  let f: Fixture;
  let plant: Plant;
  let common: string;
  let spy: string;
  let savedPath: string | undefined;

  /** The `git config` commands LW Coder ran since the last call. */
  const configReads = (): number => {
    const log = join(spy, 'log');
    const lines = readFileSync(log, 'utf8').split('\n').filter((l) => / config /.test(` ${l} `));
    writeFileSync(log, '');
    return lines.length;
  };

  beforeEach(async () => {
    f = makeFixture();
    const armed = f.repo.commit({ '.gitattributes': '* filter=evil\n' }, 'attributes');
    for (const planId of PLANS) {
      const { path } = await ensurePlanWorktree(f.deps, { repoRoot: f.repo.root, planId, gitSha: armed });
      writeFileSync(join(path, 'src', 'app.txt'), `changed in ${planId}\n`); // status hashes it: the clean filter would run
    }
    common = realpathSync(join(f.repo.root, '.git'));
    plant = makePlant();
    spy = mkdtempSync(join(tmpdir(), 'lwc-git-spy-'));
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(spy, 'git'), `#!/bin/sh\necho "$*" >> '${join(spy, 'log')}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(spy, 'git'), 0o755);
    writeFileSync(join(spy, 'log'), '');
    savedPath = process.env.PATH;
    process.env.PATH = `${spy}:${savedPath ?? ''}`;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    f.repo.dispose();
    plant.dispose();
    rmSync(spy, { recursive: true, force: true });
  });

  const userStatus = (planId: string): void => {
    const path = join(f.repo.root, '.lw_coder', 'worktrees', planId);
    spawnSync('git', ['status', '--porcelain'], { cwd: path, env: GIT_TEST_ENV, stdio: 'ignore' });
  };
  const refresh = async (): Promise<void> => {
    const statuses = await worktreeStatuses(f.deps, f.repo.root, PLANS.map((planId) => ({ planId })));
    for (const s of statuses) assert.deepEqual({ plan: s.planId, state: s.state, unstaged: s.unstaged }, { plan: s.planId, state: 'ok', unstaged: 1 }, s.error);
  };

  it('a filter in the repository config: blanked in every worktree, with one `git config` for the whole refresh', async () => {
    execFileSync('git', ['--git-dir', common, 'config', 'filter.evil.clean', plant.script], { env: GIT_TEST_ENV });
    userStatus('plan-one');
    assert.ok(plant.ran().length > 0, "the user's own git status runs the repository's filter");
    plant.clear();
    configReads();

    await refresh();
    assert.deepEqual(plant.ran(), [], 'LW Coder ran the repository-defined filter');
    assert.equal(configReads(), 1, 'one config read for three worktrees');
  });

  it('a filter included only for one worktree\'s git dir (includeIf gitdir): read per worktree, and blanked there too', async () => {
    const evilConfig = join(plant.marker, '..', 'evil.gitconfig');
    writeFileSync(evilConfig, `[filter "evil"]\n\tclean = ${plant.script}\n`);
    execFileSync('git', ['--git-dir', common, 'config', `includeIf.gitdir:${join(common, 'worktrees', 'plan-two')}.path`, evilConfig], { env: GIT_TEST_ENV });
    userStatus('plan-one');
    assert.deepEqual(plant.ran(), [], 'the include does not apply to plan-one');
    userStatus('plan-two');
    assert.ok(plant.ran().length > 0, "the user's own git status in plan-two runs the included filter");
    plant.clear();
    configReads();

    await refresh();
    assert.deepEqual(plant.ran(), [], 'LW Coder ran the filter included for plan-two');
    assert.equal(configReads(), 1 + PLANS.length, 'the shared read declines, then each worktree reads its own');
  });
});
