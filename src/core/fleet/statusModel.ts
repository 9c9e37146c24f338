import type { QueueTask } from '../queue/types';
import { queueViewOf, type FleetQueueView, type QueueViewInput } from './queueView';
import type { RunActivity, RunLastEvent } from './runEvents';
import type { SupervisorLiveness, WorkerState } from './supervisorState';
import type { PriceTable } from './usage';

/**
 * The fleet's status as one model (issue 12 item 5), built by src/app/fleet/status.ts and read by `lwc status` (full,
 * --brief, --json) and later by the Workers view and the dashboard. Pure: the app layer gathers the inputs.
 */

export interface FleetWorkerView {
  readonly name: string;
  /** `stale`: the supervisor that published it is gone, so the published state is no longer true. */
  readonly state: WorkerState | 'stale';
  /** The task's plan_id. */
  readonly task?: string;
  /** The plan file, relative to the repository root. */
  readonly plan?: string;
  readonly branch?: string;
  readonly container?: string;
  readonly startedAt?: string;
  readonly durationMs?: number;
  /** Its current run's directory (absolute), as the supervisor published it (its feedback summary). */
  readonly runDir?: string;
  /** The last event of its current run's events.jsonl. */
  readonly lastEvent?: RunLastEvent;
}

/** The queue's task counts (the same shape as core/queue/rules.ts QueueCounts). */
export interface TaskCounts {
  /** Open with every dependency done. */
  readonly ready: number;
  readonly claimed: number;
  /** Open and waiting for a dependency. */
  readonly blocked: number;
  readonly done: number;
  readonly failed: number;
  readonly total: number;
}

export interface TaskBranchView {
  readonly planId: string;
  readonly task: QueueTask['state'];
  readonly state: 'ok' | 'missing' | 'broken';
  readonly branch?: string;
  readonly head?: string;
  /** The plan's git_sha, which `ahead` counts from and the dashboard's diff compares against. */
  readonly base?: string;
  /** Commits beyond the plan's git_sha; undefined when unknown. */
  readonly ahead?: number;
  /** The branch's HEAD is in the host branch (trivially so while it has no commit of its own). */
  readonly merged?: boolean;
  /** Uncommitted paths in the worktree: staged, unstaged, untracked and conflicted. */
  readonly uncommitted: number;
  readonly error?: string;
}

export type SupervisorView =
  | { readonly state: 'none' }
  | { readonly state: 'running' | 'stopping' | 'stopped' | 'stale'; readonly pid: number; readonly hostname: string; readonly startedAt: string; readonly heartbeatAt: string; readonly workersWanted: number; readonly why?: string };

export interface FleetStatus {
  readonly generatedAt: string;
  readonly repository: string;
  readonly supervisor: SupervisorView;
  readonly workers: readonly FleetWorkerView[];
  readonly tasks: TaskCounts;
  /**
   * Every task with its group (ready in claim order, in progress, blocked, done, failed), its runs' usage and cost, and
   * the total (queueView.ts): the Workers view's rows and the dashboard's table.
   */
  readonly queue: FleetQueueView;
  readonly sync: {
    readonly hostBranch?: string;
    readonly head?: string;
    readonly branches: readonly TaskBranchView[];
  };
  readonly services: {
    /** `unchecked`: a queue-only status (the Workers view's refresh on store changes) does not ask the engine. */
    readonly docker: { readonly state: 'running'; readonly version: string } | { readonly state: 'unavailable'; readonly error: string } | { readonly state: 'unchecked' };
    readonly supervisor: 'alive' | 'stale' | 'stopped' | 'none';
  };
  /** What could not be read (a corrupt supervisor.json, an unreadable queue); the rest of the model is still true. */
  readonly problems: readonly string[];
}

export interface FleetStatusInput {
  readonly repository: string;
  readonly nowMs: number;
  readonly liveness: SupervisorLiveness;
  /** The queue's counts (its rules decide what is ready: core/queue/rules.ts). */
  readonly tasks: TaskCounts;
  /** The queue as read (its rules decided what is ready and what each blocked task waits for). */
  readonly queue: QueueViewInput;
  /** Plan file (relative path) by plan_id, for the workers' rows. */
  readonly planFiles: ReadonlyMap<string, string>;
  readonly host: { readonly branch?: string; readonly head?: string };
  readonly branches: readonly TaskBranchView[];
  readonly docker: FleetStatus['services']['docker'];
  readonly problems?: readonly string[];
  /** The tasks' runs' activity by plan_id (oldest run first); `[prices]`. */
  readonly activity?: ReadonlyMap<string, readonly RunActivity[]>;
  readonly prices?: PriceTable;
}

