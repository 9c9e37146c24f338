import { join } from 'node:path';
import { buildFleetStatus, type FleetStatus, type FleetStatusInput, type TaskBranchView } from '../../core/fleet/statusModel';
import type { PriceTable } from '../../core/fleet/usage';
import type { RunActivityPort } from '../../core/ports/runActivity';
import { loadRepoConfig } from '../config';
import { supervisorLiveness, type SupervisorState } from '../../core/fleet/supervisorState';
import { validatePlanText } from '../../core/plan/validate';
import type { QueueTask } from '../../core/queue/types';
import { planWorktreePath } from '../../core/worktree/layout';
import { TASKS_DIR_PARTS } from '../plans';
import type { WorktreeStatus } from '../../core/worktree/status';
import { worktreeStatuses } from '../worktree/worktreeStatus';
import { mapLimit } from '../worktree/worktreeDeps';
import { listTasks, type QueueListing } from './queue';
import type { BranchStatusCache } from './branchCache';
import { readTaskActivity, type TaskActivityCache } from './taskActivity';
import type { FleetDeps } from './types';

export interface FleetStatusOptions {
  readonly signal?: AbortSignal;
  /**
   * false: the queue and the supervisor only (files), without the sync section (git), the engine's version and the
   * runs' usage — what the Workers view reads on every store change, and what an untrusted workspace may read.
   */
  readonly sync?: boolean;
  /** No git at all (an untrusted workspace): the sync section stays empty and a problem says why. */
  readonly localOnly?: boolean;
  /** Runs' usage remembered between builds (taskActivity.ts). */
  readonly activityCache?: TaskActivityCache;
  /** Task branches' git facts remembered between builds (branchCache.ts). */
  readonly branchCache?: BranchStatusCache;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** How long `status` waits for the engine's version before calling it unavailable. */
const DOCKER_TIMEOUT_MS = 3000;

const EMPTY_QUEUE: QueueListing = { version: 0, tasks: [], ready: [], blocked: [], counts: { ready: 0, blocked: 0, claimed: 0, done: 0, failed: 0, total: 0 } };

/**
 * The one status model of the fleet (issue 12 item 5): `lwc status` prints it, the Workers view and the dashboard
 * read it. Gathers, in parallel, the queue, the supervisor's published state (alive, stopped or stale: a dead pid on
 * this host, a late heartbeat elsewhere), the task branches (ahead of their plan's git_sha, merged into the host
 * branch, uncommitted changes — worktreeStatus.ts) and the Docker engine's version. What cannot be read is listed in
 * `problems`, never thrown, so a status always prints.
 *
 * Only tasks that have a worktree are looked at, and only their plans are read (a queue of 1,000 tasks has a few dozen
 * worktrees): the plan file the supervisor published for a worker, else `.lw_coder/tasks/<plan_id>.md`.
 *
 * Usage and cost (issue 13): when `deps.activity` is given, the queued tasks' runs (since each was queued) are read
 * through it, priced with `[prices]` of config.toml (a broken config.toml is a problem, and every cost unknown). A
 * caller that builds the status again and again (the dashboard) passes one `activityCache` and one `branchCache`, so
 * unchanged tasks' runs are not read again, nor their worktrees asked again within a few seconds.
 */
export async function fleetStatus(deps: Pick<FleetDeps, 'run' | 'queue' | 'state'> & { readonly activity?: RunActivityPort }, repoRoot: string, options: FleetStatusOptions = {}): Promise<FleetStatus> {
  const { signal } = options;
  const wt = deps.run.worktree;
  const root = await wt.files.realpath(repoRoot);
  const problems: string[] = [];
  // Files only when sync is false: no git (it may run repository-configured programs, and costs a process per
  // worktree) and no engine. An untrusted workspace (localOnly) runs no git either, and the status says why.
  const files = options.sync === false;
  if (options.localOnly && !files) problems.push('task branches are not shown: git runs only in a trusted workspace (Manage Workspace Trust)');
  const listing = files || options.localOnly ? Promise.resolve([]) : wt.git.listWorktrees(root, signal);
  const syncing = files ? undefined : Promise.all([
    listing.catch((error: unknown) => (problems.push(`git: ${message(error)}`), [])),
    deps.run.engine.version({ timeoutMs: DOCKER_TIMEOUT_MS, ...(signal ? { signal } : {}) }).then(
      (v) => ({ state: 'running' as const, version: v.version }),
      (error: unknown) => ({ state: 'unavailable' as const, error: message(error) }),
    ),
  ]);
  const usage = files ? undefined : deps.activity;
  const [queue, supervisor, prices] = await Promise.all([
    listTasks(deps.queue).catch((error: unknown) => (problems.push(`queue: ${message(error)}`), EMPTY_QUEUE)),
    deps.state.readSupervisor().catch((error: unknown): SupervisorState | undefined => (problems.push(message(error)), undefined)),
    usage ? pricesOf(deps, root, problems, signal) : Promise.resolve(undefined),
  ]);
  const { tasks } = queue;
  const activity = usage ? await readTaskActivity(usage, tasks, options.activityCache, signal) : undefined;
  const planFiles = new Map<string, string>();
  for (const w of supervisor?.workers ?? []) if (w.planId && w.plan) planFiles.set(w.planId, w.plan);
  const model = (sync: Pick<FleetStatusInput, 'host' | 'branches' | 'docker'>): FleetStatus => {
    const at = wt.process.now().getTime();
    return buildFleetStatus({
      repository: root,
      nowMs: at,
      liveness: supervisorLiveness(supervisor, { hostname: wt.process.hostname, isAlive: (pid) => wt.process.isAlive(pid), nowMs: at }),
      tasks: queue.counts,
      queue,
      planFiles,
      ...sync,
      problems,
      ...(activity ? { activity } : {}),
      ...(prices ? { prices } : {}),
    });
  };
  if (!syncing) return model({ host: {}, branches: [], docker: { state: 'unchecked' } });
  const [worktrees, docker] = await syncing;
  const host = worktrees[0];
  // A worktree patched for a container is listed under its container path: the workers' tasks count whatever git says.
  const registered = new Set(worktrees.map((w) => w.path));
  const withWorktree = options.localOnly ? [] : tasks.filter((t) => registered.has(planWorktreePath(root, t.planId)) || planFiles.has(t.planId));
  const nowMs = wt.process.now().getTime();
  // A caller's branch cache (the dashboard's) spares the git runs of tasks that did not change (branchCache.ts).
  const bases = new Map<string, string>();
  const known = new Map<string, WorktreeStatus>();
  const toCheck: QueueTask[] = [];
  for (const t of withWorktree) {
    const hit = options.branchCache?.get(t, nowMs);
    if (!hit) {
      toCheck.push(t);
      continue;
    }
    known.set(t.planId, hit.status);
    if (hit.base !== undefined) bases.set(t.planId, hit.base);
  }
  await mapLimit(toCheck, 16, async (t) => {
    const file = planFiles.get(t.planId) ?? join(...TASKS_DIR_PARTS, `${t.planId}.md`);
    const text = await deps.run.planFiles.readText(join(root, file), signal).catch(() => undefined);
    if (text === undefined) return;
    const fields = validatePlanText(text).fields;
    if (fields.planId === t.planId && fields.gitSha) bases.set(t.planId, fields.gitSha);
  });
  const [checked, merged] = await Promise.all([
    toCheck.length === 0 ? Promise.resolve([]) : worktreeStatuses(wt, root, toCheck.map((t) => ({ planId: t.planId, ...(bases.has(t.planId) ? { base: bases.get(t.planId)! } : {}) })), signal ? { signal } : {}),
    host?.head && !options.localOnly ? wt.git.mergedBranches(root, host.head, signal).catch(() => new Set<string>()) : Promise.resolve(new Set<string>()),
  ]);
  const taskOf = new Map(toCheck.map((t) => [t.planId, t]));
  for (const c of checked) {
    known.set(c.planId, c);
    const t = taskOf.get(c.planId);
    if (t) options.branchCache?.set(t, c, bases.get(c.planId), nowMs);
  }
  options.branchCache?.retain(new Set(withWorktree.map((t) => t.planId)));
  const branchStatuses = withWorktree.map((t) => known.get(t.planId)).filter((s): s is WorktreeStatus => s !== undefined);
  const stateOf = new Map(tasks.map((t) => [t.planId, t.state]));
  const branches: TaskBranchView[] = branchStatuses
    .filter((s) => s.state !== 'missing')
    .map((s) => ({
      planId: s.planId,
      task: stateOf.get(s.planId) ?? 'open',
      state: s.state,
      ...(s.branch !== undefined ? { branch: s.branch } : {}),
      ...(s.head !== undefined ? { head: s.head } : {}),
      ...(bases.has(s.planId) ? { base: bases.get(s.planId)! } : {}),
      ...(s.ahead !== undefined ? { ahead: s.ahead } : {}),
      ...(s.branch !== undefined && s.state === 'ok' ? { merged: merged.has(s.branch) } : {}),
      uncommitted: s.staged + s.unstaged + s.untracked + s.conflicted,
      ...(s.error !== undefined ? { error: s.error } : {}),
    }));
  return model({
    host: { ...(host?.branch !== undefined ? { branch: host.branch } : {}), ...(host?.head !== undefined ? { head: host.head } : {}) },
    branches,
    docker,
  });
}

async function pricesOf(deps: Pick<FleetDeps, 'run'>, root: string, problems: string[], signal: AbortSignal | undefined): Promise<PriceTable> {
  try {
    const loaded = await loadRepoConfig(root, deps.run.textFiles, signal);
    if (loaded.config) return loaded.config.prices;
    const first = loaded.diagnostics.find((d) => d.severity === 'error');
    problems.push(`config.toml: ${first ? `line ${first.line}: ${first.message}` : 'has errors'} (costs show as unknown until it is fixed)`);
  } catch (error) {
    problems.push(`config.toml: ${message(error)} (costs show as unknown)`);
  }
  return {};
}
