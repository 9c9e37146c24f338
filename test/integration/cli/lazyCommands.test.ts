import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CLI_BUNDLE, ensureBuilt, REPO_ROOT } from '../../support/cli';
import { makeRepo, type TestRepo } from '../../support/git';

/**
 * `lwc` as built: each command area is a bundle of its own (dist/cli/<area>.js), required only when one of its
 * commands runs, so `lwc --help` compiles none of them and `lwc plan validate` only the plan commands (issue 11 item 3).
 */
describe('lwc loads its commands on demand', () => {
  let repo: TestRepo | undefined;
  let scratch: string | undefined;
  afterEach(() => {
    repo?.dispose();
    repo = undefined;
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  /** Runs the bundle and returns its exit code and the dist/ files it required, as the process saw them at exit. */
  function bundlesLoaded(args: readonly string[], cwd: string): { code: number | null; loaded: string[]; stdout: string } {
    ensureBuilt();
    scratch = mkdtempSync(join(tmpdir(), 'lwc-lazy-'));
    const report = join(scratch, 'loaded.json');
    const preload = join(scratch, 'preload.cjs');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));\n`);
    const r = spawnSync(process.execPath, ['--require', preload, CLI_BUNDLE, ...args], { cwd, encoding: 'utf8' });
    const loaded = (JSON.parse(readFileSync(report, 'utf8')) as string[])
      .map((f) => relative(REPO_ROOT, f))
      .filter((f) => f.startsWith('dist'))
      .sort();
    return { code: r.status, loaded, stdout: r.stdout };
  }

  it('`lwc --help` requires no command bundle', () => {
    repo = makeRepo('lwc-lazy-help-');
    const r = bundlesLoaded(['--help'], repo.root);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /lwc plan validate/);
    assert.deepEqual(r.loaded, [join('dist', 'cli.js')]);
  });

  it('`lwc plan validate` requires the plan commands only', () => {
    repo = makeRepo('lwc-lazy-plan-');
    const tasks = join(repo.root, '.lw_coder', 'tasks');
    mkdirSync(tasks, { recursive: true });
    writeFileSync(join(tasks, 'one.md'), `---\nplan_id: one\ngit_sha: ${'0'.repeat(40)}\nstatus: draft\n---\n\n# One\n`);
    const r = bundlesLoaded(['plan', 'validate'], repo.root);
    assert.match(r.stdout, /1 plan checked/);
    assert.deepEqual(r.loaded, [join('dist', 'cli.js'), join('dist', 'cli', 'plan.js')]);
  });

  it('the libraries loaded on first call are files of their own: `lwc status` requires dockerode, not the model client', () => {
    repo = makeRepo('lwc-lazy-status-');
    const r = bundlesLoaded(['status', '--json'], repo.root);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(r.loaded, [join('dist', 'cli.js'), join('dist', 'cli', 'fleetStatus.js'), join('dist', 'cli', 'vendor', 'dockerode.js')]);
  });
});
