import { parsePorcelainV2 } from '../../core/worktree/status';
import { salvageWorktree } from '../worktree/salvage';
import type { WorktreeDeps } from '../worktree/worktreeDeps';

/** What became of one worktree's uncommitted work when its worker stopped. */
export interface WorktreeWorkOutcome {
  readonly planId: string;
  readonly path: string;
  /** salvaged: a ref holds its files; discarded: the user chose not to keep them; clean: nothing uncommitted. */
  readonly work: 'salvaged' | 'discarded' | 'clean' | 'missing';
  readonly ref?: string;
}

export interface WorktreeWorkRequest {
  readonly root: string;
  readonly planId: string;
  readonly path: string;
  /** The plan's git_sha: commits on a detached HEAD beyond it are on no branch, so only a salvage keeps them. */
  readonly base?: string;
  readonly work: 'salvage' | 'discard';
}

/**
 * The per-worktree step of a stop (`lwc down` for every worker's worktree, `lwc down --worker` for one), run once
 * nothing writes the worktree any more: uncommitted files (or commits on no branch) are saved under
 * `refs/lw-coder/salvage/<plan_id>/<timestamp>` — or, on `discard`, left unsaved; the files stay in the worktree
 * either way. Throws when a salvage fails, so that a caller about to remove anything stops first.
 */
export async function settleWorktreeWork(wt: WorktreeDeps, req: WorktreeWorkRequest, signal?: AbortSignal): Promise<WorktreeWorkOutcome> {
  const { planId, path } = req;
  if ((await wt.files.kind(path)) === 'missing') return { planId, path, work: 'missing' };
  const counts = parsePorcelainV2(await wt.git.statusPorcelain(path, signal));
  const dirty = counts.staged + counts.unstaged + counts.untracked + counts.conflicted > 0;
  const detachedAhead = counts.branch === undefined && req.base !== undefined && counts.head !== undefined && counts.head !== req.base;
  if (!dirty && !detachedAhead) return { planId, path, work: 'clean' };
  if (req.work === 'discard') return { planId, path, work: 'discarded' };
  const saved = await salvageWorktree(wt, { repoRoot: req.root, planId, worktreePath: path, ...(req.base ? { base: req.base } : {}), reason: 'fleet-down', always: true }, signal ? { signal } : {});
  const ref = saved.kind === 'saved' ? saved.record.ref : undefined;
  return { planId, path, work: 'salvaged', ...(ref ? { ref } : {}) };
}
