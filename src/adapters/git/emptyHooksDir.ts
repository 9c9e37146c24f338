import { lstatSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let current: string | undefined;

/** Ours, a real directory (not a link), private, and empty: otherwise git would run whatever someone put there. */
function stillSafe(dir: string): boolean {
  try {
    const s = lstatSync(dir);
    const uid = process.getuid?.();
    return s.isDirectory() && (uid === undefined || s.uid === uid) && (s.mode & 0o077) === 0 && readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

/**
 * The directory LW Coder points `core.hooksPath` at, so no repository's hooks run for LW Coder's git: an empty 0700
 * directory of this user under the temp dir, one per user (every `lwc` would otherwise leave one behind). Checked before
 * every use; when it is not ours, not private or not empty (someone made it first, or put something in it), a fresh
 * private one is made instead.
 */
export function emptyHooksDir(): string {
  if (current !== undefined && stillSafe(current)) return current;
  const shared = join(tmpdir(), `lwc-no-hooks-${process.getuid?.() ?? 'user'}`);
  try {
    mkdirSync(shared, { mode: 0o700 });
  } catch {
    // Already there (ours from an earlier run, or someone else's): stillSafe decides.
  }
  current = stillSafe(shared) ? shared : mkdtempSync(join(tmpdir(), 'lwc-no-hooks-'));
  return current;
}
