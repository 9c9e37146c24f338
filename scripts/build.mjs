// Bundles the four entry points with esbuild. Types are checked separately (`npm run typecheck`): esbuild only strips them.
// usage: node scripts/build.mjs [--production] [--watch] [--tests]
//   --production  minify, no source maps (what `npm run package` ships)
//   --tests       also bundle the in-editor test suites (test/vscode) into out/test for the real-VS Code runner
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { englishOnlyZodLocales, extensionHostBuild, stubDockerodeBuildKit } from './lib/host-bundle.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  // vscode is provided by the host; cpu-features is an optional native probe. ssh2 is replaced by a stub (see
  // scripts/stubs/ssh2.cjs): left external it would be missing from the .vsix and break the first Docker call.
  external: ['vscode', 'cpu-features'],
  alias: { ssh2: './scripts/stubs/ssh2.cjs' },
  mainFields: ['module', 'main'],
};

// src/cli/main.ts loads each command area with `import('./commands/<area>.js')` when one of its commands runs. Each
// area is bundled on its own (dist/cli/<area>.js) and main requires it from there, so `lwc --help` and
// `lwc plan validate` do not compile Docker, the model client and the agents (most of the old single bundle).
const cliAreas = [...readFileSync('src/cli/main.ts', 'utf8').matchAll(/import\('\.\/commands\/(\w+)\.js'\)/g)].map((m) => m[1]);
function cliAreasApart() {
  return {
    name: 'cli-areas-apart',
    setup(build) {
      build.onResolve({ filter: /^\.\/commands\/\w+\.js$/ }, (args) => {
        if (args.kind !== 'dynamic-import' || !args.importer.endsWith(join('src', 'cli', 'main.ts'))) return undefined;
        const area = basename(args.path, '.js');
        if (!cliAreas.includes(area)) return { errors: [{ text: `cli area ${area} is not among the bundles built from src/cli/main.ts` }] };
        // With dynamic import() unsupported (see the cli build), esbuild emits require(): the ESM loader would scan the
        // whole CommonJS bundle for its export names first.
        return { path: `./cli/${area}.js`, external: true };
      });
    },
  };
}

// `import('openai')` / `import('dockerode')` in a command area become require('./vendor/<name>.js') (dist/cli/vendor/,
// built below): the area's bundle then holds neither, and V8 compiles each only when its first call comes.
const CLI_VENDOR = ['openai', 'dockerode'];
const cliVendorApart = {
  name: 'cli-vendor-apart',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${CLI_VENDOR.join('|')})$`) }, (args) =>
      args.kind === 'dynamic-import' ? { path: `./vendor/${args.path}.js`, external: true } : undefined);
  },
};

const builds = [
  // What the .vsix runs, as one code-split graph so each library ships once (scripts/lib/host-bundle.mjs):
  // dist/extension.js, dist/server.js (the language server's process), and the heavy modules the extension requires
  // on first use (src/extension/lazy.ts) as dist/chunks/<name>.js, kept out of extension.js so activation does not
  // compile them, with what they share in dist/chunks/shared-<hash>.js.
  extensionHostBuild(node, {
    extension: 'src/extension/extension.ts',
    server: 'src/server/server.ts',
    ...Object.fromEntries(readdirSync('src/extension/chunks').filter((f) => f.endsWith('.ts')).map((f) => [`chunks/${basename(f, '.ts')}`, join('src/extension/chunks', f)])),
  }),
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [cliAreasApart(), stubDockerodeBuildKit, englishOnlyZodLocales], supported: { 'dynamic-import': false } },
  // The command areas lwc loads on demand: dist/cli/<area>.js, one bundle each (see cliAreasApart).
  // The same stubs as the extension host's: lwc builds with the classic builder too and speaks English.
  { ...node, entryPoints: cliAreas.map((a) => `src/cli/commands/${a}.ts`), outdir: 'dist/cli', plugins: [cliVendorApart, stubDockerodeBuildKit, englishOnlyZodLocales], supported: { 'dynamic-import': false } },
  // The libraries the sources import on first use, a file each (see cliVendorApart): compiled into the area, the model
  // client alone cost every `lwc code` several ms of its start (dist/cli/code.js 2.9 → 1.2 MB unminified), though a
  // run from the templates never calls it.
  { ...node, entryPoints: Object.fromEntries(CLI_VENDOR.map((p) => [p, p])), outdir: 'dist/cli/vendor', plugins: [stubDockerodeBuildKit] },
];
// Webview pages (browser bundles): dist/webview/<panel>.js and .css, plus the codicon font the pages' vscode-icon uses.
builds.push({
  bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: production,
  sourcemap: production ? false : 'linked', legalComments: 'none', logLevel: 'warning',
  entryPoints: [
    { in: 'webview-ui/feedback/main.ts', out: 'feedback' }, { in: 'webview-ui/feedback/feedback.css', out: 'feedback' },
    { in: 'webview-ui/dashboard/main.ts', out: 'dashboard' }, { in: 'webview-ui/dashboard/dashboard.css', out: 'dashboard' },
  ],
  outdir: 'dist/webview',
});
mkdirSync('dist/webview/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules/@vscode/codicons/dist', f), join('dist/webview/codicons', f));
if (tests) {
  const dir = 'test/vscode';
  const entries = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  rmSync('out/test', { recursive: true, force: true });
  builds.push({ ...node, sourcemap: 'inline', minify: false, entryPoints: entries, outdir: 'out/test/vscode', external: [...node.external, 'mocha'] });
}

// dist/ is not wiped: esbuild overwrites its outputs, and parallel builds (tests, watch) must not see it vanish.
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
