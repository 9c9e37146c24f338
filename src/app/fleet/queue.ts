import { basename } from 'node:path';
import type { TaskQueueStore } from '../../core/ports/taskQueue';
import * as rules from '../../core/queue/rules';
import type { BlockedTask, QueueCounts } from '../../core/queue/rules';
import { QueueError, type QueueState, type QueueTask, type TaskState } from '../../core/queue/types';
import { scanTasksFolder, type PlanFileReport, type PlanScanDeps } from '../plans';

/**
 * The fleet's task queue as use cases: each is one transaction of the store over the pure rules (src/core/queue/rules.ts),
 * with the clock read inside it, after the lock is taken. The CLI (`lwc task …`), the supervisor and the editor call
 * these; errors are QueueErrors whose message carries the fix.
 */
export interface QueueDeps {
  readonly store: TaskQueueStore;
  /** ms since the epoch; injected so tests drive lease expiry. */
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

/** Adding needs the plans: only a valid plan with status `ready` is queued. */
export interface QueueAddDeps extends QueueDeps {
  readonly plans: { readonly repoRoot: string; readonly scan: PlanScanDeps };
}

export interface QueueListing {
  readonly version: number;
  /** Every task, in the order they were added. */
  readonly tasks: readonly QueueTask[];
  /** plan_ids of ready tasks, in claim order. */
  readonly ready: readonly string[];
  readonly blocked: readonly BlockedTask[];
  readonly counts: QueueCounts;
}

export interface TaskDetail {
  readonly task: QueueTask;
  readonly ready: boolean;
  /** Dependencies not done yet. */
  readonly waitsFor: readonly { readonly planId: string; readonly state: TaskState }[];
  /** Tasks that wait for this one. */
  readonly dependents: readonly string[];
}

export interface AddTasksInput {
  readonly planIds: readonly string[];
  readonly priority?: number;
  readonly after?: readonly string[];
  /** Who adds (`cli`, `editor`, `supervisor`), kept in the history. */
  readonly by: string;
  /** Claims allowed before an expired lease fails the task (`[fleet] max_attempts`). */
  readonly maxAttempts?: number;
}

export interface ClaimInput {
  readonly worker: string;
  readonly leaseMs: number;
}

export interface FinishInput {
  readonly worker: string;
  readonly reason?: string;
  /** Act on another worker's claim (the user, `lwc down`). */
  readonly force?: boolean;
}

const change = <T>(deps: QueueDeps, apply: (state: QueueState, now: number) => rules.QueueChange<T>): Promise<T> =>
  deps.store.update((state) => apply(state, deps.now()), deps.signal);

/** Runs `apply` on the state with expired leases already returned, so a lapsed claim does not block the operation. */
const afterExpiry = <T>(deps: QueueDeps, apply: (state: QueueState, now: number) => rules.QueueChange<T>): Promise<T> =>
  change(deps, (state, now) => apply(rules.expireLeases(state, now).state, now));

/** Why a plan cannot be queued, or undefined when it can (valid, status `ready`). */
function planRefusal(report: PlanFileReport | undefined, planId: string, repoRoot: string): string | undefined {
  if (!report) return `${planId}: no plan with that plan_id in ${repoRoot}/.lw_coder/tasks/ (\`lwc plan list\` shows the plans)`;
  const v = report.validated;
  if (!v.valid) {
    const first = v.diagnostics.find((d) => d.severity === 'error');
    const where = first ? `${report.relativePath}:${first.range.start.line + 1}:${first.range.start.character + 1} ${first.message}` : report.relativePath;
    return `${planId} is not a valid plan: ${where} (\`lwc plan validate ${report.relativePath}\` lists every problem)`;
  }
  if (v.fields.status !== 'ready') return `${planId} is ${v.fields.status ?? 'without a status'}, not ready: only ready plans are queued (\`lwc plan set-status ${planId} ready\` once it is)`;
  return undefined;
}

/**
 * Enqueues plans (all or none): each must be a valid plan with status `ready`, found by plan_id (or file name) in the
 * repository's tasks folder. `after` names tasks they wait for.
 */
export async function addTasks(deps: QueueAddDeps, input: AddTasksInput): Promise<QueueTask[]> {
  const reports = await scanTasksFolder(deps.plans.repoRoot, deps.plans.scan, deps.signal);
  const find = (id: string): PlanFileReport | undefined =>
    reports.find((r) => r.validated.fields.planId === id) ?? reports.find((r) => basename(r.path) === `${id}.md`);
  const refusals = input.planIds.map((id) => planRefusal(find(id), id, deps.plans.repoRoot)).filter((r): r is string => r !== undefined);
  if (refusals.length) throw new QueueError('plan-not-ready', `Nothing was added. ${refusals.join('; ')}.`);
  return afterExpiry(deps, (state, now) => rules.addTasks(state, input, now));
}

export function addDependency(deps: QueueDeps, planId: string, onPlanId: string): Promise<QueueTask> {
  return afterExpiry(deps, (state) => rules.addDependency(state, planId, onPlanId));
}

export function setTaskPriority(deps: QueueDeps, planId: string, priority: number): Promise<QueueTask> {
  return afterExpiry(deps, (state) => rules.setPriority(state, planId, priority));
}

export function removeTask(deps: QueueDeps, planId: string, options: { readonly force?: boolean } = {}): Promise<QueueTask> {
  return afterExpiry(deps, (state) => rules.removeTask(state, planId, options));
}

/** The queue as stored (a lease past its time shows as claimed until a writer expires it). */
export async function listTasks(deps: QueueDeps): Promise<QueueListing> {
  const state = await deps.store.read(deps.signal);
  return listingOf(state);
}

export function listingOf(state: QueueState): QueueListing {
  return {
    version: state.version,
    tasks: [...state.tasks].sort((a, b) => a.seq - b.seq),
    ready: rules.readyTasks(state).map((t) => t.planId),
    blocked: rules.blockedReasons(state),
    counts: rules.queueCounts(state),
  };
}

export async function showTask(deps: QueueDeps, planId: string): Promise<TaskDetail> {
  const state = await deps.store.read(deps.signal);
  const task = state.tasks.find((t) => t.planId === planId);
  if (!task) throw new QueueError('unknown-task', `No task '${planId}' in the queue. \`lwc task list\` shows the queue.`);
  return {
    task,
    ready: rules.readyTasks(state).some((t) => t.planId === planId),
    waitsFor: rules.blockedReasons(state).find((b) => b.planId === planId)?.waitsFor ?? [],
    dependents: state.tasks.filter((t) => t.dependsOn.includes(planId)).map((t) => t.planId),
  };
}

/** Expires leases, then claims the first ready task for `worker`, in one transaction; undefined when nothing is ready. */
export function claimNext(deps: QueueDeps, input: ClaimInput): Promise<QueueTask | undefined> {
  return change(deps, (state, now) => rules.claimNext(state, input.worker, input.leaseMs, now));
}

/** Renews the claimer's lease (`lease-expired` once it has run out: the task may be someone else's by then). */
export function heartbeat(deps: QueueDeps, planId: string, input: ClaimInput & { readonly force?: boolean }): Promise<QueueTask> {
  return change(deps, (state, now) => rules.heartbeat(state, planId, input, now));
}

export function completeTask(deps: QueueDeps, planId: string, input: FinishInput): Promise<QueueTask> {
  return change(deps, (state, now) => rules.complete(state, planId, input, now));
}

export function failTask(deps: QueueDeps, planId: string, input: FinishInput): Promise<QueueTask> {
  return change(deps, (state, now) => rules.fail(state, planId, { ...input, reason: input.reason ?? '' }, now));
}

export function releaseTask(deps: QueueDeps, planId: string, input: FinishInput): Promise<QueueTask> {
  return change(deps, (state, now) => rules.release(state, planId, input, now));
}

export function retryTask(deps: QueueDeps, planId: string, by = 'cli'): Promise<QueueTask> {
  return change(deps, (state, now) => rules.retry(state, planId, by, now));
}

/** Returns the tasks whose lease had run out, as they now are (open again, or failed when out of attempts). */
export function expireLeases(deps: QueueDeps): Promise<QueueTask[]> {
  return change(deps, (state, now) => rules.expireLeases(state, now));
}
