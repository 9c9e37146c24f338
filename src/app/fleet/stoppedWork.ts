import { LABEL_MANAGED, LABEL_PLAN_ID, LABEL_REPO } from '../../core/container/session';
import type { WorkChoice, WorkerStopRecord } from '../../core/fleet/workerStop';
import { planWorktreePath } from '../../core/worktree/layout';
import type { FleetDeps } from './types';
import { settleWorktreeWork } from './worktreeWork';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The work of a worker stopped on its own, saved by its supervisor before its task goes back to the queue (once the
 * task is open another worker may claim it and run in the same worktree, so the salvage cannot wait for the asker).
 * Its run was cancelled first; a container of the plan that still runs is stopped before the files are read, as
 * `lwc down` does: a salvage of files an agent is still writing would be a lie. Never throws: a failed salvage is a
 * `failed` record, and the files stay in the worktree.
 */
export async function saveStoppedWork(
  deps: FleetDeps,
  req: { readonly root: string; readonly planId: string; readonly base?: string; readonly work: WorkChoice },
): Promise<Pick<WorkerStopRecord, 'planId' | 'work' | 'ref' | 'error'>> {
  const { root, planId } = req;
  try {
    const engine = deps.run.engine;
    const left = await engine.listContainers({ labels: { [LABEL_MANAGED]: 'true', [LABEL_REPO]: root, [LABEL_PLAN_ID]: planId } });
    for (const c of left) if (c.state === 'running') await engine.stopContainer(c.id, { graceSeconds: 5 });
    const o = await settleWorktreeWork(deps.run.worktree, { root, planId, path: planWorktreePath(root, planId), ...(req.base ? { base: req.base } : {}), work: req.work });
    return { planId, work: o.work, ...(o.ref ? { ref: o.ref } : {}) };
  } catch (error) {
    return { planId, work: 'failed', error: `${message(error)} (its files are still in ${planWorktreePath(root, planId)})` };
  }
}
