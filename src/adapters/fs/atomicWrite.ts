import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** fsync a directory so a rename in it survives a power cut; some file systems refuse, which we accept. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/**
 * Writes `tmp` and fsyncs it, with `mode`, or else the permission bits of an existing regular file at `path`, or else
 * 0644. Returns `tmp`. The temp file is created exclusively (O_EXCL), so a symlink planted at its name (these files live
 * in directories an agent can write, such as a worktree) is never followed.
 */
export async function writeSyncedTemp(path: string, data: string | Uint8Array, mode: number | undefined, tmp: string): Promise<string> {
  const keepMode = mode ?? (await lstat(path).then((s) => (s.isFile() ? s.mode & 0o777 : 0o644), () => 0o644));
  const handle = await open(tmp, 'wx', keepMode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

export interface AtomicWriteOptions {
  /** Mode of the new file; default: the existing file's mode, else 0644. */
  readonly mode?: number;
  /**
   * Where the temp file goes (same directory as the target, so rename is atomic). Default: a unique hidden name.
   * Crash-repair code passes a fixed name so a leftover temp can be found and removed.
   */
  readonly tmpPath?: string;
  /** Runs between the temp write and the rename: a seam for crash-point tests. */
  readonly afterTemp?: () => void | Promise<void>;
}

/**
 * Readers see the old content or the new, never half, even after a crash: temp file in the same directory, fsync,
 * rename over the target, fsync the directory. Creates the parent directory. On failure the temp file is removed and the
 * target is untouched.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = options.tmpPath ?? join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // A fixed temp name may be left by a crash (or planted): remove whatever is there, a link itself rather than its target.
  if (options.tmpPath !== undefined) await unlink(tmp).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  try {
    await writeSyncedTemp(path, data, options.mode, tmp);
    await options.afterTemp?.();
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dir);
}
