import type { PlanFilesPort } from '../../core/ports/planFiles';
import { setFrontMatterValue } from '../../core/plan/edit';
import type { UseCaseOptions } from '../../core/worktree/events';
import { salvageWorktree, type SalvageOutcome } from './salvage';
import { findRegistration, planWorktreeLocation } from './worktreeEnsure';
import type { WorktreeDeps } from './worktreeDeps';

export interface AbandonRequest {
  readonly repoRoot: string;
  readonly planPath: string;
  readonly planId: string;
  readonly base?: string;
}

/**
 * Sets a plan's status to `abandoned`, salvaging its worktree first. Abandoning is where work gets forgotten, so a
 * failed salvage stops it before the plan file changes. The worktree itself stays (removal is a separate, confirmed step).
 */
export async function abandonPlan(
  deps: WorktreeDeps & { readonly planFiles: PlanFilesPort },
  req: AbandonRequest,
  options: UseCaseOptions = {},
): Promise<{ salvage: SalvageOutcome | undefined }> {
  const { root, path } = await planWorktreeLocation(deps, req.repoRoot, req.planId);
  const { atPath } = await findRegistration(deps, root, path, options.signal);
  const salvage =
    atPath && atPath.prunable === undefined
      ? await salvageWorktree(deps, { repoRoot: root, planId: req.planId, worktreePath: path, base: req.base, reason: 'abandon' }, options)
      : undefined;
  const text = await deps.planFiles.readText(req.planPath, options.signal);
  await deps.planFiles.writeTextAtomic(req.planPath, setFrontMatterValue(text, 'status', 'abandoned'));
  return { salvage };
}
