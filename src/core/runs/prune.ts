import { parseRunDirName, RUN_TEMP_PREFIX } from './layout';

/** One entry found under `.lw_coder/runs/<plan_id>/`, as lstat saw it (symlinks are never followed). */
export interface RunDirEntry {
  readonly planId: string;
  readonly name: string;
  readonly isDirectory: boolean;
  readonly isSymbolicLink: boolean;
  /** Modification time, for leftover temp directories whose names carry no time. */
  readonly mtimeMs: number;
}

/** Temp build directories older than this are leftovers of a crash. */
export const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/**
 * Which entries to delete: run directories whose name says they are older than `maxAgeMs`, and stale temp
 * directories. Symlinks and names that are not ours are kept, whatever their age.
 */
export function selectRunsToPrune(entries: readonly RunDirEntry[], nowMs: number, maxAgeMs: number): RunDirEntry[] {
  return entries.filter((e) => {
    if (e.isSymbolicLink || !e.isDirectory) return false;
    if (e.name.startsWith(RUN_TEMP_PREFIX)) return nowMs - e.mtimeMs > STALE_TEMP_MS;
    const when = parseRunDirName(e.name);
    return when !== undefined && nowMs - when.getTime() > maxAgeMs;
  });
}
