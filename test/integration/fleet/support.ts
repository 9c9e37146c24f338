import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPlanFilesPort } from '../../../src/adapters/plans/planFiles';
import { createPlanGitPort } from '../../../src/adapters/git/planGit';
import { createQueueStore } from '../../../src/adapters/state/queueStore';
import { addTasks, listTasks, type QueueDeps } from '../../../src/app/fleet/queue';
import type { QueueTask } from '../../../src/core/queue/types';
import { CLI_BUNDLE, ensureBuilt } from '../../support/cli';
import type { RunFixture } from '../run/support';

const exec = promisify(execFile);

/** More ready plans in a run fixture's repository, at its git_sha (the fixture's own plan is one more). */
export function addPlans(f: RunFixture, planIds: readonly string[]): void {
  f.repo.commit(Object.fromEntries(planIds.map((id) => [
    `.lw_coder/tasks/${id}.md`,
    `---\nplan_id: ${id}\ngit_sha: ${f.sha}\nstatus: ready\nevaluation_notes:\n  - Name the files to change\n---\n\n# Task Plan: ${id}\n\n## Objectives\n- Add a greeting for ${id}.\n`,
  ])), `add plans ${planIds.join(', ')}`);
}

export const queueOf = (root: string): QueueDeps => ({ store: createQueueStore(root), now: () => Date.now() });

/** Enqueues plans as `lwc task add` does. */
export function enqueue(root: string, planIds: readonly string[], after?: readonly string[]): Promise<QueueTask[]> {
  return addTasks({ ...queueOf(root), plans: { repoRoot: root, scan: { files: createPlanFilesPort(), git: createPlanGitPort(root), repoRoot: root } } }, { planIds, by: 'test', ...(after ? { after } : {}) });
}

export const tasksOf = async (root: string): Promise<readonly QueueTask[]> => (await listTasks(queueOf(root))).tasks;
export const taskOf = async (root: string, planId: string): Promise<QueueTask> => {
  const t = (await tasksOf(root)).find((x) => x.planId === planId);
  if (!t) throw new Error(`no task ${planId}`);
  return t;
};

/** Running containers of the repository, asked without blocking the event loop (a supervisor may run in-process). */
export async function runningContainers(root: string): Promise<string[]> {
  const { stdout } = await exec('docker', ['ps', '--filter', `label=lw_coder.repo=${root}`, '--filter', 'status=running', '--format', '{{.Names}}']);
  return stdout.trim() === '' ? [] : stdout.trim().split('\n');
}

/** `lwc` from the bundle as a background process (a supervisor other commands can see as another process). */
export interface Background {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

export function lwcBackground(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Background {
  ensureBuilt();
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** supervisor.json as the supervisor last wrote it, or undefined. */
export function supervisorFile(root: string): { pid: number; state: string; workers: { name: string; state: string; planId?: string; container?: string; lastRunDir?: string }[] } | undefined {
  try {
    return JSON.parse(readFileSync(join(root, '.lw_coder', 'state', 'fleet', 'supervisor.json'), 'utf8')) as never;
  } catch {
    return undefined;
  }
}

export const git = async (cwd: string, ...args: string[]): Promise<string> => (await exec('git', args, { cwd })).stdout.trim();
