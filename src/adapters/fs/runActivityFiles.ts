import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { activityOf, emptyFold, foldEventLines, type RunActivity, type RunEventsFold } from '../../core/fleet/runEvents';
import { MAX_RUNS_PER_PLAN, type RunActivityPort } from '../../core/ports/runActivity';
import { isSafePlanDirName, parseRunDirName, RUNS_DIR_PARTS } from '../../core/runs/layout';

const EVENTS_FILE = 'events.jsonl';
/** Read in slices: a run's events file grows by lines; a planted giant is read no further than this. */
const SLICE_BYTES = 1024 * 1024;
const MAX_EVENTS_BYTES = 64 * 1024 * 1024;

interface CachedFile {
  size: number;
  mtimeMs: number;
  /** Bytes folded so far (up to the last newline). */
  offset: number;
  fold: RunEventsFold;
  activity: RunActivity;
}

/**
 * RunActivityPort over `.lw_coder/runs/<plan_id>/<run>/events.jsonl`. Each file is cached by size and mtime: an unchanged
 * file costs one lstat, a grown one is read from where the last read stopped (events.jsonl is append-only), a file
 * that shrank or was replaced is read again from the start. Symlinks (a plan folder, a run folder, the events file) are
 * not followed: a repository's run folders are attacker input, and these files are ours to write, never links.
 */
export function createRunActivityFiles(repoRoot: string): RunActivityPort {
  const root = join(repoRoot, ...RUNS_DIR_PARTS);
  const cache = new Map<string, CachedFile>();

  async function readRun(runDir: string, run: string): Promise<RunActivity> {
    const path = join(runDir, EVENTS_FILE);
    const st = await lstat(path).catch(() => undefined);
    if (!st || !st.isFile()) {
      cache.delete(path);
      return { run, buckets: [], events: 0 };
    }
    let entry = cache.get(path);
    if (entry && entry.size === st.size && entry.mtimeMs === st.mtimeMs) return entry.activity;
    if (!entry || st.size < entry.offset) entry = { size: 0, mtimeMs: 0, offset: 0, fold: emptyFold(), activity: { run, buckets: [], events: 0 } };
    const end = Math.min(st.size, MAX_EVENTS_BYTES);
    if (end > entry.offset) {
      const handle = await open(path, 'r');
      try {
        // Bytes, not strings: a slice may end inside a UTF-8 character, and only whole lines are folded (the last
        // one may still be being written), so the next read starts right after the last newline.
        let carry = Buffer.alloc(0);
        let position = entry.offset;
        const buffer = Buffer.alloc(Math.min(SLICE_BYTES, end - position));
        while (position < end) {
          const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position);
          if (bytesRead === 0) break;
          position += bytesRead;
          const bytes = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
          const cut = bytes.lastIndexOf(0x0a);
          if (cut < 0) {
            carry = bytes;
            continue;
          }
          foldEventLines(entry.fold, bytes.toString('utf8', 0, cut));
          carry = Buffer.from(bytes.subarray(cut + 1));
        }
        entry.offset = position - carry.length;
      } finally {
        await handle.close();
      }
    }
    entry.size = st.size;
    entry.mtimeMs = st.mtimeMs;
    entry.activity = activityOf(run, entry.fold);
    cache.set(path, entry);
    return entry.activity;
  }

  return {
    async planRuns(planId, sinceMs) {
      if (!isSafePlanDirName(planId)) return [];
      const planDir = join(root, planId);
      const dirStat = await lstat(planDir).catch(() => undefined);
      if (!dirStat?.isDirectory()) return [];
      const entries = await readdir(planDir, { withFileTypes: true }).catch(() => []);
      const runs = entries
        .filter((e) => e.isDirectory())
        .map((e) => ({ name: e.name, at: parseRunDirName(e.name)?.getTime() }))
        .filter((r): r is { name: string; at: number } => r.at !== undefined && r.at >= sinceMs)
        .map((r) => r.name)
        .sort()
        .slice(-MAX_RUNS_PER_PLAN);
      return Promise.all(runs.map((run) => readRun(join(planDir, run), run)));
    },
  };
}
