import { lstat, open, readdir, readlink, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Pack } from 'tar-stream';
import { isExcludedFromContext, normalizeContextPath, type ContextExclusions } from '../../core/container/contextRules';
import { createContextMatcher } from '../../core/container/dockerignore';
import type { BuildContextSpec } from '../../core/ports/containerEngine';

/**
 * The build context as the tar stream the engine expects, filtered by Docker's ignore rules. Owners are written as
 * 0:0 (as the docker CLI does) so the build cache does not depend on who packed the context.
 */
export interface ContextEntry {
  /** Context-relative posix path. */
  readonly path: string;
  readonly kind: 'file' | 'directory' | 'symlink';
}

/** `path` relative to `root` with posix separators, or undefined when it is outside `root`. */
function insideRoot(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * The exclusions as real paths too: an excluded path reached through a symlinked directory (env_file under a linked
 * folder) is excluded where the walk meets its real file.
 */
async function realExclusions(root: string, exclusions: ContextExclusions): Promise<ContextExclusions> {
  const real: string[] = [];
  for (const p of exclusions.paths) {
    const resolved = await realpath(join(root, ...p.split('/'))).catch(() => undefined);
    const rel = resolved === undefined ? undefined : insideRoot(root, resolved);
    if (rel) real.push(rel);
  }
  return { paths: [...exclusions.paths, ...real], names: exclusions.names };
}

/**
 * Lists what goes into the context, in a stable order; the Dockerfile and `.dockerignore` always go in (Docker does this
 * too). `exclusions` win over everything, ignore rules and `alwaysInclude` alike, and are judged on real paths: a
 * symbolic link that resolves outside the root or into an excluded path is left out (the tar would only carry the link,
 * but a context that names the user's files has no business in an image).
 */
export async function listContextEntries(root: string, ignoreLines: readonly string[], alwaysInclude: readonly string[] = [], exclusions?: ContextExclusions): Promise<ContextEntry[]> {
  const matcher = createContextMatcher(ignoreLines);
  const realRoot = await realpath(root);
  const never = exclusions ? await realExclusions(realRoot, exclusions) : undefined;
  const excluded = (path: string): boolean => never !== undefined && isExcludedFromContext(path, never);
  const linkEscapes = async (path: string): Promise<boolean> => {
    if (!never) return false;
    const target = await realpath(join(realRoot, ...path.split('/'))).catch(() => undefined);
    // A dangling link carries no content of anyone's; keep it, as Docker would.
    if (target === undefined) return false;
    const rel = insideRoot(realRoot, target);
    return rel === undefined || excluded(rel);
  };
  const out: ContextEntry[] = [];
  const walk = async (rel: string): Promise<void> => {
    const dirents = await readdir(rel === '' ? realRoot : join(realRoot, rel), { withFileTypes: true });
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const path = rel === '' ? d.name : `${rel}/${d.name}`;
      if (excluded(path)) continue;
      const ignored = matcher.ignores(path) && !alwaysInclude.includes(path);
      if (d.isDirectory()) {
        if (ignored && !matcher.hasExceptions) continue;
        if (!ignored) out.push({ path, kind: 'directory' });
        await walk(path);
      } else if (!ignored) {
        if (d.isSymbolicLink() && (await linkEscapes(path))) continue;
        out.push({ path, kind: d.isSymbolicLink() ? 'symlink' : 'file' });
      }
    }
  };
  await walk('');
  return out;
}

/** Packs the context; generated files replace files of the same path. */
export function packBuildContext(spec: BuildContextSpec, alwaysInclude: readonly string[]): Readable {
  // tar-stream 3 streams are streamx streams; the engine client wants a node Readable.
  return Readable.from(packed(spec, alwaysInclude));
}

/**
 * The tar, from tar-stream loaded on first use: only a build needs it (a run whose images are current never does), and
 * the code-split host build then keeps it and streamx out of the run chunk's load.
 */
