import { describeWorkerStop } from '../../core/fleet/workerStop';
import type { FleetEvent } from '../../app/fleet/types';
import { describeHeadlessEvent } from '../run/headlessEvents';

/**
 * One log line per supervisor event, as `lwc up` prints them on stderr, each with the worker and its plan; a run's
 * own events go through the headless run's wording. Undefined for events nobody needs to see. Pure.
 */
export function describeFleetEvent(e: FleetEvent, agent: string): { readonly text: string; readonly warning: boolean } | undefined {
  switch (e.type) {
    case 'started': return { text: `supervisor ${e.pid} runs ${e.workers} worker(s); leases of ${Math.round(e.leaseMs / 1000)} s`, warning: false };
    case 'recovered': return { text: `recovered after a crash: ${[...e.removedContainers.map((c) => `removed container ${c}`), ...e.restoredWorktrees.map((w) => `restored pointers of ${w}`), ...e.releasedTasks.map((t) => `released ${t}`)].join('; ')}`, warning: false };
    case 'claimed': return { text: `[${e.worker}] claimed ${e.planId}`, warning: false };
    case 'committed': return { text: `[${e.worker}] committed ${e.sha.slice(0, 12)} on branch ${e.planId}`, warning: false };
    case 'finished': return { text: `[${e.worker}] ${e.planId}: ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`, warning: e.outcome === 'failed' };
    case 'warning': return { text: e.message, warning: true };
    case 'worker-stopping': return { text: `[${e.worker}] stopping: ${e.reason}`, warning: false };
    case 'worker-stopped': return { text: describeWorkerStop(e.worker, e.record), warning: e.record.work === 'failed' };
    case 'stopping': return { text: `stopping: ${e.reason}`, warning: false };
    case 'stopped': return { text: `stopped (${e.reason})`, warning: false };
    case 'run': {
      const line = describeHeadlessEvent(e.event, agent);
      return line && line.level !== 'debug' ? { text: `[${e.worker} ${e.planId}] ${line.text}`, warning: line.level === 'warn' } : undefined;
    }
  }
}
