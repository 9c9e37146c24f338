import { writeFileAtomic } from '../fs/atomicWrite';
import { TEMP_SUFFIX } from '../../core/worktree/gitdirPatch';

/**
 * Atomic write for the gitdir pointers and lock files: the temp file has a fixed name (`path + TEMP_SUFFIX`) so
 * `recover` can find and remove one left by a crash between the temp write and the rename.
 */
export function writePointerAtomic(path: string, data: Uint8Array, afterTemp?: () => void | Promise<void>): Promise<void> {
  return writeFileAtomic(path, data, { tmpPath: `${path}${TEMP_SUFFIX}`, afterTemp });
}
