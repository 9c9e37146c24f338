import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (dist/ and out/ are relative to it). */
export const ROOT = join(__dirname, '..', '..');

/** out/host-esm/manifest.json, written by every build (scripts/lib/host-bundle.mjs). */
export interface HostManifest {
  readonly files: Record<
    string,
    {
      readonly bytes: number;
      readonly requires: readonly string[];
      /** Bytes per npm package (a nested copy as `outer/node_modules/inner`), the project's own code as `src`. */
      readonly packages: Record<string, number>;
      /** Its files under node_modules, e.g. `zod/v4/locales/en.js`. */
      readonly modules: readonly string[];
    }
  >;
}

export function readHostManifest(): HostManifest {
  return JSON.parse(readFileSync(join(ROOT, 'out', 'host-esm', 'manifest.json'), 'utf8')) as HostManifest;
}

/** A file and every sibling it requires, transitively: what loading it brings into memory. */
export function closureOf(manifest: HostManifest, file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const r of manifest.files[f]?.requires ?? []) visit(r);
  };
  visit(file);
  return [...seen];
}

export interface ChunkLoad {
  readonly ms: number;
  /** Reading the same files again, in the same process (the floor). */
  readonly readMs: number;
  readonly files: readonly string[];
  readonly bytes: number;
  /** Export name → typeof its value. */
  readonly exports: Record<string, string>;
}

/**
 * Requires `file` (relative to the root) in a fresh plain node process with a stand-in 'vscode' (loadChunk.cjs),
 * after `loaded` (untimed).
 */
export function loadInPlainNode(file: string, loaded: readonly string[] = []): ChunkLoad {
  const out = execFileSync(process.execPath, [join(__dirname, 'loadChunk.cjs'), ...[file, ...loaded].map((f) => join(ROOT, f))], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as ChunkLoad;
}

/** The lazily required chunks (src/extension/lazy.ts), one per src/extension/chunks/*.ts, as dist/ paths. */
export const LAZY_CHUNKS = readdirSync(join(ROOT, 'src', 'extension', 'chunks'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `dist/chunks/${f.slice(0, -'.ts'.length)}.js`);
