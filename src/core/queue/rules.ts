import { cycleText, dependencyPath } from './graph';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_PRIORITY, QueueError, type QueueState, type QueueTask, type TaskLease, type TaskPriority, type TaskState, type TaskTransition } from './types';

/**
 * The queue's rules: pure functions from a QueueState (and an injected `now`, ms since the epoch) to the next state and
 * a result — the shape TaskQueueStore.update takes, so each use case is one transaction. A refusal throws a QueueError
 * whose message says what to do. A function that changes nothing returns the very same state object, which the store
 * takes as "nothing to write" (claim-next on an idle queue costs no disk write).
 */

export interface QueueChange<T> {
  readonly state: QueueState;
  readonly result: T;
}

export interface AddTasksRequest {
  readonly planIds: readonly string[];
  readonly priority?: number;
  /** plan_ids every added task waits for: queued tasks, or tasks of this same request (which then do not wait for each other). */
  readonly after?: readonly string[];
  readonly by: string;
  readonly maxAttempts?: number;
}

/** What an open task that is not ready waits for. */
export interface BlockedTask {
  readonly planId: string;
  readonly waitsFor: readonly { readonly planId: string; readonly state: TaskState }[];
}

export interface QueueCounts {
  readonly ready: number;
  readonly blocked: number;
  readonly claimed: number;
  readonly done: number;
  readonly failed: number;
  readonly total: number;
}

