import { workerProvablyDead } from '../../core/fleet/workerId';
import { supervisorLiveness } from '../../core/fleet/supervisorState';
import type { ProcessPort } from '../../core/ports/worktreeState';
import { listTasks, releaseTask } from './queue';
import type { FleetDeps } from './types';

export interface FleetTaskRecovery {
  /** Tasks whose fleet worker is provably dead (its supervisor's pid is gone on this host), now open again. */
  readonly releasedTasks: readonly string[];
  /** Set when supervisor.json described a dead supervisor and now says it stopped. */
  readonly deadSupervisor?: { readonly pid: number; readonly hostname: string };
}

/**
 * Returns to the queue, at once, every task claimed by a fleet worker whose supervisor died on this host (kill -9, a
 * crash): the worker's name carries the supervisor's host and pid (core/fleet/workerId.ts), so its death is proven
 * without waiting for the lease. Claims of other hosts or other claimers are left to their leases. supervisor.json of
 * a dead supervisor is marked stopped, so `lwc status` stops calling it stale. Safe any time and twice.
 */
export async function releaseDeadFleetTasks(deps: Pick<FleetDeps, 'queue' | 'state'>, proc: ProcessPort, by: string): Promise<FleetTaskRecovery> {
  const releasedTasks: string[] = [];
  for (const task of (await listTasks(deps.queue)).tasks) {
    if (task.state !== 'claimed' || !task.lease || !workerProvablyDead(task.lease.worker, proc)) continue;
    try {
      await releaseTask(deps.queue, task.planId, { worker: by, reason: `its worker ${task.lease.worker} died with its supervisor`, force: true });
      releasedTasks.push(task.planId);
    } catch {
      // Changed meanwhile (another recover, the lease expired and someone claimed it): nothing of ours to release.
    }
  }
  const state = await deps.state.readSupervisor().catch(() => undefined);
  const liveness = supervisorLiveness(state, { hostname: proc.hostname, isAlive: (pid) => pid !== proc.pid && proc.isAlive(pid), nowMs: proc.now().getTime() });
  if (liveness.kind === 'stale' && liveness.state.hostname === proc.hostname) {
    await deps.state.writeSupervisor({ ...liveness.state, state: 'stopped', stopReason: `${liveness.why}; recovered by ${by}`, workers: liveness.state.workers.map((w) => ({ name: w.name, id: w.id, state: 'stopped' as const })) });
    return { releasedTasks, deadSupervisor: { pid: liveness.state.pid, hostname: liveness.state.hostname } };
  }
  return { releasedTasks };
}
