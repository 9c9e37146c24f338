import { spawn } from 'node:child_process';
import { GitCommandError } from '../../core/ports/worktreeGit';
import { CancelledError } from '../../core/worktree/errors';

export const GIT_TIMEOUT_MS = 30_000;

export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export interface GitRunOptions {
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs git without a shell, with a timeout and cancellation, and returns its output whatever the exit code.
 * Plumbing lives here rather than in simple-git because it needs per-call env (GIT_INDEX_FILE), NUL-separated output and
 * stdin.
 */
export function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  if (options.signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], {
      cwd,
      env: { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: options.signal,
      timeout: options.timeoutMs ?? GIT_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') reject(new CancelledError());
      else if (error.code === 'ENOENT') reject(new Error(`git is not installed or ${cwd} does not exist. Install git, or check the path.`));
      else reject(error);
    });
    child.on('close', (code, sig) => {
      if (options.signal?.aborted) return reject(new CancelledError());
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: sig ? `${stderr}git killed by ${sig} (timeout?)` : stderr, code: code ?? 1 });
    });
    child.stdin.on('error', () => undefined); // git may exit before reading its input; the exit code tells the story
    child.stdin.end(options.input ?? '');
  });
}

/** Like runGit but throws an error naming the command and git's own message when git fails. */
export async function runGitOk(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  const r = await runGit(cwd, args, options);
  if (r.code !== 0) throw new GitCommandError(args, cwd, r.stderr.trim() || `exit code ${r.code}`);
  return r.stdout;
}
