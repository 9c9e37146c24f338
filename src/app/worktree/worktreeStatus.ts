import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { emptyStatus, parsePorcelainV2, statusFromCounts, type WorktreeStatus } from '../../core/worktree/status';
import { planWorktreePath } from '../../core/worktree/layout';
import type { UseCaseOptions } from '../../core/worktree/events';
import { mapLimit, type WorktreeDeps } from './worktreeDeps';

/** A plan whose worktree to report; `base` (the plan's git_sha) enables the ahead count. */
export interface StatusRequest {
  readonly planId: string;
  readonly base?: string;
}

/**
 * Status of many plan worktrees in one refresh (the Plans view asks for all of them at once): one `worktree list`, one
 * `log` for every last commit, one `status` per worktree run a few at a time, `rev-list` only where HEAD moved from the
 * base. Each result is also reported as a `status` event as soon as it is known, so a tree view can fill in rows
 * progressively. A worktree that cannot be read is reported as 'broken' with the reason, never thrown.
 */
export async function worktreeStatuses(
  deps: WorktreeDeps,
  repoRoot: string,
  plans: readonly (string | StatusRequest)[],
  options: UseCaseOptions & { concurrency?: number } = {},
): Promise<WorktreeStatus[]> {
  const { signal, onEvent } = options;
  const requests = plans.map((p) => (typeof p === 'string' ? { planId: p } : p));
  const root = await deps.files.realpath(repoRoot);
  const [all, journal, readStatus] = await Promise.all([deps.git.listWorktrees(root, signal), deps.journal.list(), deps.git.statusReader(signal)]);
  // All at once: one after another, 200 worktrees' realpaths held up even a refresh of ten.
  const byPath = new Map((await Promise.all(all.map(async (e) => [await deps.files.realpath(e.path), e] as const))));
  const patchedAdmin = new Map(journal.entries.map((e) => [e.worktreePath, dirname(e.reversePath)]));
  const heads = all.map((e) => e.head).filter((h): h is string => Boolean(h));
  const summaries = deps.git.commitSummaries(root, heads, signal).catch(() => new Map<string, { subject: string; date: string }>());

  // Ahead counts for every worktree whose HEAD left its base: one rev-list per distinct base, not one per worktree.
  const headAt = new Map<string, string>();
  for (const [p, e] of byPath) if (e.head) headAt.set(p, e.head);
  const byBase = new Map<string, string[]>();
  for (const req of requests) {
    const head = headAt.get(planWorktreePath(root, req.planId));
    if (req.base && head && head !== req.base) byBase.set(req.base, [...(byBase.get(req.base) ?? []), head]);
  }
  const aheadByBase = new Map(
    [...byBase].map(([base, heads]) => [base, deps.git.countAheadMany(root, base, heads, signal).catch(() => new Map<string, number>())] as const),
  );

  let done = 0;
  // git status is mostly process start-up and stat calls: a few more than the cores keep them busy, and a cap keeps a
  // large machine from starting dozens of gits at once beside the user's own work.
  const limit = options.concurrency ?? Math.min(8, Math.max(4, availableParallelism()));
  return mapLimit(requests, limit, async (req) => {
    const status = await oneStatus(deps, root, req, byPath, patchedAdmin, summaries, aheadByBase, readStatus, signal);
    onEvent?.({ type: 'status', status, done: ++done, total: requests.length });
    return status;
  });
}

async function oneStatus(
  deps: WorktreeDeps,
  root: string,
  req: StatusRequest,
  byPath: Map<string, { head: string | undefined; prunable: string | undefined }>,
  patchedAdmin: Map<string, string>,
  summaries: Promise<Map<string, { subject: string; date: string }>>,
  aheadByBase: Map<string, Promise<Map<string, number>>>,
  readStatus: (dir: string, gitDir?: string) => Promise<string>,
  signal: AbortSignal | undefined,
): Promise<WorktreeStatus> {
  const path = planWorktreePath(root, req.planId);
  const adminDir = patchedAdmin.get(path);
  // While patched, git lists the worktree under its container path; the journal still knows where it really is.
  const entry = byPath.get(path) ?? (adminDir ? { head: undefined, prunable: undefined } : undefined);
  if (!entry) {
    const kind = await deps.files.kind(path);
    return kind === 'missing'
      ? emptyStatus(req.planId, path, 'missing')
      : emptyStatus(req.planId, path, 'broken', `${path} exists but is not a registered worktree; run \`lwc worktree ensure ${req.planId}\` for details`);
  }
  if (entry.prunable !== undefined) {
    return emptyStatus(req.planId, path, 'broken', `the worktree directory is gone (${entry.prunable}); \`lwc worktree ensure ${req.planId}\` recreates it`);
  }
  try {
    const counts = parsePorcelainV2(await readStatus(path, adminDir));
    let ahead: number | undefined;
    if (req.base && counts.head) {
      ahead = counts.head === req.base ? 0 : (await aheadByBase.get(req.base))?.get(counts.head);
      // HEAD moved since `worktree list` (a commit landed mid-refresh): ask for this one alone.
      if (ahead === undefined && counts.head !== req.base) ahead = await deps.git.countAhead(root, req.base, counts.head, signal).catch(() => undefined);
    }
    const summary = counts.head ? (await summaries).get(counts.head) : undefined;
    const lastCommit = counts.head && summary ? { sha: counts.head, ...summary } : undefined;
    return statusFromCounts(req.planId, path, counts, { base: req.base, ahead, lastCommit, patched: adminDir !== undefined });
  } catch (error) {
    if (signal?.aborted) throw error;
    return emptyStatus(req.planId, path, 'broken', error instanceof Error ? error.message : String(error));
  }
}
