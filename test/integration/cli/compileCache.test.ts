import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BUNDLE, ensureBuilt, REPO_ROOT } from '../../support/cli';
import { makeRepo, type TestRepo } from '../../support/git';

/**
 * lwc's V8 code cache (src/cli/compileCache.ts, issue 11 item 2), in real node processes: each process installs the
 * cache, requires a module and reports what it got, as lwc's next start would.
 */
describe('lwc compiles its command bundles from a V8 code cache', () => {
  let scratch: string;
  let repo: TestRepo | undefined;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'lwc-v8cache-'));
  });
  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
    repo?.dispose();
    repo = undefined;
  });

  const moduleFile = (): string => join(scratch, 'mod', 'm.js');

  /** A fresh node process: installs the cache over scratch/mod, requires m.js, flushes; what it saw. */
  function loadOnce(cacheDir: string): { value: unknown; installed: boolean; accepted: number; compiled: number } {
    const source = join(REPO_ROOT, 'src', 'cli', 'compileCache.ts');
    const script = `
      const { installCompileCache } = require(${JSON.stringify(source)});
      const cache = installCompileCache({ dir: ${JSON.stringify(cacheDir)}, include: (f) => f.startsWith(${JSON.stringify(join(scratch, 'mod'))}) });
      const value = require(${JSON.stringify(moduleFile())});
      cache?.flush();
      process.stdout.write(JSON.stringify({ value, installed: cache !== undefined, accepted: cache ? cache.stats.accepted.length : 0, compiled: cache ? cache.stats.compiled.length : 0 }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { value: unknown; installed: boolean; accepted: number; compiled: number };
  }
  const writeModule = (text: string): void => {
    mkdirSync(join(scratch, 'mod'), { recursive: true });
    writeFileSync(moduleFile(), text);
  };

  it('writes an entry on the first load (0600 in a 0700 directory) and uses it on the next', () => {
    writeModule('module.exports = { answer: 41 + 1 };\n');
    const dir = join(scratch, 'cache', 'lw-coder', 'v8');
    assert.deepEqual(loadOnce(dir), { value: { answer: 42 }, installed: true, accepted: 0, compiled: 1 });
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const entries = readdirSync(dir);
    assert.equal(entries.length, 1);
    assert.equal(statSync(join(dir, entries[0]!)).mode & 0o777, 0o600);
    assert.deepEqual(loadOnce(dir), { value: { answer: 42 }, installed: true, accepted: 1, compiled: 0 });
  });

  it('never runs an entry of other code: a changed module of the same length compiles anew and replaces the old entry', () => {
    // V8 itself only compares the source's length: the key must be the content.
    const dir = join(scratch, 'cache');
    writeModule('module.exports = 1;\n');
    loadOnce(dir);
    const [before] = readdirSync(dir);
    writeModule('module.exports = 2;\n');
    assert.deepEqual(loadOnce(dir), { value: 2, installed: true, accepted: 0, compiled: 1 });
    const after = readdirSync(dir);
    assert.equal(after.length, 1);
    assert.notEqual(after[0], before);
  });

  it('a corrupt entry is rejected: the module compiles as usual and the entry is rewritten', () => {
    const dir = join(scratch, 'cache');
    writeModule('module.exports = "fine";\n');
    loadOnce(dir);
    const entry = join(dir, readdirSync(dir)[0]!);
    writeFileSync(entry, 'not a code cache at all');
    assert.deepEqual(loadOnce(dir), { value: 'fine', installed: true, accepted: 0, compiled: 1 });
    assert.notEqual(readFileSync(entry, 'utf8'), 'not a code cache at all');
    assert.equal(loadOnce(dir).accepted, 1);
  });

  it('a directory others can write, or a symlink, is not used (the module still loads)', () => {
    writeModule('module.exports = 7;\n');
    const open = join(scratch, 'open');
    mkdirSync(open, { mode: 0o700 });
    chmodSync(open, 0o777);
    assert.deepEqual(loadOnce(open), { value: 7, installed: false, accepted: 0, compiled: 0 });
    assert.deepEqual(readdirSync(open), []);
    const real = join(scratch, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = join(scratch, 'link');
    symlinkSync(real, link);
    assert.deepEqual(loadOnce(link), { value: 7, installed: false, accepted: 0, compiled: 0 });
    assert.deepEqual(readdirSync(real), []);
  });

  it('the built lwc keeps its command bundles there ($XDG_CACHE_HOME/lw-coder/v8), same output warm, cold or off', () => {
    ensureBuilt();
    repo = makeRepo('lwc-v8cache-');
    const tasks = join(repo.root, '.lw_coder', 'tasks');
    mkdirSync(tasks, { recursive: true });
    writeFileSync(join(tasks, 'one.md'), `---\nplan_id: one\ngit_sha: ${'0'.repeat(40)}\nstatus: draft\n---\n\n# One\n`);
    const xdg = join(scratch, 'xdg');
    const lwc = (extra: NodeJS.ProcessEnv) => spawnSync(process.execPath, [CLI_BUNDLE, 'plan', 'validate'], { cwd: repo!.root, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: xdg, ...extra } });
    const off = lwc({ LWC_NO_COMPILE_CACHE: '1' });
    assert.equal(existsSync(xdg), false, 'LWC_NO_COMPILE_CACHE=1 writes no cache');
    const cold = lwc({});
    const entries = readdirSync(join(xdg, 'lw-coder', 'v8'));
    assert.equal(entries.length, 1);
    assert.match(entries[0]!, /_dist_cli_plan\.js-[0-9a-f]{40}$/);
    const warm = lwc({});
    for (const r of [cold, warm]) assert.deepEqual([r.status, r.stdout, r.stderr], [off.status, off.stdout, off.stderr]);
    assert.match(off.stdout, /1 plan checked/);
  });
});
