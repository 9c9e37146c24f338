import { z } from 'zod';
import { WorkerStopRecordSchema } from './workerStop';

/**
 * What a running supervisor (`lwc up`) publishes in `.lw_coder/state/fleet/supervisor.json`, rewritten atomically on
 * every change and on a heartbeat, so that `lwc status` and `lwc down` in another terminal (or the editor) see its
 * workers. Pure: the file is read and written by an adapter (src/adapters/state/fleetStateFiles.ts).
 */

export const SUPERVISOR_FILE_VERSION = 1;

export const WORKER_STATES = ['idle', 'preparing', 'running', 'finishing', 'stopped'] as const;
export type WorkerState = (typeof WORKER_STATES)[number];

const WorkerSchema = z.strictObject({
  /** Short name, `w1`. */
  name: z.string().min(1),
  /** The name it claims tasks under (core/fleet/workerId.ts). */
  id: z.string().min(1),
  state: z.enum(WORKER_STATES),
  planId: z.string().min(1).optional(),
  /** The plan file, relative to the repository root. */
  plan: z.string().min(1).optional(),
  /** The plan's branch (its plan_id) once the worktree exists. */
  branch: z.string().min(1).optional(),
  /** The running attempt's container name. */
  container: z.string().min(1).optional(),
  runDir: z.string().min(1).optional(),
  /**
   * Its last run's directory, kept once it is idle or stopped: a reader that looked only before and after a quick task
   * (a worker's terminal, whose file watch is debounced) still finds the run to show.
   */
  lastRunDir: z.string().min(1).optional(),
  /** When the worker took its task (ISO 8601). */
  startedAt: z.string().min(1).optional(),
  /** Set once it was stopped on its own (`lwc down --worker`): what became of its work. */
  stop: WorkerStopRecordSchema.optional(),
});

export const SupervisorStateSchema = z.strictObject({
  version: z.literal(SUPERVISOR_FILE_VERSION),
  pid: z.number().int().positive(),
  hostname: z.string().min(1),
  state: z.enum(['running', 'stopping', 'stopped']),
  startedAt: z.string().min(1),
  heartbeatAt: z.string().min(1),
  /** How often the heartbeat is written, so a reader knows when it is late. */
  heartbeatMs: z.number().int().positive(),
  workersWanted: z.number().int().positive(),
  agent: z.string().min(1).optional(),
  untilEmpty: z.boolean(),
  leaseMs: z.number().int().positive(),
  /** Why it stopped or is stopping (`lwc down`, SIGTERM, queue empty). */
  stopReason: z.string().optional(),
  workers: z.array(WorkerSchema),
});

export type SupervisorState = z.infer<typeof SupervisorStateSchema>;
export type SupervisorWorker = SupervisorState['workers'][number];

export type ParsedSupervisorFile = { readonly ok: true; readonly state: SupervisorState } | { readonly ok: false; readonly error: string };

/** Parses supervisor.json's text; a hand-edited or torn file is an error naming the field and the repair. */
export function parseSupervisorFile(text: string, label: string): ParsedSupervisorFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${label} is not JSON (${error instanceof Error ? error.message : String(error)}). Fix: stop any \`lwc up\` of this repository, then delete ${label}; the next \`lwc up\` writes a new one.` };
  }
  const checked = SupervisorStateSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return { ok: false, error: `${label}: ${issue.path.join('.') || '(top level)'}: ${issue.message}. Fix: stop any \`lwc up\` of this repository, then delete ${label}; the next \`lwc up\` writes a new one.` };
  }
  return { ok: true, state: checked.data };
}

export type SupervisorLiveness =
  | { readonly kind: 'none' }
  | { readonly kind: 'alive'; readonly state: SupervisorState }
  | { readonly kind: 'stopped'; readonly state: SupervisorState }
  /** It claims to run but cannot: its pid is gone on this host, or (another host) its heartbeat is long overdue. */
  | { readonly kind: 'stale'; readonly state: SupervisorState; readonly why: string };

/** Heartbeats missed before a supervisor of another host counts as stale. */
export const STALE_AFTER_HEARTBEATS = 5;

/**
 * Whether the supervisor a file describes still runs. On its own host the pid decides (a kill -9 is seen at once);
 * from another host only the heartbeat's age can tell.
 */
export function supervisorLiveness(
  state: SupervisorState | undefined,
  here: { readonly hostname: string; isAlive(pid: number): boolean; readonly nowMs: number },
): SupervisorLiveness {
  if (!state) return { kind: 'none' };
  if (state.state === 'stopped') return { kind: 'stopped', state };
  if (state.hostname === here.hostname) {
    return here.isAlive(state.pid) ? { kind: 'alive', state } : { kind: 'stale', state, why: `its process ${state.pid} on ${state.hostname} is gone` };
  }
  const age = here.nowMs - Date.parse(state.heartbeatAt);
  if (!Number.isFinite(age) || age > state.heartbeatMs * STALE_AFTER_HEARTBEATS) {
    return { kind: 'stale', state, why: `its last heartbeat was ${Number.isFinite(age) ? `${Math.round(age / 1000)} s` : 'unreadably long'} ago (process ${state.pid} on ${state.hostname})` };
  }
  return { kind: 'alive', state };
}
