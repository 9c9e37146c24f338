import { fleetWorkerId, workerShortName } from '../../core/fleet/workerId';
import type { WorkerStopRecord, WorkerStopRequest } from '../../core/fleet/workerStop';
import { recover } from '../recover';
import { recoverSessionContainers } from '../run/sessionRecover';
import { createPublisher, type SupervisorPublisher } from './publisher';
import { claimNext, expireLeases, listTasks } from './queue';
import { releaseDeadFleetTasks } from './recoverFleet';
import { lastRunOf, runClaimedTask } from './runTask';
import { sharedBuilds } from './sharedBuilds';
import { saveStoppedWork } from './stoppedWork';
import { FleetError, type FleetDeps, type FleetEvent, type FleetTaskReport, type FleetUpOptions, type FleetUpReport } from './types';

/** The lock that makes the supervisor one per repository (a dead holder's lock is taken over). */
export const SUPERVISOR_LOCK = 'fleet-supervisor';
const DEFAULT_POLL_MS = 1000;
const DEFAULT_HEARTBEAT_MS = 2000;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A sleep that a stop or a wake-up (a task finished: its dependents may be ready) ends early. */
function createWaker(stopping: AbortSignal): { wait(ms: number): Promise<void>; wake(): void } {
  let waiters: (() => void)[] = [];
  const wakeAll = (): void => {
    const now = waiters;
    waiters = [];
    for (const w of now) w();
  };
  stopping.addEventListener('abort', wakeAll, { once: true });
  return {
    wait: (ms) => new Promise<void>((resolve) => {
      if (stopping.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        waiters = waiters.filter((w) => w !== done);
        resolve();
      }
      waiters.push(done);
    }),
    wake: wakeAll,
  };
}

/**
 * `lwc up` (issue 12 item 4): one supervisor per repository runs N workers in this process until it is stopped (the
 * signal, `lwc down`'s stop request) or, with `untilEmpty`, until no task is ready or claimed. Each idle worker claims
 * the next ready task and runs it (runTask.ts) in its own container, so at most N containers run at once. Before the
 * first claim it repairs what a crashed supervisor left (containers, gitdir pointers, tasks of dead workers). Its state
 * is published in supervisor.json for `lwc status` and `lwc down`. On a stop every running run is cancelled (container
 * removed, pointers restored) and its task released before this resolves.
 */
