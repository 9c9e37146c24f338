import { lstatSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let current: string | undefined;

/** Ours, a real directory (not a link), and empty: otherwise git would run whatever someone put there. */
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
 * The directory LW Coder points `core.hooksPath` at: an empty 0700 directory of this process under the temp dir, so no
 * repository's hooks run for LW Coder's git. Checked before every use and made anew when a temp cleaner removed it
 * (someone else could then create a directory of that name) or something appeared in it.
 */
export function emptyHooksDir(): string {
  if (current !== undefined && stillSafe(current)) return current;
  current = mkdtempSync(join(tmpdir(), 'lwc-no-hooks-'));
  return current;
}
