import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../../support/cli';
import { closureOf, LAZY_CHUNKS, loadInPlainNode, readHostManifest, ROOT, type HostManifest } from '../../support/hostBundle';

/** Libraries the extension must not compile at activation (ARCHITECTURE: heavy modules load on first use). */
const HEAVY = ['yaml', 'zod', 'openai', 'dockerode', 'vscode-languageclient', 'vscode-jsonrpc'];
/** Never shipped: BuildKit's gRPC stack (dockerode's stubbed ./session and ./buildkit) and the replaced simple-git. */
const NEVER = ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'simple-git'];

/**
 * The bundles the .vsix ships (scripts/lib/host-bundle.mjs), as the build just wrote them (issue 11 item 5): each
 * library in one file, shared by the chunks that use it; nothing heavy on the activation path; every lazy chunk
 * loadable on its own. Sizes and load times are benchmarks (bench/bundle.ts), not tests.
 */
describe('the extension host bundles', function () {
  this.timeout(120_000);
  let manifest: HostManifest;
  before(() => {
    ensureBuilt();
    manifest = readHostManifest();
  });

  it('put each npm package in exactly one shipped file', () => {
    const where = new Map<string, string[]>();
    for (const [file, { packages }] of Object.entries(manifest.files)) {
      for (const pkg of Object.keys(packages)) if (pkg !== 'src') where.set(pkg, [...(where.get(pkg) ?? []), file]);
    }
    const duplicated = [...where].filter(([, files]) => files.length > 1);
    assert.deepEqual(duplicated, [], 'packages bundled into more than one file');
    for (const heavy of ['zod', 'openai', 'yaml', 'dockerode']) assert.ok(where.has(heavy), `${heavy} is not bundled at all: is the manifest complete?`);
  });

  it('ship no BuildKit gRPC stack, no simple-git, and only the English zod locale', () => {
    const all = Object.values(manifest.files).flatMap((f) => Object.keys(f.packages));
    assert.deepEqual(all.filter((p) => NEVER.some((n) => p === n || p.endsWith(`/node_modules/${n}`))), []);
    const locales = Object.values(manifest.files).flatMap((f) => f.modules.filter((m) => m.startsWith('zod/v4/locales/')));
    assert.deepEqual(locales.sort(), ['zod/v4/locales/en.js', 'zod/v4/locales/index.js']);
  });

  it('keep the heavy libraries off the activation path: extension.js and the files it requires hold none', () => {
    const activation = closureOf(manifest, 'dist/extension.js');
    const found = activation.flatMap((f) => Object.keys(manifest.files[f]!.packages).filter((p) => HEAVY.includes(p)).map((p) => `${p} in ${f}`));
    assert.deepEqual(found, []);
  });

  it('load their siblings with require() only: a dynamic import() in the sources (openai, dockerode) becomes a deferred require', () => {
    const dynamic = Object.keys(manifest.files).filter((f) => /\bimport\(\s*["']\.\.?\//.test(readFileSync(join(ROOT, f), 'utf8')));
    assert.deepEqual(dynamic, [], 'files that import() a sibling: the extension host would load it as an ES module');
    const lazily = Object.keys(manifest.files).filter((f) => Object.keys(manifest.files[f]!.packages).includes('openai'));
    assert.equal(lazily.length, 1);
    assert.ok(!LAZY_CHUNKS.some((c) => closureOf(manifest, c).includes(lazily[0]!)), 'the openai SDK is loaded with a chunk, not on first use');
  });

  it('leave no file in dist/chunks that the build did not write (the .vsix takes every dist/chunks/*.js)', () => {
    const written = new Set(Object.keys(manifest.files));
    const stale = readdirSync(join(ROOT, 'dist', 'chunks')).filter((f) => f.endsWith('.js') && !written.has(`dist/chunks/${f}`));
    assert.deepEqual(stale, []);
  });

  it('load each lazy chunk on its own in a plain node process, every export defined through the shared files', () => {
    assert.ok(LAZY_CHUNKS.length >= 6, `chunks: ${LAZY_CHUNKS.join(', ')}`);
    for (const chunk of LAZY_CHUNKS) {
      const loaded = loadInPlainNode(chunk);
      const names = Object.keys(loaded.exports);
      assert.ok(names.length > 0, `${chunk} exports nothing`);
      assert.deepEqual(names.filter((n) => loaded.exports[n] === 'undefined'), [], `${chunk}: exports left undefined`);
      // What node loaded is what the manifest says the chunk requires: no file outside dist/ was reached.
      const expected = closureOf(manifest, chunk).map((f) => join(ROOT, f)).sort();
      assert.deepEqual([...loaded.files].sort(), expected, `${chunk} loaded other files than its manifest entry`);
    }
  });
});
