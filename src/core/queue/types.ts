/**
 * The fleet's task queue (issue 12; isollm's airyra, with leases and an atomic claim-next). Pure data: the rules that
 * change it live in src/core/queue/rules.ts, the storage behind TaskQueueStore (src/core/ports/taskQueue.ts).
 *
 * A task is a plan (by plan_id). `open` → `claimed` (by a worker, under a lease that expires) → `done` | `failed`;
 * `release` (or an expired lease) returns a claimed task to `open`. A task is *ready* when open and every dependency
 * is done; ready tasks are ordered by priority (0 highest … 4), then by the order they were added (`seq`).
 */

export type TaskState = 'open' | 'claimed' | 'done' | 'failed';

export type TaskPriority = 0 | 1 | 2 | 3 | 4;
export const DEFAULT_PRIORITY: TaskPriority = 2;
/** Claims a task may take before an expired lease fails it (the fleet's `[fleet] max_attempts` overrides it per add). */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** A claim's lease when the claimer names none (`lwc task claim` without --lease; `[fleet] lease_seconds` overrides it). */
export const DEFAULT_LEASE_MS = 10 * 60_000;

/** Who holds a claimed task and until when (ms since the epoch, from the injected clock). */
export interface TaskLease {
  readonly worker: string;
  readonly claimedAt: number;
  readonly expiresAt: number;
}

/** One entry of a task's history: every transition is appended, never rewritten. */
export interface TaskTransition {
  readonly at: number;
  /** The worker, `cli`, `supervisor`, or `lease` for an expiry. */
  readonly by: string;
  readonly from: TaskState | null;
  readonly to: TaskState;
  readonly reason?: string;
}

export interface QueueTask {
  readonly planId: string;
  readonly priority: TaskPriority;
  /** Monotonic insertion order: ties in priority go to the older task. */
  readonly seq: number;
  readonly addedAt: number;
  /** plan_ids this task waits for (each must be a task of the queue). */
  readonly dependsOn: readonly string[];
  readonly state: TaskState;
  /** Present exactly when state is `claimed`. */
  readonly lease?: TaskLease;
  /** Claims so far (an expired lease counts one). */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Why it last failed or was released. */
  readonly lastReason?: string;
  readonly history: readonly TaskTransition[];
}

/** The whole queue of one repository, as stored. `version` increases with every change (optimistic readers). */
export interface QueueState {
  readonly version: number;
  readonly nextSeq: number;
  readonly tasks: readonly QueueTask[];
}

export const EMPTY_QUEUE: QueueState = { version: 0, nextSeq: 1, tasks: [] };

/** A refused queue operation: `code` for callers, `message` with the fix (CLI exit 1; `nothing-ready` exits 3). */
export type QueueErrorCode =
  | 'unknown-task'
  | 'already-queued'
  | 'cycle'
  | 'not-owner'
  | 'wrong-state'
  | 'nothing-ready'
  | 'unknown-dependency'
  /** The worker's lease ran out: the task is no longer its own (another worker may hold it next). */
  | 'lease-expired'
  /** Other tasks wait for this one (remove refused without force). */
  | 'has-dependents'
  /** A priority, lease or worker name out of range. */
  | 'invalid-argument'
  /** A plan that cannot be queued: missing, invalid, or not `ready`. */
  | 'plan-not-ready'
  /** The stored queue does not parse or breaks the queue's invariants; the message names the file and the repair. */
  | 'corrupt-store'
  /** The state folder resolves outside the repository (a planted symlink), so nothing is read or written there. */
  | 'unsafe-store'
  /** The queue's lock stayed held by a live process for longer than the wait allows. */
  | 'store-busy';

export class QueueError extends Error {
  override readonly name = 'QueueError';
  constructor(
    readonly code: QueueErrorCode,
    message: string,
  ) {
    super(message);
  }
}
