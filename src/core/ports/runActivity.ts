import type { RunActivity } from '../fleet/runEvents';

/**
 * The run directories of a plan as the fleet's status reads them: each run's token usage and last event, from its
 * events.jsonl (src/core/fleet/runEvents.ts). Implemented in src/adapters/fs/runActivityFiles.ts, which reads only what
 * a file gained since the last call.
 */
export interface RunActivityPort {
  /**
   * The runs of `planId` created at or after `sinceMs` (by their directory names), oldest first, at most the newest
   * MAX_RUNS_PER_PLAN. A plan without runs, or whose folder is not a plain folder of the repository, has none.
   */
  planRuns(planId: string, sinceMs: number, signal?: AbortSignal): Promise<readonly RunActivity[]>;
}

/** A task retried many times keeps its newest runs' figures; older runs would only cost reads. */
export const MAX_RUNS_PER_PLAN = 20;
