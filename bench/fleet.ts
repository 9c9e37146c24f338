import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPlanFilesPort } from '../src/adapters/plans/planFiles';
import { createPlanGitPort } from '../src/adapters/git/planGit';
import { createFleetStateFiles } from '../src/adapters/fleet/fleetStateFiles';
import { createQueueStore } from '../src/adapters/state/queueStore';
import { addTasks, claimNext, type QueueDeps } from '../src/app/fleet/queue';
import { runCli } from '../src/cli/main';
import { fleetWorkerId } from '../src/core/fleet/workerId';
import type { SupervisorWorker } from '../src/core/fleet/supervisorState';
import { planWorktreePath } from '../src/core/worktree/layout';
import { git, GIT_TEST_ENV, makeRepo } from '../test/support/git';
import { median, report } from './support';

const execFileAsync = promisify(execFile);
const TASKS = 1000;
const WORKERS = 32;

/**
 * `lwc status --json` (in-process, the whole command: repository lookup, queue, supervisor.json, 1,000 plans read for
 * their git_sha, 32 task worktrees' status, merged branches, Docker's version) with 32 running workers and 1,000 tasks,
 * against the floor of `git status --porcelain` in the 32 worktrees one after another.
 */
export async function run(): Promise<void> {
  for (const key of ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM'] as const) process.env[key] = GIT_TEST_ENV[key];
  const repo = makeRepo('lwc-bench-fleet-');
  try {
    const base = repo.git('rev-parse', 'HEAD');
    const files: Record<string, string> = { '.gitignore': '.lw_coder/worktrees/\n.lw_coder/state/\n.lw_coder/runs/\n', '.lw_coder/config.toml': '[code]\n' };
    for (let i = 0; i < 200; i++) files[`src/module-${i}.ts`] = `export const value${i} = ${i};\n`;
    const ids = Array.from({ length: TASKS }, (_, i) => `task-${String(i).padStart(4, '0')}`);
    for (const id of ids) files[`.lw_coder/tasks/${id}.md`] = `---\nplan_id: ${id}\ngit_sha: ${base}\nstatus: ready\nevaluation_notes:\n  - check\n---\n\n# Task Plan: ${id}\n\n## Objectives\n- Do ${id}.\n`;
    repo.commit(files, 'a project with 1,000 plans');
    const root = repo.root;
    const queue: QueueDeps = { store: createQueueStore(root), now: () => Date.now() };
    await addTasks({ ...queue, plans: { repoRoot: root, scan: { files: createPlanFilesPort(), git: createPlanGitPort(root), repoRoot: root } } }, { planIds: ids, by: 'bench' });

    const workers: SupervisorWorker[] = [];
    const paths: string[] = [];
    for (let i = 1; i <= WORKERS; i++) {
      const id = fleetWorkerId({ index: i, hostname: hostname(), pid: process.pid });
      const task = (await claimNext(queue, { worker: id, leaseMs: 3_600_000 }))!;
      const path = planWorktreePath(root, task.planId);
      git(root, 'worktree', 'add', '-q', '-b', task.planId, path, base);
      if (i % 2 === 0) writeFileSync(join(path, `work-${i}.txt`), 'in progress\n');
      if (i % 4 === 1) git(path, 'commit', '-q', '--allow-empty', '-m', `work on ${task.planId}`);
      paths.push(path);
      workers.push({ name: `w${i}`, id, state: 'running', planId: task.planId, plan: `.lw_coder/tasks/${task.planId}.md`, branch: task.planId, container: `lwc-${task.planId}-bench`, startedAt: new Date().toISOString() });
    }
    const now = new Date().toISOString();
    await createFleetStateFiles(root).writeSupervisor({ version: 1, pid: process.pid, hostname: hostname(), state: 'running', startedAt: now, heartbeatAt: now, heartbeatMs: 2000, workersWanted: WORKERS, untilEmpty: false, leaseMs: 3_600_000, workers });

    const status = async (): Promise<void> => {
      let out = '';
      const code = await runCli(['status', '--json'], { cwd: root, env: process.env, stdout: (t) => (out += t), stderr: () => undefined, interactive: false, signal: new AbortController().signal });
      const model = JSON.parse(out) as { workers: unknown[]; tasks: { total: number; claimed: number }; sync: { branches: unknown[] } };
      if (code !== 0 || model.workers.length !== WORKERS || model.tasks.total !== TASKS || model.tasks.claimed !== WORKERS || model.sync.branches.length !== WORKERS) throw new Error(`unexpected status: ${out.slice(0, 400)}`);
    };
    const t0 = process.hrtime.bigint();
    await status();
    const cold = Number(process.hrtime.bigint() - t0) / 1e6;
    const floor = await median(3, async () => {
      for (const p of paths) await execFileAsync('git', ['status', '--porcelain'], { cwd: p });
    });
    const ours = await median(5, status);
    report({ name: `lwc status --json, ${WORKERS} workers, ${TASKS} tasks`, ms: ours, floorName: `sequential git status ×${WORKERS}`, floorMs: floor, targetMs: 500 });
    console.log(`  (first call, with dockerode's load: ${cold.toFixed(0)} ms)`);
  } finally {
    repo.dispose();
  }
}

if (require.main === module) {
  run().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
