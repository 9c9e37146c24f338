import { SUPERVISOR_FILE_VERSION, type SupervisorState, type SupervisorWorker } from '../../core/fleet/supervisorState';
import type { FleetStatePort } from '../../core/ports/fleetState';

/**
 * The supervisor's state as other processes see it: every change and every heartbeat rewrites supervisor.json
 * atomically. Writes are chained, never concurrent, so the file always ends with the newest state; a failed write is
 * reported and the next one tries again (status readers then see a late heartbeat, which is the truth).
 */
export interface SupervisorPublisher {
  readonly state: () => SupervisorState;
  updateWorker(name: string, change: (worker: SupervisorWorker) => SupervisorWorker): void;
  setState(state: SupervisorState['state'], stopReason?: string): void;
  /** Resolves once everything asked so far is on disk. */
  flush(): Promise<void>;
  /** Stops the heartbeat timer (the last state is still written by flush). */
  close(): void;
}

export function createPublisher(
  port: FleetStatePort,
  initial: Omit<SupervisorState, 'version' | 'heartbeatAt' | 'state'>,
  options: { readonly now: () => Date; readonly onWriteError: (error: unknown) => void },
): SupervisorPublisher {
  let current: SupervisorState = { version: SUPERVISOR_FILE_VERSION, ...initial, state: 'running', heartbeatAt: options.now().toISOString() };
  let chain = Promise.resolve();
  const publish = (): void => {
    current = { ...current, heartbeatAt: options.now().toISOString() };
    const snapshot = current;
    chain = chain.then(() => port.writeSupervisor(snapshot)).catch(options.onWriteError);
  };
  const timer = setInterval(publish, current.heartbeatMs);
  timer.unref();
  publish();
  return {
    state: () => current,
    updateWorker(name, change) {
      current = { ...current, workers: current.workers.map((w) => (w.name === name ? change(w) : w)) };
      publish();
    },
    setState(state, stopReason) {
      current = { ...current, state, ...(stopReason !== undefined ? { stopReason } : {}) };
      publish();
    },
    flush: () => chain,
    close: () => clearInterval(timer),
  };
}