export function buildFleetStatus(input: FleetStatusInput): FleetStatus {
  const { liveness } = input;
  const supervisor: SupervisorView = liveness.kind === 'none'
    ? { state: 'none' }
    : {
      state: liveness.kind === 'stale' ? 'stale' : liveness.kind === 'stopped' ? 'stopped' : liveness.state.state,
      pid: liveness.state.pid,
      hostname: liveness.state.hostname,
      startedAt: liveness.state.startedAt,
      heartbeatAt: liveness.state.heartbeatAt,
      workersWanted: liveness.state.workersWanted,
      ...(liveness.kind === 'stale' ? { why: liveness.why } : {}),
    };
  const workers: FleetWorkerView[] = liveness.kind === 'alive' || liveness.kind === 'stale'
    ? liveness.state.workers.map((w) => {
      const started = w.startedAt !== undefined ? Date.parse(w.startedAt) : NaN;
      const plan = w.plan ?? (w.planId !== undefined ? input.planFiles.get(w.planId) : undefined);
      const run = w.runDir !== undefined && w.planId !== undefined ? input.activity?.get(w.planId)?.find((r) => w.runDir!.endsWith(r.run)) : undefined;
      return {
        name: w.name,
        state: liveness.kind === 'stale' ? 'stale' : w.state,
        ...(w.planId !== undefined ? { task: w.planId } : {}),
        ...(plan !== undefined ? { plan } : {}),
        ...(w.branch !== undefined ? { branch: w.branch } : {}),
        ...(w.container !== undefined ? { container: w.container } : {}),
        ...(w.startedAt !== undefined ? { startedAt: w.startedAt } : {}),
        ...(Number.isFinite(started) ? { durationMs: Math.max(0, input.nowMs - started) } : {}),
        ...(w.runDir !== undefined ? { runDir: w.runDir } : {}),
        ...(run?.lastEvent ? { lastEvent: run.lastEvent } : {}),
      };
    })
    : [];
  return {
    generatedAt: new Date(input.nowMs).toISOString(),
    repository: input.repository,
    supervisor,
    workers,
    tasks: input.tasks,
    queue: queueViewOf(input.queue, input.nowMs, { ...(input.activity ? { activity: input.activity } : {}), ...(input.prices ? { prices: input.prices } : {}) }),
    sync: { ...(input.host.branch !== undefined ? { hostBranch: input.host.branch } : {}), ...(input.host.head !== undefined ? { head: input.host.head } : {}), branches: input.branches },
    services: { docker: input.docker, supervisor: liveness.kind === 'none' ? 'none' : liveness.kind },
    problems: input.problems ?? [],
  };
}

/** `12m`, `1h05m`, `40s`: durations as a dashboard shows them. */
export function shortDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

const BUSY: readonly FleetWorkerView['state'][] = ['preparing', 'running', 'finishing'];

/** One line in the manner of isollm's `status --brief`, for a status bar or a tmux pane. */
export function briefLine(status: FleetStatus): string {
  const running = status.workers.filter((w) => BUSY.includes(w.state)).length;
  const idle = status.workers.filter((w) => w.state === 'idle').length;
  const workers = status.workers.length === 0 ? 'workers: none' : `workers: ${running} running${idle > 0 ? `, ${idle} idle` : ''}${status.supervisor.state === 'stale' ? ' (stale)' : ''}`;
  const t = status.tasks;
  const tasks = `tasks: ${t.ready} ready, ${t.claimed} in progress, ${t.blocked} blocked, ${t.done} done, ${t.failed} failed`;
  const supervisor = `supervisor: ${status.supervisor.state === 'none' ? '○ none' : `${status.supervisor.state === 'running' || status.supervisor.state === 'stopping' ? '●' : '○'} ${status.supervisor.state}`}`;
  const d = status.services.docker;
  const docker = `docker: ${d.state === 'running' ? `● ${d.version}` : `○ ${d.state}`}`;
  return `${workers} | ${tasks} | ${supervisor} | ${docker}`;
}
