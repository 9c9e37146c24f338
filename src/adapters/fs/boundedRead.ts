import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import type { BoundedRead, FileKind } from '../../core/ports/boundedRead';
import { sliceTurn } from './timeSlices';

export interface BoundedReadOptions {
  /** Bytes of text accepted; a larger file is `too-large` and at most maxBytes + 1 of its bytes are ever read. */
  readonly maxBytes: number;
  /** When set, the file's real path (symlinks resolved) must lie inside this directory's real path, or it is `outside`. */
  readonly within?: string;
  readonly signal?: AbortSignal;
}

// O_NONBLOCK: opening a FIFO swapped in after the checks returns at once instead of waiting for a writer forever.
// O_NOFOLLOW: the real path has no link left in its last component; one appearing there after realpath is refused.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

function kindOf(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): FileKind {
  if (s.isDirectory()) return 'directory';
  if (s.isFIFO()) return 'FIFO';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'character device';
  if (s.isBlockDevice()) return 'block device';
  return 'unknown';
}

const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'EIO';
const isInside = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Reads a repository file that may be hostile: a link to /dev/zero, a FIFO, a directory named like a file, a huge file,
 * a link out of the repository. Nothing but a regular file is opened, and at most maxBytes + 1 bytes are read.
 *
 * The checks before opening (lstat, and for a link realpath and stat) decide without touching the target; after
 * opening, the decision is made again on the open descriptor (fstat, and on Linux the path the kernel opened, from
 * /proc/self/fd), so a file swapped between the check and the read cannot get past them. A link out of `within` is
 * never opened.
 *
 * The work itself is synchronous (see timeSlices.ts: ten times cheaper than fs/promises per file); this waits for its
 * turn first, so a listing of thousands of files still lets the event loop run every few milliseconds.
 */
export async function readBoundedText(path: string, options: BoundedReadOptions): Promise<BoundedRead> {
  options.signal?.throwIfAborted();
  await sliceTurn();
  return readBoundedTextSync(path, options);
}

/** readBoundedText once it has its turn. */
function readBoundedTextSync(path: string, options: BoundedReadOptions): BoundedRead {
  const { maxBytes, within, signal } = options;
  signal?.throwIfAborted();
  let link;
  try {
    link = lstatSync(path);
  } catch (error) {
    const code = errnoOf(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unreadable', errno: code };
  }
  const isLink = link.isSymbolicLink();
  let real: string;
  let target = link;
  try {
    if (isLink) {
      real = realpathSync.native(path);
      // What the target is comes first (stat does not open it): "a link to a character device" says more than "outside".
      target = statSync(real);
    } else {
      // Not a link itself: only its folder can hide one, and a listing's files share that folder.
      real = join(cachedRealpath(dirname(path)), basename(path));
    }
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT' && isLink) return { kind: 'dangling-link', target: readlinkOrUnknown(path) };
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', errno: code };
  }
  const linkTarget = isLink ? { linkTarget: real } : {};
  if (!target.isFile()) return { kind: 'not-regular', fileKind: kindOf(target), ...linkTarget };
  const root = within === undefined ? undefined : realpathOr(within);
  if (root !== undefined && !isInside(real, root)) return { kind: 'outside', target: real };
  if (target.size > maxBytes) return { kind: 'too-large', size: target.size, limit: maxBytes };
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (error) {
    return { kind: 'unreadable', errno: errnoOf(error) };
  }
  try {
    // Everything above may have changed since it was looked at: judge again what was actually opened.
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { kind: 'not-regular', fileKind: kindOf(opened), ...linkTarget };
    if (opened.size > maxBytes) return { kind: 'too-large', size: opened.size, limit: maxBytes };
    if (root !== undefined) {
      const openedPath = openedPathOf(fd);
      if (openedPath !== undefined && !isInside(openedPath, root)) return { kind: 'outside', target: openedPath };
    }
    const { bytes, length } = readAtMost(fd, maxBytes + 1, opened.size, signal);
    if (length > maxBytes) return { kind: 'too-large', size: Math.max(opened.size, length), limit: maxBytes };
    return { kind: 'text', text: bytes.toString('utf8', 0, length), size: length };
  } finally {
    closeSync(fd);
  }
}

const readlinkOrUnknown = (path: string): string => {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
};

/** The path the kernel opened for `fd` (Linux); undefined where /proc is not there to say. */
function openedPathOf(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * realpath of folders, remembered for a second: a listing of 5,000 plans resolves its folder and repository once,
 * not 10,000 times (libc realpath reads every component). A stale answer cannot let a file through on Linux, where
 * the opened descriptor's own path is checked; elsewhere it is a window of a second for a folder to be swapped.
 */
const REALPATH_TTL_MS = 1000;
const realpaths = new Map<string, { readonly at: number; readonly real: string }>();

function cachedRealpath(dir: string): string {
  const now = Date.now();
  const known = realpaths.get(dir);
  if (known && now - known.at < REALPATH_TTL_MS) return known.real;
  if (realpaths.size > 256) realpaths.clear();
  // A failure throws and is not remembered: the next caller asks again.
  const real = realpathSync.native(dir);
  realpaths.set(dir, { at: now, real });
  return real;
}

/** The repository's real path; as given when it cannot be resolved (then nothing resolves inside it but itself). */
function realpathOr(dir: string): string {
  try {
    return cachedRealpath(dir);
  } catch {
    return dir;
  }
}

/** Reads until EOF or `cap` bytes; the buffer starts at the size fstat gave and grows only if the file grew. */
function readAtMost(fd: number, cap: number, sizeHint: number, signal: AbortSignal | undefined): { bytes: Buffer; length: number } {
  let bytes = Buffer.allocUnsafe(Math.min(cap, sizeHint + 1));
  let length = 0;
  for (;;) {
    signal?.throwIfAborted();
    if (length === bytes.length) {
      if (length >= cap) break;
      const bigger = Buffer.allocUnsafe(Math.min(cap, bytes.length * 2));
      bytes.copy(bigger, 0, 0, length);
      bytes = bigger;
    }
    const want = bytes.length - length;
    const bytesRead = readSync(fd, bytes, length, want, null);
    length += bytesRead;
    // A regular file reads short only at its end: no extra round trip to see the 0 that says so.
    if (bytesRead < want) break;
  }
  return { bytes, length };
}
