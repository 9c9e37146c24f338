import type { QueueTask } from '../../../core/queue/types';
import type { LwContext } from '../../context';
import { allTasksIn, pickPriority, priorityOption, resolveTaskTarget } from './targets';
import { requireTrust } from './trust';

/** lwCoder.fleet.changePriority [task row|{ planId, priority }]: a waiting task's claim priority (0 highest … 4 lowest). */
export function changePriority(ctx: LwContext) {
  return async (arg?: unknown): Promise<QueueTask | undefined> => {
    requireTrust('Change Priority');
    const target = await resolveTaskTarget(ctx, arg, 'Change Priority', ['ready', 'blocked', 'failed']);
    if (!target) return undefined;
    const current = allTasksIn(ctx).find((t) => t.planId === target.planId && t.repoRoot === target.repoRoot)?.priority;
    const priority = priorityOption(arg) ?? (await pickPriority(`Priority of ${target.planId}`, current));
    if (priority === undefined) return undefined;
    const { chunk, deps } = await ctx.fleet.forRepo(target.repoRoot);
    const task = await chunk.setTaskPriority(deps.queue, target.planId, priority);
    ctx.logger('workers').info(`${target.planId}: priority ${priority}`);
    await ctx.workers.refresh();
    return task;
  };
}
