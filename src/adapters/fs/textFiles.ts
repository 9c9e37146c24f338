import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { HostPathFacts, HostPathKind } from '../../core/container/hostPaths';
import type { TextFilesPort } from '../../core/ports/textFiles';

export function createTextFilesPort(): TextFilesPort {
  return {
    async readTextIfExists(path, signal) {
      try {
        return await readFile(path, { encoding: 'utf8', signal });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    inspectPath: (path) => inspectHostPath(resolve(path)),
  };
}

const kindOf = (s: Stats): HostPathKind =>
  s.isDirectory() ? 'directory' : s.isFile() ? 'file' : s.isSocket() ? 'socket' : s.isCharacterDevice() ? 'char-device' : s.isBlockDevice() ? 'block-device' : 'fifo';

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? '';

/** realpath, then stat of the result (no symlink is left to follow, so nothing can change between the two). */
export async function inspectHostPath(path: string): Promise<HostPathFacts> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if (!['ENOENT', 'ENOTDIR', 'ELOOP'].includes(code(error))) throw error;
    // Something at the path itself that does not resolve is a dangling or looping symlink.
    const here = await lstat(path).catch(() => undefined);
    if (here || code(error) === 'ELOOP') return { path, realPath: path, kind: 'unresolvable' };
    const parent = dirname(path);
    if (parent === path) return { path, realPath: path, kind: 'missing' };
    const above = await inspectHostPath(parent);
    return { path, realPath: join(above.realPath, basename(path)), kind: above.kind === 'unresolvable' ? 'unresolvable' : 'missing' };
  }
  return { path, realPath: real, kind: kindOf(await stat(real)) };
}
