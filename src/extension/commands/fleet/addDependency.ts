import * as vscode from 'vscode';
import type { QueueTask } from '../../../core/queue/types';
import type { LwContext } from '../../context';
import { UserError } from '../../notify';
import { optionOf } from '../args';
import { queuedTasks, resolvePlanTarget, resolveTaskTarget, type TaskTarget } from './targets';
import { requireTrust } from './trust';

/**
 * lwCoder.fleet.addDependency [plan node|task row|{ uri|planId, on }]: the task waits for another queued task from now
 * on (quick pick of the others unless `on` is given). A cycle is refused with the path that would close it.
 */
export function addDependency(ctx: LwContext) {
  return async (arg?: unknown): Promise<QueueTask | undefined> => {
    requireTrust('Add Dependency');
    const target = await dependentOf(ctx, arg);
    if (!target) return undefined;
    const others = (await queuedTasks(ctx)).filter((t) => t.planId !== target.planId && t.repoRoot === target.repoRoot);
    let on = optionOf<unknown>(arg, 'on');
    if (on === undefined) {
      if (others.length === 0) throw new UserError(`${target.planId} has no other task in the queue to wait for: Add to Queue on another ready plan first.`);
      const picked = await vscode.window.showQuickPick(others.map((t) => ({ label: t.planId, description: `${t.group} · P${t.priority}` })), {
        title: `${target.planId} waits for…`,
        placeHolder: 'Pick the task it must wait for',
      });
      if (!picked) return undefined;
      on = picked.label;
    }
    if (typeof on !== 'string' || on === '') throw new UserError('Name the task to wait for ({ on: plan_id }).');
    const { chunk, deps } = await ctx.fleet.forRepo(target.repoRoot);
    const task = await chunk.addDependency(deps.queue, target.planId, on);
    ctx.logger('workers').info(`${target.planId} now waits for ${on}`);
    await ctx.workers.refresh();
    return task;
  };
}

/** From the Plans view the plan must already be queued: only tasks can wait for each other. */
async function dependentOf(ctx: LwContext, arg: unknown): Promise<TaskTarget | undefined> {
  const fromRow = arg && typeof arg === 'object' && ((arg as { kind?: unknown }).kind === 'task' || typeof (arg as { planId?: unknown }).planId === 'string');
  if (fromRow) return resolveTaskTarget(ctx, arg, 'Add Dependency');
  const plan = resolvePlanTarget(ctx, arg);
  if (!plan) return resolveTaskTarget(ctx, undefined, 'Add Dependency: which task waits?', ['ready', 'blocked', 'failed']);
  const queued = (await queuedTasks(ctx)).some((t) => t.planId === plan.planId);
  if (!queued) throw new UserError(`${plan.planId} is not in the queue yet: Add to Queue first, then add what it waits for.`);
  const task = (await queuedTasks(ctx)).find((t) => t.planId === plan.planId)!;
  return { repoRoot: task.repoRoot, planId: plan.planId };
}
