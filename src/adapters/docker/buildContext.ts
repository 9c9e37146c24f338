import { lstat, readdir, readlink } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { pack as createPack, type Pack } from 'tar-stream';
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

/** Lists what goes into the context, in a stable order; the Dockerfile and `.dockerignore` always go in (Docker does this too). */
export async function listContextEntries(root: string, ignoreLines: readonly string[], alwaysInclude: readonly string[] = []): Promise<ContextEntry[]> {
  const matcher = createContextMatcher(ignoreLines);
  const out: ContextEntry[] = [];
  const walk = async (rel: string): Promise<void> => {
    const dirents = await readdir(rel === '' ? root : join(root, rel), { withFileTypes: true });
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const path = rel === '' ? d.name : `${rel}/${d.name}`;
      const ignored = matcher.ignores(path) && !alwaysInclude.includes(path);
      if (d.isDirectory()) {
        if (ignored && !matcher.hasExceptions) continue;
        if (!ignored) out.push({ path, kind: 'directory' });
        await walk(path);
      } else if (!ignored) {
        out.push({ path, kind: d.isSymbolicLink() ? 'symlink' : 'file' });
      }
    }
  };
  await walk('');
  return out;
}

/** Packs the context; generated files replace files of the same path. */
export function packBuildContext(spec: BuildContextSpec, alwaysInclude: readonly string[]): Readable {
  const tar = createPack();
  void fill(tar, spec, alwaysInclude).then(
    () => tar.finalize(),
    (error: unknown) => tar.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  // tar-stream 3 streams are streamx streams; the engine client wants a node Readable.
  return Readable.from(tar);
}

async function fill(tar: Pack, spec: BuildContextSpec, alwaysInclude: readonly string[]): Promise<void> {
  const extras = spec.extraFiles ?? [];
  const replaced = new Set(extras.map((f) => f.path));
  const entries = await listContextEntries(spec.root, spec.ignoreLines ?? [], alwaysInclude);
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
      await pipeline(createReadStream(abs), sink);
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
