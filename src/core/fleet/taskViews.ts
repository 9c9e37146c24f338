import type { QueueTask, TaskPriority, TaskState } from '../queue/types';
import type { RunActivity, RunLastEvent } from './runEvents';
import { sumUsage, usageOf, type PriceTable, type UsageView } from './usage';

/**
 * One row of the status's task table (the dashboard's, `lwc status --json`'s): the queue's facts plus how long the task
 * ran and what its runs used. Pure.
 */
export interface FleetTaskView {
  readonly planId: string;
  readonly state: TaskState;
  readonly priority: TaskPriority;
  readonly dependsOn: readonly string[];
  /** The dependencies not done yet (an open task with any is blocked). */
  readonly waitsFor: readonly string[];
  readonly attempts: number;
  readonly maxAttempts: number;
  /** The worker holding it, while claimed. */
  readonly worker?: string;
  readonly addedAt: string;
  /** Since its last claim: up to now while claimed, up to its end once done or failed. */
  readonly durationMs?: number;
  readonly lastReason?: string;
  /** Its runs since it was queued (run directory names, oldest first). */
  readonly runs: readonly string[];
  readonly lastEvent?: RunLastEvent;
  readonly usage: UsageView;
}

/** How long the task's latest claim has lasted (claimed) or lasted (done, failed); undefined when never claimed. */
export function taskDurationMs(task: QueueTask, nowMs: number): number | undefined {
  if (task.state === 'claimed' && task.lease) return Math.max(0, nowMs - task.lease.claimedAt);
  let claimedAt: number | undefined;
  for (let i = task.history.length - 1; i >= 0; i--) {
    const t = task.history[i]!;
    if (t.to === 'claimed') {
      claimedAt = t.at;
      break;
    }
  }
  if (claimedAt === undefined || (task.state !== 'done' && task.state !== 'failed')) return undefined;
  const ended = task.history[task.history.length - 1]!.at;
  return Math.max(0, ended - claimedAt);
}

export function buildTaskViews(tasks: readonly QueueTask[], activity: ReadonlyMap<string, readonly RunActivity[]>, prices: PriceTable, nowMs: number): { views: FleetTaskView[]; total: UsageView } {
  const stateOf = new Map(tasks.map((t) => [t.planId, t.state]));
  const views = tasks.map((t): FleetTaskView => {
    const runs = activity.get(t.planId) ?? [];
    const duration = taskDurationMs(t, nowMs);
    const last = runs.length > 0 ? runs[runs.length - 1]!.lastEvent : undefined;
    return {
      planId: t.planId,
      state: t.state,
      priority: t.priority,
      dependsOn: t.dependsOn,
      waitsFor: t.dependsOn.filter((d) => stateOf.get(d) !== 'done'),
      attempts: t.attempts,
      maxAttempts: t.maxAttempts,
      ...(t.lease ? { worker: t.lease.worker } : {}),
      addedAt: new Date(t.addedAt).toISOString(),
      ...(duration !== undefined ? { durationMs: duration } : {}),
      ...(t.lastReason !== undefined ? { lastReason: t.lastReason } : {}),
      runs: runs.map((r) => r.run),
      ...(last ? { lastEvent: last } : {}),
      usage: usageOf(runs.flatMap((r) => r.buckets), prices),
    };
  });
  return { views, total: sumUsage(views.map((v) => v.usage)) };
}