/** Who acts on a claimed task; `force` lets someone other than the claimer (the user, `lwc down`) do it. */
export interface ClaimActor {
  readonly worker: string;
  readonly force?: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function byId(state: QueueState): Map<string, QueueTask> {
  return new Map(state.tasks.map((t) => [t.planId, t]));
}

function taskOf(state: QueueState, planId: string): QueueTask {
  const task = state.tasks.find((t) => t.planId === planId);
  if (!task) throw new QueueError('unknown-task', `No task '${planId}' in the queue. \`lwc task list\` shows the queue; \`lwc task add ${planId}\` adds a ready plan.`);
  return task;
}

/** The next state: one more version, `changed` tasks swapped in by plan_id (order kept). */
function withTasks(state: QueueState, changed: readonly QueueTask[], nextSeq = state.nextSeq): QueueState {
  if (changed.length === 1) {
    // The common case (a claim, a completion): copy the array, swap one slot.
    const only = changed[0]!;
    const at = state.tasks.findIndex((t) => t.planId === only.planId);
    const tasks = state.tasks.slice();
    tasks[at] = only;
    return { version: state.version + 1, nextSeq, tasks };
  }
  const swap = new Map(changed.map((t) => [t.planId, t]));
  return { version: state.version + 1, nextSeq, tasks: state.tasks.map((t) => swap.get(t.planId) ?? t) };
}

/** `task` moved to `to`, with the transition appended to its history; the lease goes unless `patch` brings one. */
function moved(task: QueueTask, to: TaskState, by: string, at: number, reason: string | undefined, patch: Partial<QueueTask> = {}): QueueTask {
  const entry: TaskTransition = { at, by, from: task.state, to, ...(reason !== undefined ? { reason } : {}) };
  const { lease: _dropped, ...rest } = task;
  return { ...rest, ...patch, state: to, history: [...task.history, entry] };
}

function checkName(value: string, what: string): void {
  if (value.trim() === '' || value.length > 200 || /[\r\n]/.test(value)) {
    throw new QueueError('invalid-argument', `${what} must be one line of 1 to 200 characters, got ${JSON.stringify(value.slice(0, 40))}.`);
  }
}

export function checkPriority(priority: number): TaskPriority {
  if (!Number.isInteger(priority) || priority < 0 || priority > 4) {
    throw new QueueError('invalid-argument', `Priority must be an integer from 0 (highest) to 4 (lowest), got ${priority}. The default is ${DEFAULT_PRIORITY}.`);
  }
  return priority as TaskPriority;
}

function checkLease(leaseMs: number): void {
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new QueueError('invalid-argument', `A lease must last a positive time, got ${leaseMs} ms.`);
}

/** Enqueues plans as open tasks (history: `null → open`). All or nothing: one refused plan refuses the request. */
export function addTasks(state: QueueState, request: AddTasksRequest, now: number): QueueChange<QueueTask[]> {
  checkName(request.by, 'The actor');
  if (request.planIds.length === 0) throw new QueueError('invalid-argument', 'Name at least one plan to add.');
  const priority = checkPriority(request.priority ?? DEFAULT_PRIORITY);
  const maxAttempts = request.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new QueueError('invalid-argument', `max attempts must be a positive integer, got ${maxAttempts}.`);
  const twice = request.planIds.filter((id, i) => request.planIds.indexOf(id) !== i);
  if (twice.length) throw new QueueError('invalid-argument', `${[...new Set(twice)].join(', ')} given twice: name each plan once.`);
  const known = byId(state);
  const queued = request.planIds.filter((id) => known.has(id));
  if (queued.length) {
    const which = queued.map((id) => `${id} (${known.get(id)!.state})`).join(', ');
    throw new QueueError('already-queued', `Already in the queue: ${which}. \`lwc task show <plan_id>\` shows it; \`lwc task retry\` reopens a failed one.`);
  }
  const after = [...new Set(request.after ?? [])];
  const adding = new Set(request.planIds);
  const unknown = after.filter((id) => !known.has(id) && !adding.has(id));
  if (unknown.length) {
    throw new QueueError('unknown-dependency', `--after names ${unknown.join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not in the queue. Add ${unknown.length > 1 ? 'them' : 'it'} first (\`lwc task add ${unknown.join(' ')}\`) or drop that --after.`);
  }
  const afterQueued = after.filter((id) => known.has(id));
  let seq = state.nextSeq;
  const added: QueueTask[] = request.planIds.map((planId) => ({
    planId,
    priority,
    seq: seq++,
    addedAt: now,
    // A task both added and named in --after is what the others wait for; it waits only for the queued ones.
    dependsOn: adding.has(planId) && after.includes(planId) ? afterQueued : after,
    state: 'open',
    attempts: 0,
    maxAttempts,
    history: [{ at: now, by: request.by, from: null, to: 'open' }],
  }));
  return { state: { version: state.version + 1, nextSeq: seq, tasks: [...state.tasks, ...added] }, result: added };
}

/** `planId` waits for `onPlanId` from now on. Refused when it would make a cycle, named `a → b → a`. */
export function addDependency(state: QueueState, planId: string, onPlanId: string): QueueChange<QueueTask> {
  const task = taskOf(state, planId);
  if (!state.tasks.some((t) => t.planId === onPlanId)) {
    throw new QueueError('unknown-dependency', `No task '${onPlanId}' in the queue to wait for. Add it first: \`lwc task add ${onPlanId}\`.`);
  }
  if (task.state !== 'open' && task.state !== 'failed') {
    throw new QueueError('wrong-state', `${planId} is ${task.state}: only an open or failed task can gain a dependency${task.state === 'claimed' ? ` (release it first: \`lwc task release ${planId} --worker ${task.lease?.worker ?? 'NAME'}\`)` : ''}.`);
  }
  if (task.dependsOn.includes(onPlanId)) return { state, result: task };
  const back = planId === onPlanId ? [planId] : dependencyPath(byId(state), onPlanId, planId);
  if (back) {
    throw new QueueError('cycle', `${planId} cannot wait for ${onPlanId}: that makes a cycle, ${cycleText([planId, ...back])} (each waits for the next). Remove one of those dependencies instead.`);
  }
  const next: QueueTask = { ...task, dependsOn: [...task.dependsOn, onPlanId] };
  return { state: withTasks(state, [next]), result: next };
}

/**
 * Takes a task out of the queue. Refused while others wait for it or while it is claimed, unless `force` — then its
 * dependents stop waiting for it (rather than waiting forever for a task that no longer exists).
 */
export function removeTask(state: QueueState, planId: string, options: { readonly force?: boolean } = {}): QueueChange<QueueTask> {
  const task = taskOf(state, planId);
  const dependents = state.tasks.filter((t) => t.dependsOn.includes(planId));
  if (!options.force && dependents.length) {
    throw new QueueError('has-dependents', `${dependents.map((t) => t.planId).join(', ')} wait${dependents.length > 1 ? '' : 's'} for ${planId}. Remove ${dependents.length > 1 ? 'them' : 'it'} first, or pass --force (${dependents.length > 1 ? 'they' : 'it'} then no longer wait${dependents.length > 1 ? '' : 's'} for ${planId}).`);
  }
  if (!options.force && task.state === 'claimed') {
    throw new QueueError('wrong-state', `${planId} is claimed by ${task.lease?.worker} (lease until ${iso(task.lease?.expiresAt ?? 0)}). Release it first, or pass --force.`);
  }
  const tasks = state.tasks
    .filter((t) => t.planId !== planId)
    .map((t) => (t.dependsOn.includes(planId) ? { ...t, dependsOn: t.dependsOn.filter((d) => d !== planId) } : t));
  return { state: { version: state.version + 1, nextSeq: state.nextSeq, tasks }, result: task };
}

const byPriorityThenSeq = (a: QueueTask, b: QueueTask): number => a.priority - b.priority || a.seq - b.seq;

/** Open tasks whose every dependency is done, in claim order: priority (0 first), then the order they were added. */
export function readyTasks(state: QueueState): QueueTask[] {
  const states = new Map(state.tasks.map((t) => [t.planId, t.state]));
  return state.tasks.filter((t) => t.state === 'open' && t.dependsOn.every((d) => states.get(d) === 'done')).sort(byPriorityThenSeq);
}

/** readyTasks(state)[0] in one linear pass: claim-next runs it on every claim, over the whole queue. */
function firstReady(state: QueueState): QueueTask | undefined {
  let states: Map<string, TaskState> | undefined;
  let best: QueueTask | undefined;
  for (const t of state.tasks) {
    if (t.state !== 'open' || (best && byPriorityThenSeq(t, best) >= 0)) continue;
    if (t.dependsOn.length) {
      states ??= new Map(state.tasks.map((x) => [x.planId, x.state]));
      if (!t.dependsOn.every((d) => states!.get(d) === 'done')) continue;
    }
    best = t;
  }
  return best;
}

/** Each open task that is not ready, with the dependencies it still waits for (a failed one blocks until retried). */
export function blockedReasons(state: QueueState): BlockedTask[] {
  const tasks = byId(state);
  return state.tasks
    .filter((t) => t.state === 'open')
    .map((t) => ({ planId: t.planId, waitsFor: t.dependsOn.filter((d) => tasks.get(d)?.state !== 'done').map((d) => ({ planId: d, state: tasks.get(d)?.state ?? ('open' as const) })) }))
    .filter((b) => b.waitsFor.length > 0);
}

export function queueCounts(state: QueueState): QueueCounts {
  const ready = readyTasks(state).length;
  const count = (s: TaskState): number => state.tasks.filter((t) => t.state === s).length;
  return { ready, blocked: count('open') - ready, claimed: count('claimed'), done: count('done'), failed: count('failed'), total: state.tasks.length };
}

/**
 * Claimed tasks whose lease ran out go back to `open` (by `lease`), the attempt they used still counted; a task that
 * has used all its attempts becomes `failed` with that reason instead. Returns the tasks it changed, as they now are.
 */
export function expireLeases(state: QueueState, now: number): QueueChange<QueueTask[]> {
  const expired = state.tasks.filter((t) => t.state === 'claimed' && t.lease !== undefined && t.lease.expiresAt <= now);
  if (expired.length === 0) return { state, result: [] };
  const changed = expired.map((t) => {
    const lease = t.lease!;
    const reason = `lease of ${lease.worker} expired at ${iso(lease.expiresAt)} (attempt ${t.attempts} of ${t.maxAttempts})`;
    return t.attempts >= t.maxAttempts
      ? moved(t, 'failed', 'lease', now, `${reason}; no attempts left`, { lastReason: reason })
      : moved(t, 'open', 'lease', now, reason, { lastReason: reason });
  });
  return { state: withTasks(state, changed), result: changed };
}

/** Expires leases, then claims the first ready task for `worker` in the same step; undefined when nothing is ready. */
export function claimNext(state: QueueState, worker: string, leaseMs: number, now: number): QueueChange<QueueTask | undefined> {
  checkName(worker, 'A worker name');
  checkLease(leaseMs);
  const afterExpiry = expireLeases(state, now).state;
  const next = firstReady(afterExpiry);
  if (!next) return { state: afterExpiry, result: undefined };
  const lease: TaskLease = { worker, claimedAt: now, expiresAt: now + leaseMs };
  const claimed = moved(next, 'claimed', worker, now, undefined, { lease, attempts: next.attempts + 1 });
  return { state: withTasks(afterExpiry, [claimed]), result: claimed };
}

/** The claimed task `actor` may act on; refuses another worker's claim (without force) and a lapsed lease. */
function ownClaim(state: QueueState, planId: string, actor: ClaimActor, verb: string, now: number): QueueTask & { readonly lease: TaskLease } {
  checkName(actor.worker, 'A worker name');
  const task = taskOf(state, planId);
  if (task.state !== 'claimed' || !task.lease) {
    const hint = task.state === 'failed' ? ` \`lwc task retry ${planId}\` reopens it.` : task.state === 'open' ? ' Claim it first (`lwc task claim`).' : '';
    throw new QueueError('wrong-state', `Cannot ${verb} ${planId}: it is ${task.state}, not claimed.${hint}`);
  }
  if (actor.force) return task as QueueTask & { readonly lease: TaskLease };
  if (task.lease.worker !== actor.worker) {
    throw new QueueError('not-owner', `${planId} is claimed by ${task.lease.worker}, not ${actor.worker}: only its claimer may ${verb} it (or pass --force).`);
  }
  if (task.lease.expiresAt <= now) {
    throw new QueueError('lease-expired', `${actor.worker}'s lease on ${planId} expired at ${iso(task.lease.expiresAt)}: the task goes back to the queue. Claim again for a new lease; renew leases (heartbeat) well before they run out.`);
  }
  return task as QueueTask & { readonly lease: TaskLease };
}

/** Says in the history who forced a transition over whose claim. */
const forcedNote = (task: { readonly lease: TaskLease }, actor: ClaimActor, reason: string | undefined): string | undefined =>
  actor.force && task.lease.worker !== actor.worker ? [reason, `forced over ${task.lease.worker}'s claim`].filter(Boolean).join('; ') : reason;

/** The claimer renews its lease: it now ends `leaseMs` from `now`. Not a transition, so no history entry. */
export function heartbeat(state: QueueState, planId: string, actor: ClaimActor & { readonly leaseMs: number }, now: number): QueueChange<QueueTask> {
  checkLease(actor.leaseMs);
  const task = ownClaim(state, planId, actor, 'heartbeat', now);
  const next: QueueTask = { ...task, lease: { ...task.lease, expiresAt: now + actor.leaseMs } };
  return { state: withTasks(state, [next]), result: next };
}

export function complete(state: QueueState, planId: string, actor: ClaimActor & { readonly reason?: string }, now: number): QueueChange<QueueTask> {
  const task = ownClaim(state, planId, actor, 'complete', now);
  const next = moved(task, 'done', actor.worker, now, forcedNote(task, actor, actor.reason));
  return { state: withTasks(state, [next]), result: next };
}

/** The claimer gives up: `failed` with its reason, which `lastReason` keeps (`retry` reopens the task). */
export function fail(state: QueueState, planId: string, actor: ClaimActor & { readonly reason: string }, now: number): QueueChange<QueueTask> {
  if (actor.reason.trim() === '') throw new QueueError('invalid-argument', `Say why ${planId} failed (--reason TEXT).`);
  const task = ownClaim(state, planId, actor, 'fail', now);
  const next = moved(task, 'failed', actor.worker, now, forcedNote(task, actor, actor.reason), { lastReason: actor.reason });
  return { state: withTasks(state, [next]), result: next };
}

/** The task goes back to `open` for any worker; the attempt it used stays counted. */
export function release(state: QueueState, planId: string, actor: ClaimActor & { readonly reason?: string }, now: number): QueueChange<QueueTask> {
  const task = ownClaim(state, planId, actor, 'release', now);
  const reason = forcedNote(task, actor, actor.reason);
  const next = moved(task, 'open', actor.worker, now, reason, reason !== undefined ? { lastReason: reason } : {});
  return { state: withTasks(state, [next]), result: next };
}

/** A failed task is open again with a fresh budget of attempts (its history keeps the failures). */
export function retry(state: QueueState, planId: string, by: string, now: number): QueueChange<QueueTask> {
  checkName(by, 'The actor');
  const task = taskOf(state, planId);
  if (task.state !== 'failed') throw new QueueError('wrong-state', `Only a failed task can be retried; ${planId} is ${task.state}.`);
  const next = moved(task, 'open', by, now, 'retry', { attempts: 0 });
  return { state: withTasks(state, [next]), result: next };
}

/**
 * A task's priority from now on (the editor's "Change Priority"). Only open and failed tasks: a claimed one is already
 * being worked on and a done one is never claimed again. Not a transition, so no history entry.
 */
export function setPriority(state: QueueState, planId: string, priority: number): QueueChange<QueueTask> {
  const wanted = checkPriority(priority);
  const task = taskOf(state, planId);
  if (task.state !== 'open' && task.state !== 'failed') throw new QueueError('wrong-state', `${planId} is ${task.state}: only an open or failed task's priority can change (it decides the claim order of tasks still waiting).`);
  if (task.priority === wanted) return { state, result: task };
  const next: QueueTask = { ...task, priority: wanted };
  return { state: withTasks(state, [next]), result: next };
}
