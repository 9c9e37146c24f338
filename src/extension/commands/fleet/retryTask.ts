import type { QueueTask } from '../../../core/queue/types';
import type { LwContext } from '../../context';
import { resolveTaskTarget } from './targets';
import { requireTrust } from './trust';

/** lwCoder.fleet.retryTask [task row|{ planId }]: a failed task is open again, with a fresh budget of attempts. */
export function retryTask(ctx: LwContext) {
  return async (arg?: unknown): Promise<QueueTask | undefined> => {
    requireTrust('Retry');
    const target = await resolveTaskTarget(ctx, arg, 'Retry a failed task', ['failed']);
    if (!target) return undefined;
    const { chunk, deps } = await ctx.fleet.forRepo(target.repoRoot);
    const task = await chunk.retryTask(deps.queue, target.planId, 'editor');
    ctx.logger('workers').info(`reopened ${target.planId}`);
    await ctx.workers.refresh();
    return task;
  };
}
