import { z } from 'zod';
import type { SupervisorState, SupervisorWorker } from './supervisorState';

/**
 * Stopping ONE worker of a running supervisor (`lwc down --worker w1`, the editor's "Stop Worker"). Like the whole
 * stop it is a request file the supervisor polls (one file per worker, so two requests never overwrite each other),
 * and the supervisor answers in supervisor.json: the worker's state becomes `stopped` with a `stop` record naming what
 * became of its work. Pure: the files are read and written by src/adapters/fleet/fleetStateFiles.ts.
 */

export const WORK_CHOICES = ['salvage', 'discard'] as const;
export type WorkChoice = (typeof WORK_CHOICES)[number];

export interface WorkerStopRequest {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
  /** What happens to the worktree's uncommitted work. */
  readonly work: WorkChoice;
}

/** What the supervisor did for a stop request, published on the stopped worker in supervisor.json. */
export const WorkerStopRecordSchema = z.strictObject({
  /** The request's `at`, so its asker knows this answer is to its own request. */
  requestedAt: z.string(),
  by: z.string(),
  /** The task it was working on, if any (released back to the queue). */
  planId: z.string().min(1).optional(),
  /** idle: it had no task; failed: the salvage failed (the files are still in the worktree; `error` says why). */
  work: z.enum(['salvaged', 'discarded', 'clean', 'missing', 'idle', 'failed']),
  ref: z.string().min(1).optional(),
  error: z.string().optional(),
  /** Whether the task went back to the queue (open). */
  released: z.boolean(),
});
export type WorkerStopRecord = z.infer<typeof WorkerStopRecordSchema>;

/** `stop-worker-w1.json`: keyed by the short name, which is all a file name needs and is safe in one. */
const FILE_PATTERN = /^stop-worker-(w[1-9][0-9]*)\.json$/;
export const workerStopFileName = (name: string): string => {
  if (!/^w[1-9][0-9]*$/.test(name)) throw new Error(`'${name}' is not a worker's short name (w1, w2, …)`);
  return `stop-worker-${name}.json`;
};
export const workerOfStopFile = (fileName: string): string | undefined => FILE_PATTERN.exec(fileName)?.[1];

/**
 * A request file's text. A torn or hand-written file still asks for a stop, and with salvage: of the two choices only
 * salvage loses nothing.
 */
export function parseWorkerStopRequest(text: string): WorkerStopRequest {
  try {
    const raw = JSON.parse(text) as Partial<Record<keyof WorkerStopRequest, unknown>>;
    return {
      at: typeof raw.at === 'string' ? raw.at : '',
      by: typeof raw.by === 'string' ? raw.by : 'unknown',
      reason: typeof raw.reason === 'string' ? raw.reason : 'stop requested',
      work: raw.work === 'discard' ? 'discard' : 'salvage',
    };
  } catch {
    return { at: '', by: 'unknown', reason: 'stop requested (unreadable request file)', work: 'salvage' };
  }
}

export type FoundWorker = { readonly ok: true; readonly worker: SupervisorWorker } | { readonly ok: false; readonly error: string };

const describe = (w: SupervisorWorker): string => `${w.name} (${w.state}${w.planId ? `, ${w.planId}` : ''})`;

/**
 * The running worker a user named: its short name (`w1`) or the full name it claims under (`w1@host:41233`, what the
 * Workers view's items carry). An unknown or already stopped worker is an error that lists the running ones.
 */
export function findRunningWorker(state: SupervisorState, asked: string): FoundWorker {
  const name = asked.trim();
  const running = state.workers.filter((w) => w.state !== 'stopped');
  const hit = state.workers.find((w) => w.name === name || w.id === name);
  const list = running.length > 0 ? `Running workers: ${running.map(describe).join(', ')}.` : 'No worker is running.';
  if (!hit) return { ok: false, error: `The supervisor (process ${state.pid} on ${state.hostname}) has no worker '${name}'. ${list}` };
  if (hit.state === 'stopped') return { ok: false, error: `Worker ${hit.name} is already stopped. ${list}` };
  return { ok: true, worker: hit };
}

/** One line on what a stop of a worker did: `w1 stopped; work of plan-a saved to refs/lw-coder/salvage/…; plan-a back in the queue`. */
export function describeWorkerStop(worker: string, r: WorkerStopRecord): string {
  const work = r.work === 'salvaged' ? `work of ${r.planId} saved to ${r.ref ?? '(nothing new)'}`
    : r.work === 'discarded' ? `work of ${r.planId} discarded (not saved; the files stay in its worktree)`
    : r.work === 'clean' ? `${r.planId} had nothing uncommitted`
    : r.work === 'missing' ? `${r.planId} had no worktree yet`
    : r.work === 'failed' ? `the work of ${r.planId} could NOT be saved: ${r.error ?? 'unknown error'}`
    : 'it had no task';
  const task = r.planId ? (r.released ? `; ${r.planId} back in the queue` : `; ${r.planId} was not released (see lwc status)`) : '';
  return `${worker} stopped; ${work}${task}`;
}
