import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { CreatedRun, PruneResult, RunFile, RunStorePort, RunSummary } from '../../core/ports/runStore';
import { removeLeftoverSecrets } from './agentSecretSweep';
import { isSafePlanDirName, parseRunDirName, RUN_RECORD_FILE, RUN_TEMP_PREFIX, RUNS_DIR_PARTS, runDirName } from '../../core/runs/layout';
import { selectRunsToPrune, type RunDirEntry } from '../../core/runs/prune';
import { RunRecordSchema, type RunRecord } from '../../core/runs/record';

const MAX_COLLISIONS = 99;

const isErrno = (error: unknown, ...codes: string[]): boolean => codes.includes((error as NodeJS.ErrnoException)?.code ?? '');

function safeRelative(path: string): boolean {
  return path.length > 0 && !path.startsWith('/') && !path.includes('\\') && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

async function listFiles(dir: string, prefix = '', depth = 0): Promise<string[]> {
  if (depth > 3) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(join(dir, e.name), rel, depth + 1)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

async function readRecord(runDir: string): Promise<RunRecord | undefined> {
  try {
    const parsed = RunRecordSchema.safeParse(JSON.parse(await readFile(join(runDir, RUN_RECORD_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** `.lw_coder/runs` of the repository at `repoRoot`. */
export function createFileRunStore(repoRoot: string): RunStorePort {
  const root = join(repoRoot, ...RUNS_DIR_PARTS);
  const planDirOf = (planId: string): string => {
    if (!isSafePlanDirName(planId)) throw new Error(`plan_id '${planId}' cannot name a run directory. Fix the plan's plan_id (letters, digits, '.', '_', '-'; 3-100 characters).`);
    return join(root, planId);
  };

  return {
    root,

    async createRun(planId: string, files: readonly RunFile[], record: RunRecord, now: Date): Promise<CreatedRun> {
      const planDir = planDirOf(planId);
      await mkdir(planDir, { recursive: true });
      const tmp = await mkdtemp(join(planDir, RUN_TEMP_PREFIX));
      try {
        for (const f of files) {
          if (!safeRelative(f.path) || f.path === RUN_RECORD_FILE) throw new Error(`run file path '${f.path}' must be relative and stay inside the run directory`);
          await mkdir(dirname(join(tmp, f.path)), { recursive: true });
          await writeFile(join(tmp, f.path), f.content, { flag: 'wx' });
        }
        // run.json last: a run directory with run.json is complete.
        await writeFile(join(tmp, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
        for (let c = 0; c <= MAX_COLLISIONS; c++) {
          const name = runDirName(now, c);
          const runDir = join(planDir, name);
          // rename() replaces an empty directory silently, so look first; a non-empty one makes rename fail below.
          if (await lstat(runDir).then(() => true, () => false)) continue;
          try {
            await rename(tmp, runDir);
          } catch (error) {
            if (isErrno(error, 'EEXIST', 'ENOTEMPTY', 'ENOTDIR')) continue;
            throw error;
          }
          return { runDir, name, files: [...files.map((f) => join(runDir, ...f.path.split('/'))), join(runDir, RUN_RECORD_FILE)] };
        }
        throw new Error(`more than ${MAX_COLLISIONS} runs of plan ${planId} in the same millisecond`);
      } catch (error) {
        await rm(tmp, { recursive: true, force: true });
        throw error;
      }
    },

    async listRuns(planId?: string): Promise<RunSummary[]> {
      const plans = planId ? [planId] : (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
      const out: RunSummary[] = [];
      for (const plan of plans) {
        if (!isSafePlanDirName(plan)) continue;
        const planDir = join(root, plan);
        for (const e of await readdir(planDir, { withFileTypes: true }).catch(() => [])) {
          const when = parseRunDirName(e.name);
          if (!e.isDirectory() || !when) continue;
          const runDir = join(planDir, e.name);
          const record = await readRecord(runDir);
          out.push({ planId: plan, name: e.name, runDir, createdAt: record?.createdAt ?? when.toISOString(), ...(record ? { record } : {}), files: await listFiles(runDir) });
        }
      }
      return out.sort((a, b) => (a.name === b.name ? (a.planId < b.planId ? -1 : 1) : a.name < b.name ? 1 : -1));
    },

    async pruneRuns(maxAgeMs: number, now: Date, keep: readonly string[] = []): Promise<PruneResult> {
      const removed: string[] = [];
      const skipped: { path: string; reason: string }[] = [];
      const rootStat = await lstat(root).catch(() => undefined);
      if (!rootStat) return { removed, skipped };
      if (!rootStat.isDirectory()) {
        skipped.push({ path: root, reason: 'is a symbolic link or not a directory; nothing is deleted through it' });
        return { removed, skipped };
      }
      for (const planEntry of await readdir(root, { withFileTypes: true })) {
        const planDir = join(root, planEntry.name);
        if (planEntry.isSymbolicLink()) {
          skipped.push({ path: planDir, reason: 'symbolic link (not followed)' });
          continue;
        }
        if (!planEntry.isDirectory()) continue;
        const entries: RunDirEntry[] = [];
        for (const e of await readdir(planDir, { withFileTypes: true }).catch(() => [])) {
          if (e.isSymbolicLink()) {
            skipped.push({ path: join(planDir, e.name), reason: 'symbolic link (not followed)' });
            continue;
          }
          const st = await lstat(join(planDir, e.name)).catch(() => undefined);
          if (st) entries.push({ planId: planEntry.name, name: e.name, isDirectory: st.isDirectory(), isSymbolicLink: st.isSymbolicLink(), mtimeMs: st.mtimeMs });
        }
        for (const victim of selectRunsToPrune(entries, now.getTime(), maxAgeMs)) {
          const path = join(planDir, victim.name);
          const rel = relative(root, path);
          // Belt and braces: only ever delete a direct grandchild of .lw_coder/runs.
          if (keep.includes(path) || rel.startsWith('..') || rel.split(sep).length !== 2) continue;
          await rm(path, { recursive: true, force: true });
          removed.push(path);
        }
      }
      return { removed, skipped };
    },

    removeLeftoverSecrets: (ownerAlive) => removeLeftoverSecrets(root, ownerAlive),
  };
}
