import * as vscode from 'vscode';
import type { TaskGroup } from '../../../core/fleet/queueView';
import type { LwContext } from '../../context';
import { UserError } from '../../notify';
import { resolvePlanArgument } from '../../planUris';
import type { TaskRef, WorkerRef, WorkerRow } from '../../workers/rows';
import { optionOf } from '../args';

/** The queued task a command acts on. */
export interface TaskTarget {
  readonly repoRoot: string;
  readonly planId: string;
}

/** A plan of the Plans view, as a task-to-be. */
export interface PlanTarget {
  readonly repoRoot: string;
  readonly planId: string;
  readonly uri: vscode.Uri;
}

export const allTasksIn = (ctx: LwContext): TaskRef[] => {
  const out: TaskRef[] = [];
  const walk = (rows: readonly WorkerRow[]): void => {
    for (const r of rows) {
      if (r.kind === 'task') out.push(r.task);
      else if (r.kind === 'folder' || r.kind === 'group') walk(r.children);
    }
  };
  walk(ctx.workers.state.rows);
  return out;
};

export const allWorkers = (ctx: LwContext): WorkerRef[] => {
  const out: WorkerRef[] = [];
  const walk = (rows: readonly WorkerRow[]): void => {
    for (const r of rows) {
      if (r.kind === 'worker') out.push(r.worker);
      else if (r.kind === 'folder') walk(r.children);
    }
  };
  walk(ctx.workers.state.rows);
  return out;
};

/** The queued tasks shown in the Workers view (after a fresh read), optionally only some groups. */
export async function queuedTasks(ctx: LwContext, groups?: readonly TaskGroup[]): Promise<TaskRef[]> {
  await ctx.workers.refresh();
  return allTasksIn(ctx).filter((t) => !groups || groups.includes(t.group));
}

/**
 * A task from a Workers-view task row, `{ planId, repoRoot? }` (tests, scripts), or a quick pick of the tasks in
 * `groups` when called from the palette. Undefined when the pick is cancelled.
 */
export async function resolveTaskTarget(ctx: LwContext, arg: unknown, title: string, groups?: readonly TaskGroup[]): Promise<TaskTarget | undefined> {
  if (arg && typeof arg === 'object' && (arg as { kind?: unknown }).kind === 'task') {
    const t = (arg as { task: TaskRef }).task;
    return { repoRoot: t.repoRoot, planId: t.planId };
  }
  const planId = optionOf<unknown>(arg, 'planId');
  const tasks = await queuedTasks(ctx, groups);
  if (typeof planId === 'string') {
    const repoRoot = optionOf<unknown>(arg, 'repoRoot');
    if (typeof repoRoot === 'string') return { repoRoot, planId };
    const found = allTasksIn(ctx).find((t) => t.planId === planId);
    if (found) return { repoRoot: found.repoRoot, planId };
    throw new UserError(`No task '${planId}' in the queue: the Workers view shows the queue.`);
  }
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(groups ? `No ${groups.join(' or ')} task in the queue.` : 'The queue is empty: Add to Queue on a ready plan in the Plans view fills it.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(tasks.map((t) => ({ label: t.planId, description: `${t.group} · P${t.priority}`, target: { repoRoot: t.repoRoot, planId: t.planId } })), { title, placeHolder: 'Pick a task' });
  return picked?.target;
}

/** A worker from a Workers-view worker row or `{ name, repoRoot? }`. */
export async function resolveWorkerTarget(ctx: LwContext, arg: unknown): Promise<WorkerRef> {
  if (arg && typeof arg === 'object' && (arg as { kind?: unknown }).kind === 'worker') return (arg as { worker: WorkerRef }).worker;
  const name = optionOf<unknown>(arg, 'name');
  if (typeof name !== 'string') throw new UserError('Pick a worker in the Workers view.');
  await ctx.workers.refresh();
  const repoRoot = optionOf<unknown>(arg, 'repoRoot');
  const found = allWorkers(ctx).find((w) => w.name === name && (typeof repoRoot !== 'string' || w.repoRoot === repoRoot));
  if (!found) throw new UserError(`No worker '${name}' in the Workers view: is the fleet running?`);
  return found;
}

/** A valid plan with a plan_id from a Plans-view node, a Uri/path, `{ uri }`, or the active plan editor. */
export function resolvePlanTarget(ctx: LwContext, arg: unknown): PlanTarget | undefined {
  const uri = resolvePlanArgument(arg);
  if (!uri) return undefined;
  const entry = ctx.plans.state.groups.flatMap((g) => g.plans).find((p) => p.path === uri.fsPath);
  if (!entry?.planId) throw new UserError(`${vscode.workspace.asRelativePath(uri)} has no readable plan_id: fix the plan first (Validate Plan).`);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) throw new UserError(`${uri.fsPath} is not inside a folder of this workspace.`);
  return { repoRoot: folder.uri.fsPath, planId: entry.planId, uri };
}

/** The priority given as `{ priority }`, checked, or undefined. */
export function priorityOption(arg: unknown): number | undefined {
  const p = optionOf<unknown>(arg, 'priority');
  if (p === undefined) return undefined;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 4) throw new UserError(`A priority is 0 (highest) to 4 (lowest), got ${JSON.stringify(p)}.`);
  return p;
}

const PRIORITY_HINTS = ['highest', 'high', 'normal (the default)', 'low', 'lowest'];

/** A quick pick of priorities 0–4, `current` marked and first in focus. */
export async function pickPriority(title: string, current?: number): Promise<number | undefined> {
  const items = PRIORITY_HINTS.map((hint, p) => ({ label: `P${p}`, description: `${hint}${p === current ? ' · current' : ''}`, priority: p }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Priority: ready tasks are claimed by priority, then in the order they were added' });
  return picked?.priority;
}
