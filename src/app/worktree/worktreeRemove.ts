import { WorktreeError } from '../../core/worktree/errors';
import type { UseCaseOptions } from '../../core/worktree/events';
import { unsafePlanIdReason } from '../../core/worktree/layout';
import { salvageWorktree, type SalvageOutcome } from './salvage';
import { findRegistration, planWorktreeLocation } from './worktreeEnsure';
import { entryOwnerMayBeAlive } from './worktreeGitdir';
import type { WorktreeDeps } from './worktreeDeps';
import { repairWorktreePointers } from './worktreePointerCheck';

export interface RemoveRequest {
  readonly repoRoot: string;
  readonly planId: string;
  /** The plan's git_sha, so commits beyond it count as work to salvage. */
  readonly base?: string;
  /**
   * Asked after the salvage succeeded and before anything is deleted; false cancels. The CLI prompts on a TTY,
   * the extension shows a modal. Absent means confirmed (the caller already asked, e.g. `--yes`).
   */
  readonly confirm?: (salvage: SalvageOutcome, path: string) => Promise<boolean>;
}

export type RemoveOutcome =
  | { readonly kind: 'removed'; readonly path: string; readonly salvage: SalvageOutcome }
  | { readonly kind: 'declined'; readonly path: string; readonly salvage: SalvageOutcome }
  | { readonly kind: 'no-worktree'; readonly path: string };

/**
 * Removes a plan's worktree (the branch stays). Salvage runs first and a failed salvage stops everything: LW Coder never
 * deletes work it could not save. A worktree in use by a running container session is refused.
 */
export async function removePlanWorktree(deps: WorktreeDeps, req: RemoveRequest, options: UseCaseOptions = {}): Promise<RemoveOutcome> {
  const unsafe = unsafePlanIdReason(req.planId);
  if (unsafe) throw new WorktreeError('unsafe-plan-id', `Cannot remove a worktree: ${unsafe}.`, 'Pass the plan_id as written in the plan file.');
  const { root, path } = await planWorktreeLocation(deps, req.repoRoot, req.planId);
  const release = await deps.locks.acquire(`worktree-${req.planId}`, { signal: options.signal });
  try {
    // Checked first: while patched, git lists the worktree under its container path.
    const { entries } = await deps.journal.list();
    const live = entries.find((e) => e.worktreePath === path && entryOwnerMayBeAlive(deps, e));
    if (live) {
      throw new WorktreeError('already-patched', `A container session (pid ${live.pid}) is using ${path}.`, 'Stop that run first; if it is no longer running, run `lwc recover --force`.');
    }
    const { atPath } = await findRegistration(deps, root, path, options.signal);
    if (!atPath) {
      if ((await deps.files.kind(path)) !== 'missing') {
        throw new WorktreeError('not-a-worktree', `${path} exists but is not a registered worktree, so LW Coder will not delete it.`, 'Inspect it and move or delete it yourself.');
      }
      return { kind: 'no-worktree', path };
    }
    if (atPath.prunable !== undefined) {
      await deps.git.prune(root, options.signal); // the directory is already gone: nothing to salvage
      return { kind: 'removed', path, salvage: { kind: 'nothing-to-save', why: 'the worktree directory was already gone' } };
    }
    // git refuses to remove a worktree whose `.git` does not point back at its registration; and a tampered one is worth saying.
    const changes = await repairWorktreePointers(deps, path, options.signal);
    if (changes.length > 0) options.onEvent?.({ type: 'gitdir-tampered', worktreePath: path, changes });
    const salvage = await salvageWorktree(deps, { repoRoot: root, planId: req.planId, worktreePath: path, base: req.base, reason: 'remove' }, options);
    if (req.confirm && !(await req.confirm(salvage, path))) return { kind: 'declined', path, salvage };
    // --force: the changes it would refuse to drop are in the salvage ref now.
    await deps.git.removeWorktree(root, path, { force: true }, options.signal);
    options.onEvent?.({ type: 'worktree-removed', path });
    return { kind: 'removed', path, salvage };
  } finally {
    await release();
  }
}
