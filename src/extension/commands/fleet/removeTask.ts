import * as vscode from 'vscode';
import type { QueueTask } from '../../../core/queue/types';
import type { LwContext } from '../../context';
import { optionOf } from '../args';
import { resolveTaskTarget } from './targets';
import { requireTrust } from './trust';

/**
 * lwCoder.fleet.removeTask [task row|{ planId, force? }]: takes a task out of the queue. When others wait for it, or a
 * worker holds it, a modal says so and "Remove Anyway" forces it (its dependents then stop waiting for it).
 */
export function removeTask(ctx: LwContext) {
  return async (arg?: unknown): Promise<QueueTask | undefined> => {
    requireTrust('Remove from Queue');
    const target = await resolveTaskTarget(ctx, arg, 'Remove from Queue');
    if (!target) return undefined;
    const { chunk, deps } = await ctx.fleet.forRepo(target.repoRoot);
    let force = optionOf<unknown>(arg, 'force') === true;
    let removed: QueueTask | undefined;
    try {
      removed = await chunk.removeTask(deps.queue, target.planId, { force });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (force || (code !== 'has-dependents' && code !== 'wrong-state')) throw error;
      const why = code === 'has-dependents' ? 'Other tasks wait for it: removing it lets them go ahead without it.' : 'A worker is working on it: removing it does not stop that worker.';
      const choice = await vscode.window.showWarningMessage(`Remove ${target.planId} from the queue?`, { modal: true, detail: `${(error as Error).message}\n\n${why}` }, 'Remove Anyway');
      if (choice !== 'Remove Anyway') return undefined;
      force = true;
      removed = await chunk.removeTask(deps.queue, target.planId, { force });
    }
    ctx.logger('workers').info(`removed ${target.planId} from the queue${force ? ' (forced)' : ''}`);
    await ctx.workers.refresh();
    return removed;
  };
}
