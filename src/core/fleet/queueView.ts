import type { BlockedTask } from '../queue/rules';
import type { QueueTask, TaskPriority, TaskState } from '../queue/types';
import type { RunActivity, RunLastEvent } from './runEvents';
import { sumUsage, usageOf, type PriceTable, type UsageView } from './usage';

/**
 * The queue as the fleet's status model shows it (issue 13): each task with the group a board puts it in, what it
 * waits for, its attempts, worker and last reason. Part of FleetStatus (statusModel.ts), so `lwc status --json`, the
 * Workers view and the dashboard read one set of rows. Pure.
 */

export const TASK_GROUPS = ['ready', 'inProgress', 'blocked', 'done', 'failed'] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];

export interface FleetTaskView {
  readonly planId: string;
  readonly group: TaskGroup;
  readonly state: TaskState;
  readonly priority: TaskPriority;
  readonly dependsOn: readonly string[];
  /** Blocked tasks: the dependencies not done yet, with their state (a failed one blocks until retried). */
  readonly waitsFor?: readonly { readonly planId: string; readonly state: TaskState }[];
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Why it last failed or was released. */
  readonly lastReason?: string;
  /** The claimer of an in-progress task (its worker id). */
  readonly worker?: string;
  /** When the current (in progress) or last (done, failed) claim began, ISO 8601. */
  readonly claimedAt?: string;
  /** When it reached done or failed, ISO 8601. */
  readonly finishedAt?: string;
  /** Done and failed: from the last claim to the end; in progress: from the claim to `now`. */
  readonly durationMs?: number;
  /** When it was queued, ISO 8601. */
  readonly addedAt: string;
  /** Its runs since it was queued (run directory names, oldest first). */
  readonly runs: readonly string[];
  /** The last event of its newest run. */
  readonly lastEvent?: RunLastEvent;
  /** Tokens and cost of its runs (the dashboard's columns). */
  readonly usage: UsageView;
}

export interface FleetQueueView {
  /** The store's version the rows were read at. */
  readonly version: number;
  /** Ready tasks in claim order, then in progress, blocked, done and failed, each in the order they were added. */
  readonly tasks: readonly FleetTaskView[];
  /** Usage and cost of every task together. */
  readonly usage: UsageView;
}

export interface QueueViewInput {
  readonly version: number;
  /** Every task, in the order they were added. */
  readonly tasks: readonly QueueTask[];
  /** plan_ids of the ready tasks, in claim order. */
  readonly ready: readonly string[];
  readonly blocked: readonly BlockedTask[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function groupOf(task: QueueTask, ready: ReadonlySet<string>): TaskGroup {
  switch (task.state) {
    case 'open': return ready.has(task.planId) ? 'ready' : 'blocked';
    case 'claimed': return 'inProgress';
    case 'done': return 'done';
    case 'failed': return 'failed';
  }
}

/** The last claim's start and, once finished, its end (history is append-only: scan from the end). */
function lastRun(task: QueueTask): { claimedAt?: number; finishedAt?: number } {
  if (task.state === 'claimed') return task.lease ? { claimedAt: task.lease.claimedAt } : {};
  if (task.state !== 'done' && task.state !== 'failed') return {};
  let finishedAt: number | undefined;
  for (let i = task.history.length - 1; i >= 0; i--) {
    const h = task.history[i]!;
    if (finishedAt === undefined && h.to === task.state) finishedAt = h.at;
    if (h.to === 'claimed') return { claimedAt: h.at, ...(finishedAt !== undefined ? { finishedAt } : {}) };
  }
  return finishedAt !== undefined ? { finishedAt } : {};
}

/** The tasks' runs (by plan_id, oldest first) and `[prices]` of config.toml, when the caller read them. */
export interface QueueUsageInput {
  readonly activity?: ReadonlyMap<string, readonly RunActivity[]>;
  readonly prices?: PriceTable;
}

export function queueViewOf(input: QueueViewInput, nowMs: number, usage: QueueUsageInput = {}): FleetQueueView {
  const prices = usage.prices ?? {};
  const readySet = new Set(input.ready);
  const waits = new Map(input.blocked.map((b) => [b.planId, b.waitsFor]));
  const byGroup: Record<TaskGroup, FleetTaskView[]> = { ready: [], inProgress: [], blocked: [], done: [], failed: [] };
  const byId = new Map<string, QueueTask>();
  for (const task of input.tasks) byId.set(task.planId, task);
  const row = (task: QueueTask): FleetTaskView => {
    const group = groupOf(task, readySet);
    const run = lastRun(task);
    const end = run.finishedAt ?? (task.state === 'claimed' ? nowMs : undefined);
    const waitsFor = group === 'blocked' ? waits.get(task.planId) : undefined;
    const runs = usage.activity?.get(task.planId) ?? [];
    const last = runs.length > 0 ? runs[runs.length - 1]!.lastEvent : undefined;
    return {
      planId: task.planId,
      group,
      state: task.state,
      priority: task.priority,
      dependsOn: task.dependsOn,
      ...(waitsFor ? { waitsFor } : {}),
      attempts: task.attempts,
      maxAttempts: task.maxAttempts,
      ...(task.lastReason !== undefined ? { lastReason: task.lastReason } : {}),
      ...(task.lease ? { worker: task.lease.worker } : {}),
      ...(run.claimedAt !== undefined ? { claimedAt: iso(run.claimedAt) } : {}),
      ...(run.finishedAt !== undefined ? { finishedAt: iso(run.finishedAt) } : {}),
      ...(run.claimedAt !== undefined && end !== undefined ? { durationMs: Math.max(0, end - run.claimedAt) } : {}),
      addedAt: iso(task.addedAt),
      runs: runs.map((r) => r.run),
      ...(last ? { lastEvent: last } : {}),
      usage: usageOf(runs.flatMap((r) => r.buckets), prices),
    };
  };
  for (const id of input.ready) {
    const task = byId.get(id);
    if (task) byGroup.ready.push(row(task));
  }
  for (const task of input.tasks) if (!readySet.has(task.planId)) byGroup[groupOf(task, readySet)].push(row(task));
  const tasks = TASK_GROUPS.flatMap((g) => byGroup[g]);
  return { version: input.version, tasks, usage: sumUsage(tasks.map((t) => t.usage)) };
}
