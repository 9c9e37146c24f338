import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../src/cli/main';
import { git } from '../test/support/git';
import { busyWorkers, queuedProject, withBenchRepo } from './fixtures';
import { median, report, runIfMain } from './support';

const execFileAsync = promisify(execFile);
const TASKS = 1000;
const WORKERS = 32;

/**
 * `lwc status --json` (in-process, the whole command: repository lookup, queue, supervisor.json, 1,000 plans read for
 * their git_sha, 32 task worktrees' status, merged branches, Docker's version) with 32 running workers and 1,000 tasks,
 * against the floor of `git status --porcelain` in the 32 worktrees one after another.
 */
export async function run(): Promise<void> {
  await withBenchRepo('lwc-bench-fleet-', async (repo) => {
    const files: Record<string, string> = { '.lw_coder/config.toml': '[code]\n' };
    for (let i = 0; i < 200; i++) files[`src/module-${i}.ts`] = `export const value${i} = ${i};\n`;
    const project = await queuedProject(repo, TASKS, files);
    const { root } = project;
    const busy = await busyWorkers(project, WORKERS, (i, planId, path) => {
      if (i % 4 === 1) git(path, 'commit', '-q', '--allow-empty', '-m', `work on ${planId}`);
    });
    const paths = busy.map((b) => b.path);

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
  });
}

runIfMain(module, run);
