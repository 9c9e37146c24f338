import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import { UserError } from '../../notify';
import { optionOf } from '../args';
import { COMMAND_IDS } from '../ids';
import { resolveWorkerTarget } from './targets';

/**
 * lwCoder.fleet.openWorkerWorktree [worker row|{ name, how? }]: the worktree of the worker's task, through Open
 * Worktree (new window or workspace folder; the worktree's git pointers checked before VS Code's git runs there).
 */
export function openWorkerWorktree(ctx: LwContext) {
  return async (arg?: unknown): Promise<unknown> => {
    const worker = await resolveWorkerTarget(ctx, arg);
    if (!worker.planId) throw new UserError(`${worker.name} has no task right now, so no worktree: pick a busy worker.`);
    await ctx.plans.refresh();
    const plan = ctx.plans.state.groups.flatMap((g) => g.plans).find((p) => p.planId === worker.planId);
    if (!plan) throw new UserError(`${worker.name} works on ${worker.planId}, whose plan is not in the Plans view of this window: open its repository.`);
    const how = optionOf<unknown>(arg, 'how');
    return vscode.commands.executeCommand(COMMAND_IDS.worktreeOpen, { uri: vscode.Uri.file(plan.path), ...(how !== undefined ? { how } : {}) });
  };
}
