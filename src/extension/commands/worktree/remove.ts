import * as vscode from 'vscode';
import type { RemoveOutcome } from '../../../app/worktree/worktreeRemove';
import type { SalvageOutcome } from '../../../app/worktree/salvage';
import type { LwContext } from '../../context';
import { loadWorktrees } from '../../lazy';
import { optionOf } from '../args';
import { resolveWorktreeTarget } from './target';

const REMOVE = 'Remove Worktree';

function salvageSentence(salvage: SalvageOutcome): string {
  return salvage.kind === 'saved'
    ? `Its work was saved to ${salvage.record.ref}; restore it any time from Recover in the Plans view.`
    : `Nothing needed saving (${salvage.why}).`;
}

/**
 * lwCoder.worktree.remove [node|uri|{ uri, yes }]: salvage first (removePlanWorktree refuses to delete what it could not
 * save), then a modal naming the salvage ref, then removal. The branch stays. `yes: true` skips the modal (tests,
 * scripts), never the salvage.
 */
export function removeWorktree(ctx: LwContext) {
  const logger = ctx.logger('worktrees');
  return async (arg?: unknown): Promise<RemoveOutcome | undefined> => {
    const target = await resolveWorktreeTarget(ctx, arg);
    if (!target) return undefined;
    const yes = optionOf<boolean>(arg, 'yes') === true;
    const wt = await loadWorktrees();
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Salvaging the worktree of ${target.planId}…` },
      () =>
        wt.removePlanWorktree(wt.createWorktreeDeps(target.repoRoot, logger), {
          repoRoot: target.repoRoot,
          planId: target.planId,
          ...(target.base ? { base: target.base } : {}),
          confirm: async (salvage, path) => {
            if (yes) return true;
            const choice = await vscode.window.showWarningMessage(
              `Remove the worktree of ${target.planId}?`,
              { modal: true, detail: `${path} will be deleted; the branch ${target.planId} stays. ${salvageSentence(salvage)}` },
              REMOVE,
            );
            return choice === REMOVE;
          },
        }),
    );
    if (outcome.kind === 'removed') logger.info(`removed ${outcome.path}; ${salvageSentence(outcome.salvage)}`);
    else if (outcome.kind === 'declined') logger.info(`kept ${outcome.path} (declined); ${salvageSentence(outcome.salvage)}`);
    else void vscode.window.showInformationMessage(`${target.planId} has no worktree to remove.`);
    await ctx.worktrees.refresh();
    return outcome;
  };
}
