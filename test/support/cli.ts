import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The questions the command asked on the (simulated) terminal. */
  readonly questions?: readonly string[];
}

/** Runs `lwc` in-process (fast; same code as the bundle) with captured output and no TTY. */
export async function lwc(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; answers?: string[] }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const answers = [...(options.answers ?? [])];
  const questions: string[] = [];
  const code = await runCli(args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    interactive: options.answers !== undefined,
    prompt: async (question) => {
      questions.push(question);
      return answers.shift() ?? '';
    },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr, questions };
}

export const REPO_ROOT = join(__dirname, '..', '..');
export const CLI_BUNDLE = join(REPO_ROOT, 'dist', 'cli.js');

let built = false;
/** Builds dist/ once per test process, so a process test never runs a bundle older than the source. */
export function ensureBuilt(): void {
  if (built && existsSync(CLI_BUNDLE)) return;
  built = true;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

/** Runs the bundled CLI as a real process: `node dist/cli.js ...`. */
export function lwcProcess(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliResult {
  ensureBuilt();
  const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args], { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
