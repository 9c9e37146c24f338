// The extension host's bundles (extension, language server, lazy chunks) as one code-split graph, in CommonJS.
//
// Built as separate bundles, each chunk carried its own copy of what it used: zod in four files, openai and yaml in
// several, ~2.4 MB of 4.8 MB of chunk code. esbuild shares modules between entry points (`splitting`) only for ES
// module output, while VS Code loads an extension's `main` with require() and the chunks are required on first use.
// So the graph is bundled as ES modules into a staging folder, then each output file is converted to CommonJS in dist/
// by a second esbuild pass in which every import is external: imports between files become require() of a sibling,
// with the same names and order. Everything keeps running as plain CommonJS (require of 'vscode', __dirname, sync
// loading), as in any VS Code and Node version; loading ES modules with import() instead would need the extension
// host to resolve 'vscode' for them, and __dirname shims. Source maps of the first pass are read by the second.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const STAGE = 'out/host-esm';
const OUT = 'dist';
const SHARED_DIR = 'chunks';
/** Read by test/support/hostBundle.ts (the bundle test and bench/bundle.ts). */
const MANIFEST = join(STAGE, 'manifest.json');

/**
 * dockerode requires ./session (BuildKit sessions over gRPC: @grpc/grpc-js, protobufjs) and ./buildkit (BuildKit
 * progress through protobufjs) at load time; LW Coder builds with the classic builder and never calls either, so stubs
 * (scripts/stubs/dockerode-*.cjs) stand in for them. Relative requires, which `alias` cannot reach.
 */
const DOCKERODE_STUBS = { './session': 'scripts/stubs/dockerode-session.cjs', './buildkit': 'scripts/stubs/dockerode-buildkit.cjs' };
export const stubDockerodeBuildKit = {
  name: 'stub-dockerode-buildkit',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
      /[\\/]dockerode[\\/]lib$/.test(args.resolveDir) ? { path: resolve(DOCKERODE_STUBS[args.path]) } : undefined);
  },
};

/**
 * zod 4 re-exports every locale (`z.locales`, ~260 kB of the ~450 kB it adds) from its namespace object, which no
 * bundler can shake off. LW Coder's messages are English and it never calls `z.config(z.locales.xx())`, so the
 * locale index is cut to English (the locale zod installs by default): `z.locales.en` stays, any other is undefined.
 */
export const englishOnlyZodLocales = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";\n', loader: 'js' }));
  },
};

/** Second pass: the first pass bundled everything, so every import left is a sibling file, a builtin or 'vscode'. */
const everythingExternal = {
  name: 'everything-external',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true }));
  },
};

/** Removes files under dist/chunks that this build did not write (shared chunks are named by content hash). */
function removeStale(outputs) {
  const kept = new Set(outputs.map((f) => resolve(f)));
  const dir = join(OUT, SHARED_DIR);
  for (const name of readdirSync(dir)) {
    const file = resolve(dir, name);
    const owner = file.endsWith('.map') ? file.slice(0, -'.map'.length) : file;
    if (!kept.has(owner)) rmSync(file, { force: true });
  }
}

/** Where a bundled input lives under node_modules (`zod/v4/locales/en.js`), or undefined for the project's sources. */
function moduleOf(input) {
  const at = input.indexOf('node_modules/');
  return at < 0 ? undefined : input.slice(at + 'node_modules/'.length);
}

/** The npm package of a module path; a nested copy keeps its chain (`tar-fs/node_modules/tar-stream`), a version apart. */
function packageOf(module) {
  return module
    .split('/node_modules/')
    .map((part) => part.split('/').slice(0, part.startsWith('@') ? 2 : 1).join('/'))
    .join('/node_modules/');
}

/**
 * What shipped, for tests and benchmarks (out/host-esm/manifest.json): each file in dist/ with its size, the sibling
 * files it requires when loaded, the bytes each npm package (or `src`) contributes to it, and its node_modules files.
 */
function manifest(staged, converted) {
  const shipped = (stagedPath) => join(OUT, relative(STAGE, stagedPath));
  const files = {};
  for (const [path, out] of Object.entries(staged.outputs)) {
    if (!path.endsWith('.js')) continue;
    const packages = {};
    const modules = [];
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const module = moduleOf(input);
      if (module) modules.push(module);
      const name = module ? packageOf(module) : 'src';
      packages[name] = (packages[name] ?? 0) + bytesInOutput;
    }
    const file = shipped(path);
    files[file] = {
      bytes: converted.outputs[file]?.bytes ?? out.bytes,
      requires: out.imports.filter((i) => !i.external && i.kind === 'import-statement').map((i) => shipped(i.path)),
      packages,
      modules,
    };
  }
  return { files };
}

function toCommonJs(base) {
  return {
    name: 'esm-to-commonjs',
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0) return;
        const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
        const converted = await esbuild.build({
          entryPoints: files,
          outbase: STAGE,
          outdir: OUT,
          bundle: true,
          format: 'cjs',
          platform: 'node',
          target: base.target,
          minify: base.minify,
          sourcemap: base.sourcemap,
          legalComments: 'none',
          logLevel: base.logLevel,
          metafile: true,
          // A dynamic import() of a sibling (a module the sources load on first use, like the openai SDK) becomes a
          // deferred require(), so everything stays CommonJS.
          supported: { 'dynamic-import': false },
          plugins: [everythingExternal],
        });
        removeStale(Object.keys(converted.metafile.outputs).filter((f) => f.endsWith('.js')));
        writeFileSync(MANIFEST, JSON.stringify(manifest(result.metafile, converted.metafile), null, 1));
      });
    },
  };
}

/**
 * esbuild options for the host graph. `base` is the shared node config of scripts/build.mjs (platform, target,
 * externals, minify, source maps); `entryPoints` maps output names under dist/ to sources.
 */
export function extensionHostBuild(base, entryPoints) {
  return {
    ...base,
    format: 'esm',
    splitting: true,
    entryPoints,
    outdir: STAGE,
    chunkNames: `${SHARED_DIR}/shared-[hash]`,
    metafile: true,
    plugins: [...(base.plugins ?? []), stubDockerodeBuildKit, englishOnlyZodLocales, toCommonJs(base)],
  };
}
