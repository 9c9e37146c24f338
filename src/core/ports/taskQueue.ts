import type { QueueState } from '../queue/types';

/**
 * Where a repository's queue lives. The embedded implementation keeps it under `.lw_coder/state/` (no native modules:
 * the extension host loads it); a server-backed store (e.g. Postgres with SKIP LOCKED) can replace it when a fleet
 * spans machines, without touching the rules, which are pure functions over QueueState (src/core/queue/rules.ts).
 */
export interface TaskQueueStore {
  /** The queue as last committed. Corrupt or hand-edited state rejects with an error naming the file and the repair. */
  read(signal?: AbortSignal): Promise<QueueState>;
  /**
   * Runs `change` on the current state as one transaction, exclusive across processes (the CLI, the extension host and
   * the supervisor may all call at once): the new state is durable (fsync) before the promise resolves, and a kill -9
   * at any instant leaves either the old or the new state, never a mix. `change` is pure and may throw (a QueueError):
   * then nothing is written and the error propagates. Returns what `change` returned.
   */
  update<T>(change: (state: QueueState) => { readonly state: QueueState; readonly result: T }, signal?: AbortSignal): Promise<T>;
}
