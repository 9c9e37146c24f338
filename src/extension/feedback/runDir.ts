import { existsSync } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { readWorktreeChanges } from '../../adapters/git/worktreeRead';
import { parseRunDirName, RUN_RECORD_FILE } from '../../core/runs/layout';
import type { FileChangeKind } from '../../protocol/feedback';
import { parseNameStatus, type FeedbackRunInput } from '../../protocol/feedbackModel';

/** Names the headless runner writes (src/app/run/runHeadless.ts); repeated here so this chunk does not pull the runner in. */
export const EVENTS_FILE = 'events.jsonl';
export const RESULT_FILE = 'result.json';

/** Where a run directory sits: `<repo>/.lw_coder/runs/<plan_id>/<run_id>`. */
export interface RunLocation {
  readonly runDir: string;
  readonly repoRoot: string;
  readonly planId: string;
  readonly runId: string;
  /** `<repo>/.lw_coder/worktrees/<plan_id>`, the files the run changed. */
  readonly worktree: string;
}

/** Resolves and checks a run directory path; the error says what a run directory looks like. */
export function locateRun(runDir: string): RunLocation {
  const dir = resolve(runDir);
  const runId = basename(dir);
  const planDir = resolve(dir, '..');
  const runsDir = resolve(planDir, '..');
  const lwDir = resolve(runsDir, '..');
  if (!parseRunDirName(runId) || basename(runsDir) !== 'runs' || basename(lwDir) !== '.lw_coder') {
    throw new Error(`${runDir} is not a run directory: expected <repository>/.lw_coder/runs/<plan_id>/<timestamp> (open one from the Runs view).`);
  }
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: was the run pruned? Refresh the Runs view.`);
  const repoRoot = resolve(lwDir, '..');
  const planId = basename(planDir);
  return { runDir: dir, repoRoot, planId, runId, worktree: join(repoRoot, '.lw_coder', 'worktrees', planId) };
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map(async (e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return rel === 'agent' ? [] : listFiles(join(dir, e.name), rel);
    return e.isFile() ? [rel] : [];
  }));
  return nested.flat();
}

/** Tracked changes of the worktree (committed or not) against `base`, plus untracked files as added. */
export async function worktreeChanges(worktree: string, base: string): Promise<{ path: string; change: FileChangeKind }[]> {
  // LW Coder's hardened git, at the git dir the repository records for the worktree (never its agent-written `.git`).
  const { nameStatus, untracked } = await readWorktreeChanges(worktree, base);
  const rows = parseNameStatus(nameStatus);
  const seen = new Set(rows.map((r) => r.path));
  for (const path of untracked) if (!seen.has(path)) rows.push({ path, change: 'added' });
  return rows;
}

/** Complete lines of events.jsonl from `offset` on; `next` is the byte after the last complete line read. */
export async function readEventsFrom(runDir: string, offset: number): Promise<{ text: string; next: number }> {
  const path = join(runDir, EVENTS_FILE);
  const size = await stat(path).then((s) => s.size, () => -1);
  if (size <= offset) return { text: '', next: Math.max(offset, 0) };
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (end < 0) return { text: '', next: offset };
    return { text: buffer.subarray(0, end + 1).toString('utf8'), next: offset + end + 1 };
  } finally {
    await handle.close();
  }
}

export interface RunSnapshot {
  readonly input: FeedbackRunInput;
  /** Bytes of events.jsonl covered by `input.eventsText` (complete lines only). */
  readonly eventsOffset: number;
}

/**
 * Reads what the panel shows. Git runs only when `useGit` (a trusted workspace): a repository's config can make git
 * run programs, and the Runs view also opens in untrusted workspaces.
 */
export async function readRunSnapshot(loc: RunLocation, options: { follow: boolean; useGit: boolean; onGitError?: (message: string) => void }): Promise<RunSnapshot> {
  const [runRecord, result, runFiles, events] = await Promise.all([
    readJson(join(loc.runDir, RUN_RECORD_FILE)),
    existsSync(join(loc.runDir, RESULT_FILE)) ? readJson(join(loc.runDir, RESULT_FILE)).then((r) => r ?? { unreadable: true }) : Promise.resolve(undefined),
    listFiles(loc.runDir),
    existsSync(join(loc.runDir, EVENTS_FILE)) ? readEventsFrom(loc.runDir, 0) : Promise.resolve(undefined),
  ]);
  const record = (runRecord ?? {}) as { planPath?: unknown; gitSha?: unknown; session?: { worktreeHead?: unknown } };
  const planPath = typeof record.planPath === 'string' ? resolve(loc.repoRoot, record.planPath) : undefined;
  // Only a plan inside the repository: run.json is data, not a licence to read any file.
  const planMarkdown = planPath && !relative(loc.repoRoot, planPath).startsWith('..') && !planPath.includes(`${sep}..${sep}`)
    ? await readFile(planPath, 'utf8').catch(() => undefined)
    : undefined;
  const base = typeof record.session?.worktreeHead === 'string' ? record.session.worktreeHead : typeof record.gitSha === 'string' ? record.gitSha : undefined;
  let gitChanges: FeedbackRunInput['gitChanges'];
  if (options.useGit && base && /^[0-9a-f]{7,64}$/i.test(base) && existsSync(loc.worktree)) {
    gitChanges = await worktreeChanges(loc.worktree, base).catch((e: unknown) => {
      options.onGitError?.(e instanceof Error ? e.message : String(e));
      return undefined;
    });
  }
  return {
    input: {
      planId: loc.planId,
      runId: loc.runId,
      ...(runRecord !== undefined ? { runRecord } : {}),
      ...(result !== undefined ? { result } : {}),
      ...(events ? { eventsText: events.text } : {}),
      ...(planMarkdown !== undefined ? { planMarkdown } : {}),
      ...(gitChanges ? { gitChanges } : {}),
      runFiles,
      follow: options.follow,
    },
    eventsOffset: events?.next ?? 0,
  };
}