export async function runFleet(deps: FleetDeps, options: FleetUpOptions): Promise<FleetUpReport> {
  const wt = deps.run.worktree;
  const proc = wt.process;
  const root = await wt.files.realpath(options.repoRoot);
  const emit = (event: FleetEvent): void => options.onEvent?.(event);
  const got = await wt.locks.tryAcquire(SUPERVISOR_LOCK, 'lwc-up');
  if (!('release' in got)) {
    const h = got.holder;
    throw new FleetError('supervisor-running', `A fleet supervisor already runs for ${root} (process ${h.pid} on ${h.hostname}). One per repository: \`lwc status\` shows its workers, \`lwc down\` stops it.`);
  }
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  let publisher: SupervisorPublisher | undefined;
  try {
    await deps.state.clearStopRequest();
    await deps.state.clearWorkerStopRequests();
    await recoverLeftovers(deps, root, options.signal, emit);
    const run = { ...deps.run, engine: sharedBuilds(deps.run.engine) };
    const fleetDeps: FleetDeps = { ...deps, run };
    const workers = Array.from({ length: options.workers }, (_, i) => ({ name: workerShortName(i + 1), id: fleetWorkerId({ index: i + 1, hostname: proc.hostname, pid: proc.pid }) }));
    const started = proc.now().toISOString();
    publisher = createPublisher(deps.state, {
      pid: proc.pid,
      hostname: proc.hostname,
      startedAt: started,
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      workersWanted: options.workers,
      ...(options.agent ? { agent: options.agent } : {}),
      untilEmpty: options.untilEmpty,
      leaseMs: options.leaseMs,
      workers: workers.map((w) => ({ ...w, state: 'idle' as const })),
    }, { now: () => proc.now(), onWriteError: (error) => emit({ type: 'warning', message: `could not write ${deps.state.supervisorFile}: ${message(error)}` }) });
    emit({ type: 'started', pid: proc.pid, workers: options.workers, leaseMs: options.leaseMs });

    const stopper = new AbortController();
    let stopReason = '';
    const stop = (reason: string): void => {
      if (stopper.signal.aborted) return;
      stopReason = reason;
      publisher!.setState('stopping', reason);
      emit({ type: 'stopping', reason });
      stopper.abort();
    };
    const onOuterAbort = (): void => stop(options.signal?.reason instanceof Error ? `interrupted (${options.signal.reason.message})` : 'interrupted');
    if (options.signal?.aborted) onOuterAbort();
    else options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const waker = createWaker(stopper.signal);
    const reports: FleetTaskReport[] = [];
    // One worker stopped on its own (`lwc down --worker`): its own signal, and the request that aborted it.
    const own = new Map(workers.map((w) => [w.name, { controller: new AbortController(), request: undefined as WorkerStopRequest | undefined }]));
    const stopOne = (name: string, request: WorkerStopRequest): boolean => {
      const o = own.get(name);
      if (!o || o.controller.signal.aborted || stopper.signal.aborted) return false;
      o.request = request;
      emit({ type: 'worker-stopping', worker: name, reason: `${request.reason} (asked by ${request.by})` });
      o.controller.abort();
      // An idle worker sleeping until its next poll ends now.
      waker.wake();
      return true;
    };

    const workerLoop = async (worker: { name: string; id: string }): Promise<void> => {
      const mine = own.get(worker.name)!;
      // Aborted by the whole stop or by this worker's own.
      const stopping = new AbortController();
      const abort = (): void => stopping.abort();
      stopper.signal.addEventListener('abort', abort, { once: true });
      mine.controller.signal.addEventListener('abort', abort, { once: true });
      if (stopper.signal.aborted || mine.controller.signal.aborted) abort();
      const stopReasonOf = (): string => (mine.request ? `${mine.request.reason} (asked by ${mine.request.by})` : stopReason);
      let saved: Pick<WorkerStopRecord, 'planId' | 'work' | 'ref' | 'error'> | undefined;
      let last: FleetTaskReport | undefined;
      const beforeRelease = async (planId: string, base: string | undefined): Promise<void> => {
        // Only a stop of this worker alone saves here; the whole stop leaves it to `lwc down`, which saves every worktree.
        if (!mine.request) return;
        saved = await saveStoppedWork(fleetDeps, { root, planId, ...(base ? { base } : {}), work: mine.request.work });
        if (saved.error) emit({ type: 'warning', message: `${worker.name}: could not save the work of ${planId}: ${saved.error}` });
      };
      while (!stopping.signal.aborted) {
        let task;
        try {
          task = await claimNext(deps.queue, { worker: worker.id, leaseMs: options.leaseMs });
        } catch (error) {
          emit({ type: 'warning', message: `${worker.name} could not claim a task: ${message(error)}` });
          await waker.wait(pollMs);
          continue;
        }
        if (!task) {
          await waker.wait(pollMs);
          continue;
        }
        // Claimed as a stop arrived: runClaimedTask sees the stop and puts it straight back.
        const report = await runClaimedTask({ deps: fleetDeps, options, root, ...worker, publisher: publisher!, stopping: stopping.signal, stopReason: stopReasonOf, emit, beforeRelease }, task);
        reports.push(report);
        last = report;
        // A finished task may have made its dependents ready: idle workers look now rather than at their next poll.
        waker.wake();
        // Released without a stop (the plan runs elsewhere): do not take it straight back.
        if (report.outcome === 'released' && !stopping.signal.aborted) await waker.wait(pollMs);
      }
      stopper.signal.removeEventListener('abort', abort);
      const request = mine.request;
      if (!request) return;
      // The answer its asker waits for in supervisor.json.
      const stopped = last && last.planId === saved?.planId ? last : undefined;
      const record: WorkerStopRecord = {
        requestedAt: request.at,
        by: request.by,
        ...(saved ?? { work: 'idle' as const }),
        released: stopped?.outcome === 'released' && !stopped.reason?.startsWith('claim lost'),
      };
      publisher!.updateWorker(worker.name, (w) => ({ name: w.name, id: w.id, state: 'stopped', stop: record, ...lastRunOf(w) }));
      emit({ type: 'worker-stopped', worker: worker.name, record });
      if ([...own.values()].every((o) => o.controller.signal.aborted)) stop('every worker was stopped');
    };

    const monitor = async (): Promise<void> => {
      while (!stopper.signal.aborted) {
        try {
          const request = await deps.state.stopRequest();
          if (request) {
            stop(`${request.reason} (asked by ${request.by})`);
            break;
          }
          for (const [name, ask] of await deps.state.workerStopRequests()) {
            await deps.state.clearWorkerStopRequests(name);
            if (!stopOne(name, ask)) emit({ type: 'warning', message: `a stop of worker ${name} was asked by ${ask.by}, but no such worker runs here (or the whole fleet is stopping)` });
          }
          await expireLeases(deps.queue);
          if (options.untilEmpty) {
            const { counts } = await listTasks(deps.queue);
            if (counts.ready === 0 && counts.claimed === 0) {
              stop(`the queue is empty: no task ready or claimed (${counts.done} done, ${counts.failed} failed, ${counts.blocked} blocked)`);
              break;
            }
          }
        } catch (error) {
          emit({ type: 'warning', message: `supervisor: ${message(error)}` });
        }
        await waker.wait(pollMs);
      }
    };

    await Promise.all([monitor(), ...workers.map(workerLoop)]);
    options.signal?.removeEventListener('abort', onOuterAbort);
    publisher.setState('stopped', stopReason);
    emit({ type: 'stopped', reason: stopReason });
    return { tasks: reports, stopReason };
  } finally {
    if (publisher) {
      publisher.close();
      await publisher.flush();
    }
    await deps.state.clearStopRequest().catch(() => undefined);
    await deps.state.clearWorkerStopRequests().catch(() => undefined);
    await got.release();
  }
}

/**
 * What a crashed supervisor (or any crashed session of this repository) left: containers whose owner died, gitdir
 * pointers still patched for them, and tasks claimed by its workers. Containers first: an agent must be gone before
 * its worktree's pointers are put back.
 */
async function recoverLeftovers(deps: FleetDeps, root: string, signal: AbortSignal | undefined, emit: (event: FleetEvent) => void): Promise<void> {
  const wt = deps.run.worktree;
  const containers = await recoverSessionContainers(deps.run.engine, wt.process, { repoRoot: root, ...(signal ? { signal } : {}) });
  const pointers = await recover(wt, root, signal ? { signal } : {});
  const tasks = await releaseDeadFleetTasks(deps, wt.process, 'lwc up');
  const restored = pointers.repaired.filter((r) => r.conflicts.length === 0).map((r) => r.worktreePath);
  if (containers.removed.length + restored.length + tasks.releasedTasks.length > 0) {
    emit({ type: 'recovered', releasedTasks: tasks.releasedTasks, removedContainers: containers.removed, restoredWorktrees: restored });
  }
}
