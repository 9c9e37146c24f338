import type { RunActivity } from '../../core/fleet/runEvents';
import type { RunActivityPort } from '../../core/ports/runActivity';
import type { QueueTask } from '../../core/queue/types';
import { mapLimit } from '../worktree/worktreeDeps';

/**
 * Remembers each task's runs between status builds (the dashboard rebuilds on every store change): a task whose queue
 * entry did not change since its runs were read keeps them, so a refresh with 1,000 finished tasks reads only the
 * claimed ones' files. A claimed task is always read again (its run is writing events); any transition (a claim, a
 * release, the end) changes the key and reads the task's runs once more.
 */
export class TaskActivityCache {
  private readonly entries = new Map<string, { readonly key: string; readonly runs: readonly RunActivity[] }>();

  get(task: QueueTask): readonly RunActivity[] | undefined {
    const entry = this.entries.get(task.planId);
    return entry && task.state !== 'claimed' && entry.key === taskChangeKey(task) ? entry.runs : undefined;
  }

  set(task: QueueTask, runs: readonly RunActivity[]): void {
    this.entries.set(task.planId, { key: taskChangeKey(task), runs });
  }

  /** Forgets tasks no longer queued. */
  retain(planIds: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!planIds.has(id)) this.entries.delete(id);
  }
}

/** Changes with every transition of a task (a claim, a release, its end, a retry). */
export const taskChangeKey = (t: QueueTask): string => `${t.state}|${t.attempts}|${t.history.length}|${t.addedAt}`;

/** Each queued task's runs since it was added, by plan_id; a run folder that cannot be read counts as no runs. */
export async function readTaskActivity(port: RunActivityPort, tasks: readonly QueueTask[], cache = new TaskActivityCache(), signal?: AbortSignal): Promise<Map<string, readonly RunActivity[]>> {
  const out = new Map<string, readonly RunActivity[]>();
  const stale: QueueTask[] = [];
  for (const t of tasks) {
    const hit = cache.get(t);
    if (hit) out.set(t.planId, hit);
    else stale.push(t);
  }
  await mapLimit(stale, 16, async (t) => {
    const runs = await port.planRuns(t.planId, t.addedAt, signal).catch((): readonly RunActivity[] => []);
    cache.set(t, runs);
    out.set(t.planId, runs);
  });
  cache.retain(new Set(tasks.map((t) => t.planId)));
  return out;
}
