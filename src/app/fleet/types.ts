import type { AgentId } from '../../core/agent/backend';
import type { WorkerStopRecord } from '../../core/fleet/workerStop';
import type { FleetStatePort } from '../../core/ports/fleetState';
import type { RunActivityPort } from '../../core/ports/runActivity';
import type { PlanGitPort } from '../../core/ports/git';
import type { QueueDeps } from './queue';
import type { HeadlessEvent, RunHeadlessDeps, RunHeadlessOptions } from '../run/runHeadlessTypes';

/** Everything the supervisor, `status` and `down` use; one object per repository, built by a composition root. */
export interface FleetDeps {
  /** The headless runner's ports (engine, worktree, plans, prompts...). */
  readonly run: RunHeadlessDeps;
  readonly queue: QueueDeps;
  readonly state: FleetStatePort;
  /** git_sha checks when a worker loads its plan. */
  readonly planGit: PlanGitPort;
  /** The runs' usage and last events, for the status (without it the status has no usage). */
  readonly activity?: RunActivityPort;
}

/** What every worker's headless run gets, whatever its plan (the CLI's flags; the editor's settings). */
export type FleetRunChoices = Omit<RunHeadlessOptions, 'repoRoot' | 'plan' | 'agent' | 'signal' | 'onEvent' | 'owner' | 'now'>;

export interface FleetUpOptions {
  readonly repoRoot: string;
  readonly workers: number;
  /** Undefined: each run takes `[headless] agent`. */
  readonly agent?: AgentId;
  readonly leaseMs: number;
  /** Stop once no task is ready or claimed. */
  readonly untilEmpty: boolean;
  readonly run: FleetRunChoices;
  /** Aborting stops the fleet as `lwc down` does (Ctrl-C, SIGTERM). */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: FleetEvent) => void;
  /** How often idle workers look for work and the stop request is checked. Default 1000 ms. */
  readonly pollMs?: number;
  /** How often supervisor.json's heartbeat is written. Default 2000 ms. */
  readonly heartbeatMs?: number;
}

export type TaskOutcome = 'done' | 'failed' | 'released';

export type FleetEvent =
  | { readonly type: 'started'; readonly pid: number; readonly workers: number; readonly leaseMs: number }
  | { readonly type: 'recovered'; readonly releasedTasks: readonly string[]; readonly removedContainers: readonly string[]; readonly restoredWorktrees: readonly string[] }
  | { readonly type: 'claimed'; readonly worker: string; readonly planId: string }
  | { readonly type: 'run'; readonly worker: string; readonly planId: string; readonly event: HeadlessEvent }
  | { readonly type: 'committed'; readonly worker: string; readonly planId: string; readonly sha: string }
  | { readonly type: 'finished'; readonly worker: string; readonly planId: string; readonly outcome: TaskOutcome; readonly reason?: string; readonly runDir?: string }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'worker-stopping'; readonly worker: string; readonly reason: string }
  | { readonly type: 'worker-stopped'; readonly worker: string; readonly record: WorkerStopRecord }
  | { readonly type: 'stopping'; readonly reason: string }
  | { readonly type: 'stopped'; readonly reason: string };

export interface FleetTaskReport {
  readonly planId: string;
  readonly worker: string;
  readonly outcome: TaskOutcome;
  readonly reason?: string;
  readonly runDir?: string;
  readonly commit?: string;
}

export interface FleetUpReport {
  readonly tasks: readonly FleetTaskReport[];
  readonly stopReason: string;
}

export type FleetErrorCode = 'supervisor-running' | 'no-supervisor' | 'unknown-worker' | 'worker-stop-failed' | 'stop-timeout' | 'cancelled-by-user' | 'needs-choice' | 'needs-confirmation';

/** A refused fleet operation; the message says what to do. */
export class FleetError extends Error {
  override readonly name = 'FleetError';
  constructor(
    readonly code: FleetErrorCode,
    message: string,
  ) {
    super(message);
  }
}
