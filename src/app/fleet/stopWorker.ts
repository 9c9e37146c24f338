import { supervisorLiveness, type SupervisorWorker } from '../../core/fleet/supervisorState';
import { findRunningWorker, type WorkChoice, type WorkerStopRecord } from '../../core/fleet/workerStop';
import { FleetError, type FleetDeps } from './types';

export interface StopWorkerChoices {
  /** `w1`, or the full name it claims under (`w1@host:41233`). */
  readonly worker: string;
  readonly work: WorkChoice;
  /** Who asks, for the supervisor's log and the task's history (`lwc down --worker`, `the editor`). */
  readonly by: string;
  /** How long to wait for the supervisor's answer. Default 120 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export interface StopWorkerReport {
  readonly worker: string;
  readonly id: string;
  /** The supervisor's pid. */
  readonly supervisor: number;
  readonly record: WorkerStopRecord;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The running worker `asked` names (`w1` or its full name) in the live supervisor, and the supervisor's pid, or a
 * FleetError that says why none can be stopped (no supervisor, a dead one, a stopping one, an unknown or stopped worker
 * — listing the running ones). Changes nothing: callers ask their questions from it.
 */
export async function findWorkerToStop(deps: Pick<FleetDeps, 'run' | 'state'>, asked: string): Promise<{ readonly pid: number; readonly worker: SupervisorWorker }> {
  const proc = deps.run.worktree.process;
  const here = { hostname: proc.hostname, isAlive: (pid: number) => proc.isAlive(pid), nowMs: proc.now().getTime() };
  const liveness = supervisorLiveness(await deps.state.readSupervisor(), here);
  if (liveness.kind !== 'alive') {
    const why = liveness.kind === 'none' ? 'No fleet supervisor has run here' : liveness.kind === 'stopped' ? 'The fleet supervisor is stopped' : `The fleet supervisor died (${liveness.why})`;
    throw new FleetError('no-supervisor', `${why}, so no worker runs to stop.${liveness.kind === 'stale' ? ' `lwc down` saves its workers\' work and releases their tasks.' : ''}`);
  }
  if (liveness.state.state !== 'running') throw new FleetError('no-supervisor', `The fleet supervisor (process ${liveness.state.pid}) is already stopping every worker (${liveness.state.stopReason ?? 'stop requested'}).`);
  const found = findRunningWorker(liveness.state, asked);
  if (!found.ok) throw new FleetError('unknown-worker', found.error);
  return { pid: liveness.state.pid, worker: found.worker };
}

/**
 * `lwc down --worker w1` (and the editor's Stop Worker): asks the live supervisor, wherever it runs, to stop one
 * worker, and waits for its answer in supervisor.json. The supervisor cancels that worker's run (container removed,
 * pointers restored), saves its worktree's work as `lwc down` does (salvage ref, or nothing on `discard`), releases its
 * task to the queue and ends that worker; the other workers go on. Refused, with nothing changed, when no supervisor
 * runs or the worker is unknown or already stopped (the error lists the running workers).
 */
export async function stopFleetWorker(deps: Pick<FleetDeps, 'run' | 'state'>, choices: StopWorkerChoices): Promise<StopWorkerReport> {
  const proc = deps.run.worktree.process;
  const found = await findWorkerToStop(deps, choices.worker);
  const { name, id } = found.worker;
  const pid = found.pid;
  // Unique per request, so that the answer read back is to this request and not to an earlier one.
  const at = `${proc.now().toISOString()} ${proc.pid}`;
  await deps.state.requestWorkerStop(name, { at, by: choices.by, reason: `stop of ${name}`, work: choices.work });
  choices.onProgress?.(`asked the supervisor (process ${pid}) to stop ${name}${found.worker.planId ? `, working on ${found.worker.planId}` : ''}`);

  const timeoutMs = choices.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await deps.state.readSupervisor().catch(() => undefined);
    const w = state?.workers.find((x) => x.name === name);
    if (state && state.pid === pid && w?.state === 'stopped' && w.stop?.requestedAt === at) return { worker: name, id, supervisor: pid, record: w.stop };
    const gone = !state || state.pid !== pid || state.state === 'stopped' || (state.hostname === proc.hostname && !proc.isAlive(pid));
    if (gone) {
      await deps.state.clearWorkerStopRequests(name).catch(() => undefined);
      throw new FleetError('worker-stop-failed', `The supervisor (process ${pid}) stopped before it answered the stop of ${name}. Run \`lwc down\` to save every worker's work and release their tasks.`);
    }
    if (choices.signal?.aborted) throw new FleetError('cancelled-by-user', `Interrupted while waiting for ${name} to stop; the request stays, and the supervisor still stops it (\`lwc status\` shows it).`);
    if (Date.now() > deadline) throw new FleetError('stop-timeout', `The supervisor (process ${pid}) did not stop ${name} within ${Math.round(timeoutMs / 1000)} s. Check it with \`lwc status\`; the request stays until it is handled.`);
    await sleep(250);
  }
}
