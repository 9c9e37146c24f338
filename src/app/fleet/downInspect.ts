import { LABEL_MANAGED, LABEL_PLAN_ID, LABEL_REPO } from '../../core/container/session';
import { supervisorLiveness, type SupervisorLiveness } from '../../core/fleet/supervisorState';
import type { ContainerSummary } from '../../core/ports/containerEngine';
import { planWorktreePath } from '../../core/worktree/layout';
import { scanTasksFolder } from '../plans';
import { worktreeStatuses } from '../worktree/worktreeStatus';
import { listTasks } from './queue';
import type { FleetDeps } from './types';

/** One plan worktree `down` looks at: a worker's task, a claimed task, or (with --destroy) any unfinished task's. */
export interface DownWorktree {
  readonly planId: string;
  readonly path: string;
  /** The worker that held it, when the supervisor published one. */
  readonly worker?: string;
  readonly branch?: string;
  readonly base?: string;
  /** Whether the worktree exists (a task that never ran has none). */
  readonly exists: boolean;
  /** Uncommitted paths (staged, unstaged, untracked, conflicted). */
  readonly uncommitted: number;
  /** Commits on a detached HEAD beyond the base: on no branch, so only a salvage keeps them. */
  readonly unsavedCommits: number;
  /** Commits the task branch has beyond the base (already on a branch: kept whatever happens). */
  readonly branchCommits: number;
  /** The worktree could not be read; `down` refuses to remove it. */
  readonly error?: string;
}

export interface DownInspection {
  readonly root: string;
  readonly liveness: SupervisorLiveness;
  readonly claimedTasks: readonly string[];
  /** Tasks not done (open, claimed, failed): their worktrees are what --destroy removes. */
  readonly unfinishedTasks: readonly string[];
  readonly worktrees: readonly DownWorktree[];
  /** The repository's session containers of those plans (running or not). */
  readonly containers: readonly ContainerSummary[];
  /** Worktrees with work a removal or a discard would lose: the salvage question is asked only when there are any. */
  readonly atRisk: readonly DownWorktree[];
  readonly engineUnavailable?: string;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * What `lwc down` would touch, changing nothing: the supervisor (alive, stale or none), the tasks claimed, the
 * worktrees of the workers' and claimed tasks (all unfinished tasks' with `destroy`) with their uncommitted work, and
 * the containers of those plans. The CLI asks its questions from this, before anything is stopped.
 */
export async function inspectForDown(deps: Pick<FleetDeps, 'run' | 'queue' | 'state'>, repoRoot: string, options: { readonly destroy: boolean; readonly signal?: AbortSignal }): Promise<DownInspection> {
  const wt = deps.run.worktree;
  const root = await wt.files.realpath(repoRoot);
  const [tasks, state, plans] = await Promise.all([
    listTasks(deps.queue).then((l) => l.tasks),
    deps.state.readSupervisor(),
    scanTasksFolder(root, { files: deps.run.planFiles, repoRoot: root }, options.signal).catch(() => []),
  ]);
  const nowMs = wt.process.now().getTime();
  const liveness = supervisorLiveness(state, { hostname: wt.process.hostname, isAlive: (pid) => wt.process.isAlive(pid), nowMs });
  const workerOf = new Map<string, string>();
  if (liveness.kind === 'alive' || liveness.kind === 'stale') for (const w of liveness.state.workers) if (w.planId) workerOf.set(w.planId, w.name);
  const claimedTasks = tasks.filter((t) => t.state === 'claimed').map((t) => t.planId);
  const unfinishedTasks = tasks.filter((t) => t.state !== 'done').map((t) => t.planId);
  const planIds = [...new Set([...workerOf.keys(), ...claimedTasks, ...(options.destroy ? unfinishedTasks : [])])];
  const bases = new Map<string, string>();
  for (const p of plans) if (p.validated.fields.planId && p.validated.fields.gitSha) bases.set(p.validated.fields.planId, p.validated.fields.gitSha);

  const statuses = await worktreeStatuses(wt, root, planIds.map((planId) => ({ planId, ...(bases.has(planId) ? { base: bases.get(planId)! } : {}) })), options.signal ? { signal: options.signal } : {});
  const worktrees: DownWorktree[] = statuses.map((s) => {
    const worker = workerOf.get(s.planId);
    const ahead = s.ahead ?? 0;
    return {
      planId: s.planId,
      path: planWorktreePath(root, s.planId),
      ...(worker ? { worker } : {}),
      ...(s.branch ? { branch: s.branch } : {}),
      ...(bases.has(s.planId) ? { base: bases.get(s.planId)! } : {}),
      exists: s.state !== 'missing',
      uncommitted: s.staged + s.unstaged + s.untracked + s.conflicted,
      unsavedCommits: s.state === 'ok' && s.branch === undefined ? ahead : 0,
      branchCommits: s.state === 'ok' && s.branch !== undefined ? ahead : 0,
      // While patched for a live container its files are still changing: counted as at risk, read again after the stop.
      ...(s.state === 'broken' ? { error: s.error ?? 'unreadable' } : {}),
    };
  });

  let containers: ContainerSummary[] = [];
  let engineUnavailable: string | undefined;
  try {
    const wanted = new Set(planIds);
    const all = await deps.run.engine.listContainers({ labels: { [LABEL_MANAGED]: 'true', [LABEL_REPO]: root } }, options.signal ? { signal: options.signal } : {});
    containers = all.filter((c) => wanted.has(c.labels[LABEL_PLAN_ID] ?? ''));
  } catch (error) {
    engineUnavailable = message(error);
  }
  const atRisk = worktrees.filter((w) => w.exists && (w.uncommitted > 0 || w.unsavedCommits > 0 || w.error !== undefined || w.worker !== undefined));
  return { root, liveness, claimedTasks, unfinishedTasks, worktrees, containers, atRisk, ...(engineUnavailable ? { engineUnavailable } : {}) };
}
