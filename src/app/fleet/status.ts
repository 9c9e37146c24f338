import { buildFleetStatus, type FleetStatus, type TaskBranchView } from '../../core/fleet/statusModel';
import { supervisorLiveness, type SupervisorState } from '../../core/fleet/supervisorState';
import { scanTasksFolder } from '../plans';
import { worktreeStatuses } from '../worktreeStatus';
import { listTasks, type QueueListing } from './queue';
import type { FleetDeps } from './types';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** How long `status` waits for the engine's version before calling it unavailable. */
const DOCKER_TIMEOUT_MS = 3000;

/**
 * The one status model of the fleet (issue 12 item 5): `lwc status` prints it, the Workers view and the dashboard will
 * read it. Gathers, in parallel, the queue, the supervisor's published state (alive, stopped or stale: a dead pid on
 * this host, a late heartbeat elsewhere), the task branches (ahead of their plan's git_sha, merged into the host
 * branch, uncommitted changes — worktreeStatus.ts) and the Docker engine's version. What cannot be read is listed in
 * `problems`, never thrown, so a status always prints.
 */
export async function fleetStatus(deps: Pick<FleetDeps, 'run' | 'queue' | 'state'>, repoRoot: string, options: { signal?: AbortSignal } = {}): Promise<FleetStatus> {
  const { signal } = options;
  const wt = deps.run.worktree;
  const root = await wt.files.realpath(repoRoot);
  const problems: string[] = [];
  const emptyQueue: QueueListing = { version: 0, tasks: [], ready: [], blocked: [], counts: { ready: 0, blocked: 0, claimed: 0, done: 0, failed: 0, total: 0 } };
  const [queue, supervisor, plans, worktrees, docker] = await Promise.all([
    listTasks(deps.queue).catch((error: unknown) => (problems.push(`queue: ${message(error)}`), emptyQueue)),
    deps.state.readSupervisor().catch((error: unknown): SupervisorState | undefined => (problems.push(message(error)), undefined)),
    scanTasksFolder(root, { files: deps.run.planFiles, repoRoot: root }, signal).catch(() => []),
    wt.git.listWorktrees(root, signal).catch(() => []),
    deps.run.engine.version({ timeoutMs: DOCKER_TIMEOUT_MS, ...(signal ? { signal } : {}) }).then(
      (v) => ({ state: 'running' as const, version: v.version }),
      (error: unknown) => ({ state: 'unavailable' as const, error: message(error) }),
    ),
  ]);
  const { tasks } = queue;
  const host = worktrees[0];
  const planFiles = new Map<string, string>();
  const bases = new Map<string, string>();
  for (const p of plans) {
    const { planId, gitSha } = p.validated.fields;
    if (!planId) continue;
    planFiles.set(planId, p.relativePath);
    if (gitSha) bases.set(planId, gitSha);
  }
  const [branchStatuses, merged] = await Promise.all([
    worktreeStatuses(wt, root, tasks.map((t) => ({ planId: t.planId, ...(bases.has(t.planId) ? { base: bases.get(t.planId)! } : {}) })), signal ? { signal } : {}),
    host?.head ? wt.git.mergedBranches(root, host.head, signal).catch(() => new Set<string>()) : Promise.resolve(new Set<string>()),
  ]);
  const stateOf = new Map(tasks.map((t) => [t.planId, t.state]));
  const branches: TaskBranchView[] = branchStatuses
    .filter((s) => s.state !== 'missing')
    .map((s) => ({
      planId: s.planId,
      task: stateOf.get(s.planId) ?? 'open',
      state: s.state,
      ...(s.branch !== undefined ? { branch: s.branch } : {}),
      ...(s.head !== undefined ? { head: s.head } : {}),
      ...(s.ahead !== undefined ? { ahead: s.ahead } : {}),
      ...(s.branch !== undefined && s.state === 'ok' ? { merged: merged.has(s.branch) } : {}),
      uncommitted: s.staged + s.unstaged + s.untracked + s.conflicted,
      ...(s.error !== undefined ? { error: s.error } : {}),
    }));
  const nowMs = wt.process.now().getTime();
  return buildFleetStatus({
    repository: root,
    nowMs,
    liveness: supervisorLiveness(supervisor, { hostname: wt.process.hostname, isAlive: (pid) => wt.process.isAlive(pid), nowMs }),
    tasks: queue.counts,
    planFiles,
    host: { ...(host?.branch !== undefined ? { branch: host.branch } : {}), ...(host?.head !== undefined ? { head: host.head } : {}) },
    branches,
    docker,
    problems,
  });
}
