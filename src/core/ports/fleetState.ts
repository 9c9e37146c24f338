import type { SupervisorState } from '../fleet/supervisorState';
import type { WorkerStopRequest } from '../fleet/workerStop';

/** A stop asked of the supervisor by another process (`lwc down`): who asked, when, and why. */
export interface StopRequest {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}

/**
 * The fleet's shared files under `.lw_coder/state/fleet/`: the supervisor's published state and the stop request it
 * polls. Files rather than signals, so `lwc down` works the same from another terminal, the editor or a process that may
 * not signal the supervisor; every write is atomic (temp file, fsync, rename), so a kill -9 leaves the old file or the
 * new one.
 */
export interface FleetStatePort {
  /** The supervisor's last published state, or undefined when none was ever written; a corrupt file rejects naming it. */
  readSupervisor(): Promise<SupervisorState | undefined>;
  writeSupervisor(state: SupervisorState): Promise<void>;
  /** Asks the supervisor to stop; it sees the request at its next poll. */
  requestStop(request: StopRequest): Promise<void>;
  stopRequest(): Promise<StopRequest | undefined>;
  clearStopRequest(): Promise<void>;
  /** Asks the supervisor to stop one worker (its short name, `w1`); it sees the request at its next poll. */
  requestWorkerStop(worker: string, request: WorkerStopRequest): Promise<void>;
  /** The pending requests to stop one worker, by worker short name. */
  workerStopRequests(): Promise<ReadonlyMap<string, WorkerStopRequest>>;
  /** Removes one worker's request, or every worker's without a name. */
  clearWorkerStopRequests(worker?: string): Promise<void>;
  /** Where the supervisor file is, for messages. */
  readonly supervisorFile: string;
}
