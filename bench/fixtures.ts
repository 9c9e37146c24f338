import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createFleetStateFiles } from '../src/adapters/fleet/fleetStateFiles';
import { createPlanGitPort } from '../src/adapters/git/planGit';
import { createPlanFilesPort } from '../src/adapters/plans/planFiles';
import { createQueueStore } from '../src/adapters/state/queueStore';
import { addTasks, claimNext, type QueueDeps } from '../src/app/fleet/queue';
import type { SupervisorWorker } from '../src/core/fleet/supervisorState';
import { fleetWorkerId } from '../src/core/fleet/workerId';
import { planWorktreePath } from '../src/core/worktree/layout';
import { git, GIT_TEST_ENV, makeRepo, type TestRepo } from '../test/support/git';

/** The git-backed benchmarks' fixture: a temp repository, isolated from the developer's git config, removed after `fn`. */
export async function withBenchRepo<T>(prefix: string, fn: (repo: TestRepo) => Promise<T>): Promise<T> {
  for (const key of ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM'] as const) process.env[key] = GIT_TEST_ENV[key];
  const repo = makeRepo(prefix);
  try {
    return await fn(repo);
  } finally {
    repo.dispose();
  }
}

export interface QueuedProject {
  readonly root: string;
  /** The commit the plans name as their git_sha. */
  readonly base: string;
  readonly ids: readonly string[];
  readonly queue: QueueDeps;
}

/**
 * The fleet benchmarks' project: `tasks` ready plans (`task-0000`…) committed with `files` (which holds the
 * config), all queued as `lwc task add` leaves them.
 */
export async function queuedProject(repo: TestRepo, tasks: number, files: Record<string, string>): Promise<QueuedProject> {
  const base = repo.git('rev-parse', 'HEAD');
  const all: Record<string, string> = { '.gitignore': '.lw_coder/worktrees/\n.lw_coder/state/\n.lw_coder/runs/\n', ...files };
  const ids = Array.from({ length: tasks }, (_, i) => `task-${String(i).padStart(4, '0')}`);
  for (const id of ids) all[`.lw_coder/tasks/${id}.md`] = `---\nplan_id: ${id}\ngit_sha: ${base}\nstatus: ready\nevaluation_notes:\n  - check\n---\n\n# Task Plan: ${id}\n\n## Objectives\n- Do ${id}.\n`;
  repo.commit(all, `a project with ${tasks} plans`);
  const root = repo.root;
  const queue: QueueDeps = { store: createQueueStore(root), now: () => Date.now() };
  await addTasks({ ...queue, plans: { repoRoot: root, scan: { files: createPlanFilesPort(), git: createPlanGitPort(root), repoRoot: root } } }, { planIds: ids, by: 'bench' });
  return { root, base, ids, queue };
}

export interface BusyWorker {
  readonly worker: string;
  readonly planId: string;
  /** The task's worktree. */
  readonly path: string;
}

/**
 * `count` running workers, as supervisor.json shows them: each claims the next task and gets its worktree (every
 * second one with an uncommitted file), then `dress` adds what the benchmark needs there.
 */
export async function busyWorkers(project: QueuedProject, count: number, dress: (i: number, planId: string, path: string) => void): Promise<BusyWorker[]> {
  const { root, base, queue } = project;
  const workers: SupervisorWorker[] = [];
  const busy: BusyWorker[] = [];
  for (let i = 1; i <= count; i++) {
    const id = fleetWorkerId({ index: i, hostname: hostname(), pid: process.pid });
    const task = (await claimNext(queue, { worker: id, leaseMs: 3_600_000 }))!;
    const path = planWorktreePath(root, task.planId);
    git(root, 'worktree', 'add', '-q', '-b', task.planId, path, base);
    if (i % 2 === 0) writeFileSync(join(path, `work-${i}.txt`), 'in progress\n');
    dress(i, task.planId, path);
    busy.push({ worker: id, planId: task.planId, path });
    workers.push({ name: `w${i}`, id, state: 'running', planId: task.planId, plan: `.lw_coder/tasks/${task.planId}.md`, branch: task.planId, container: `lwc-${task.planId}-bench`, startedAt: new Date().toISOString() });
  }
  const now = new Date().toISOString();
  await createFleetStateFiles(root).writeSupervisor({ version: 1, pid: process.pid, hostname: hostname(), state: 'running', startedAt: now, heartbeatAt: now, heartbeatMs: 2000, workersWanted: count, untilEmpty: false, leaseMs: 3_600_000, workers });
  return busy;
}
