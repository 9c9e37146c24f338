import type { QueueTask } from '../../../core/queue/types';
import type { LwContext } from '../../context';
import * as vscode from 'vscode';
import { pickPriority, priorityOption, resolvePlanTarget, type PlanTarget } from './targets';
import { requireTrust } from './trust';

/**
 * lwCoder.fleet.addToQueue [plan node|uri|{ uri, priority }]: queues a ready plan with a priority (quick pick unless
 * given), through the same use case as `lwc task add` (only a valid plan with status `ready` is queued).
 */
export function addToQueue(ctx: LwContext) {
  return async (arg?: unknown): Promise<QueueTask | undefined> => {
    requireTrust('Add to Queue');
    const target = resolvePlanTarget(ctx, arg) ?? (await pickReadyPlan(ctx));
    if (!target) return undefined;
    const priority = priorityOption(arg) ?? (await pickPriority(`Add ${target.planId} to the queue`, 2));
    if (priority === undefined) return undefined;
    const { chunk, deps } = await ctx.fleet.forRepo(target.repoRoot);
    const scan = { files: chunk.createPlanFilesPort(), git: chunk.createPlanGitPort(target.repoRoot), repoRoot: target.repoRoot };
    // [fleet] max_attempts in config.toml, as `lwc task add` takes it.
    const loaded = await chunk.loadRepoConfig(target.repoRoot, chunk.createTextFilesPort());
    if (!loaded.config) throw new chunk.ConfigError(loaded.path, loaded.diagnostics);
    const [added] = await chunk.addTasks({ ...deps.queue, plans: { repoRoot: target.repoRoot, scan } }, { planIds: [target.planId], priority, by: 'editor', maxAttempts: loaded.config.fleet.maxAttempts });
    ctx.logger('workers').info(`queued ${target.planId} (priority ${priority})`);
    await ctx.workers.refresh();
    return added;
  };
}

/** From the palette or the welcome link: the valid ready plans not queued yet. */
async function pickReadyPlan(ctx: LwContext): Promise<PlanTarget | undefined> {
  await ctx.plans.refresh();
  const queued = new Set((await ctx.workers.refresh().then(() => ctx.workers.state.statuses)).flatMap((s) => s.status.queue.tasks.map((t) => t.planId)));
  const plans = ctx.plans.state.groups.flatMap((g) => g.plans).filter((p) => p.valid && p.status === 'ready' && p.planId && !queued.has(p.planId));
  if (plans.length === 0) {
    void vscode.window.showInformationMessage('No ready plan to queue: a plan is queued once it is valid and its status is ready (Set Plan Status).');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(plans.map((p) => ({ label: p.planId!, description: vscode.workspace.asRelativePath(p.path), uri: vscode.Uri.file(p.path) })), { title: 'Add to Queue', placeHolder: 'Pick a ready plan' });
  return picked ? resolvePlanTarget(ctx, picked.uri) : undefined;
}
