import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { HostPathFacts, HostPathKind } from '../../core/container/hostPaths';
import type { TextFilesPort } from '../../core/ports/textFiles';
import type { BoundedRead } from '../../core/ports/boundedRead';
import { describeSize } from '../../core/limits/inputSize';
import { readBoundedText } from './boundedRead';

const DEFAULT_MAX_BYTES = 1024 * 1024;

/** The outcomes that are not text, as errors naming the file and the fix (a dangling link reads as absent). */
function refused(path: string, read: Exclude<BoundedRead, { kind: 'text' | 'missing' | 'dangling-link' | 'too-large' }>): Error {
  switch (read.kind) {
    case 'not-regular':
      return new Error(`${path} is a ${read.fileKind}${read.linkTarget ? ` (a link to ${read.linkTarget})` : ''}, not a regular file, so it was not read. Fix: make it a regular file.`);
    case 'outside':
      return new Error(`${path} resolves to ${read.target}, outside where it must be, so it was not read. Fix: make it a regular file in the repository.`);
    case 'unreadable':
      return new Error(`${path} cannot be read (${read.errno}). Fix: check its permissions, or that it is not a link loop.`);
  }
}

export function createTextFilesPort(): TextFilesPort {
  const capped = async (path: string, maxBytes: number, signal?: AbortSignal): Promise<{ text: string; size: number } | undefined> => {
    const read = await readBoundedText(path, { maxBytes, ...(signal ? { signal } : {}) });
    if (read.kind === 'missing' || read.kind === 'dangling-link') return undefined;
    if (read.kind === 'text') return { text: read.text, size: read.size };
    if (read.kind === 'too-large') return { text: '', size: read.size };
    throw refused(path, read);
  };
  return {
    async readTextIfExists(path, signal) {
      const read = await capped(path, DEFAULT_MAX_BYTES, signal);
      if (read && read.size > DEFAULT_MAX_BYTES) throw new Error(`${path} is ${describeSize(read.size)}, over the ${describeSize(DEFAULT_MAX_BYTES)} LW Coder reads, so it was not read. Fix: keep it small, and check that it is not a link to a large file.`);
      return read?.text;
    },
    inspectPath: (path) => inspectHostPath(resolve(path)),
    readCappedTextIfExists: capped,
  };
}

const kindOf = (s: Stats): HostPathKind =>
  s.isDirectory() ? 'directory' : s.isFile() ? 'file' : s.isSocket() ? 'socket' : s.isCharacterDevice() ? 'char-device' : s.isBlockDevice() ? 'block-device' : 'fifo';

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? '';

/**
 * realpath, then stat of the result (no symlink is left to follow, so nothing can change between the two).
 * `appeared`: how many more times a path that came into being between the failed realpath and the lstat (another
 * worker's `git worktree add` creating `.lw_coder/worktrees`) is looked at again before it is judged.
 */
export async function inspectHostPath(path: string, appeared = 3): Promise<HostPathFacts> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if (!['ENOENT', 'ENOTDIR', 'ELOOP'].includes(code(error))) throw error;
    // Something at the path itself that does not resolve is a dangling or looping symlink; anything else found there
    // now was created after realpath looked, so it is looked at again.
    const here = await lstat(path).catch(() => undefined);
    if (here && !here.isSymbolicLink() && code(error) !== 'ELOOP' && appeared > 0) return inspectHostPath(path, appeared - 1);
    if (here || code(error) === 'ELOOP') return { path, realPath: path, kind: 'unresolvable' };
    const parent = dirname(path);
    if (parent === path) return { path, realPath: path, kind: 'missing' };
    const above = await inspectHostPath(parent, appeared);
    return { path, realPath: join(above.realPath, basename(path)), kind: above.kind === 'unresolvable' ? 'unresolvable' : 'missing' };
  }
  return { path, realPath: real, kind: kindOf(await stat(real)) };
}