async function* packed(spec: BuildContextSpec, alwaysInclude: readonly string[]): AsyncGenerator<Buffer> {
  // tar-stream is CommonJS: the code-split host build's chunk of it exports only `default` (as dockerode's does, see
  // dockerodeEngine.ts), the CLI's build and tsx give the named export too.
  const mod = await import('tar-stream');
  const { pack } = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const tar = pack();
  void fill(tar, spec, alwaysInclude).then(
    () => tar.finalize(),
    (error: unknown) => tar.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  yield* tar as AsyncIterable<Buffer>;
}

/** What the context holds from `root`: the filtered walk, or just the `only` paths. */
export function contextEntries(spec: BuildContextSpec, alwaysInclude: readonly string[]): Promise<ContextEntry[]> {
  return spec.only !== undefined
    ? listOnlyEntries(spec.root, spec.only, spec.exclusions)
    : listContextEntries(spec.root, spec.ignoreLines ?? [], alwaysInclude, spec.exclusions);
}

/**
 * The `only` paths that may go in, under the walk's rules: never an excluded path, only through real directories (a
 * linked parent could lead anywhere), a regular file, or a link whose real target is a regular file inside the root and
 * not excluded — then the target goes in too, as the walk would have packed it, so the link still resolves.
 */
export async function listOnlyEntries(root: string, only: readonly string[], exclusions?: ContextExclusions): Promise<ContextEntry[]> {
  const realRoot = await realpath(root);
  const never = exclusions ? await realExclusions(realRoot, exclusions) : { paths: [], names: [] };
  const out: ContextEntry[] = [];
  const add = (entry: ContextEntry): void => {
    if (!out.some((e) => e.path === entry.path)) out.push(entry);
  };
  for (const wanted of only) {
    const path = normalizeContextPath(wanted);
    if (path === undefined || isExcludedFromContext(path, never)) continue;
    const segments = path.split('/');
    let throughRealDirs = true;
    for (let k = 1; k < segments.length && throughRealDirs; k++) {
      throughRealDirs = (await lstat(join(realRoot, ...segments.slice(0, k))).catch(() => undefined))?.isDirectory() === true;
    }
    if (!throughRealDirs) continue;
    const abs = join(realRoot, ...segments);
    const st = await lstat(abs).catch(() => undefined);
    if (st?.isFile()) {
      add({ path, kind: 'file' });
    } else if (st?.isSymbolicLink()) {
      const target = await realpath(abs).catch(() => undefined);
      const rel = target === undefined ? undefined : insideRoot(realRoot, target);
      if (target === undefined || !rel || isExcludedFromContext(rel, never)) continue;
      if (!(await lstat(target).catch(() => undefined))?.isFile()) continue;
      add({ path, kind: 'symlink' });
      add({ path: rel, kind: 'file' });
    }
  }
  return out;
}

async function fill(tar: Pack, spec: BuildContextSpec, alwaysInclude: readonly string[]): Promise<void> {
  const extras = spec.extraFiles ?? [];
  const replaced = new Set(extras.map((f) => f.path));
  const entries = await contextEntries(spec, alwaysInclude);
  for (const entry of entries) {
    if (replaced.has(entry.path)) continue;
    const abs = join(spec.root, entry.path);
    const st = await lstat(abs);
    const common = { name: entry.path, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
    if (entry.kind === 'directory') {
      await entryDone(tar, { ...common, type: 'directory' });
    } else if (entry.kind === 'symlink') {
      await entryDone(tar, { ...common, type: 'symlink', linkname: await readlink(abs) });
    } else {
      const sink = tar.entry({ ...common, type: 'file', size: st.size });
      // Not through a final link: a file swapped for one after the listing fails the build instead of packing its target.
      await pipeline((await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW)).createReadStream(), sink);
    }
  }
  for (const file of extras) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
    await entryDone(tar, { name: file.path, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, type: 'file', size: content.length }, content);
  }
}

function entryDone(tar: Pack, header: Parameters<Pack['entry']>[0], body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    tar.entry(header, body ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve()));
  });
}
