import { open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TEMP_SUFFIX } from '../../core/worktree/gitdirPatch';

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

/** Writes `tmp` (default `path + TEMP_SUFFIX`) and fsyncs it; keeps the mode of an existing target. */
export async function writeSyncedTemp(path: string, data: Uint8Array, mode?: number, tmp = `${path}${TEMP_SUFFIX}`): Promise<string> {
  const keepMode = mode ?? (await stat(path).then((s) => s.mode & 0o7777, () => 0o644));
  const handle = await open(tmp, 'w', keepMode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/**
 * temp + fsync + rename + fsync(dir): after a crash the target holds either its old or its new bytes, never half.
 * `afterTemp` runs between the temp write and the rename (a test seam for crash points).
 */
export async function writeFileAtomic(path: string, data: Uint8Array, afterTemp?: () => void | Promise<void>): Promise<void> {
  const tmp = await writeSyncedTemp(path, data);
  try {
    await afterTemp?.();
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dirname(path));
}
