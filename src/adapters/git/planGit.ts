import { spawn } from 'node:child_process';
import type { CommitInfo, PlanGitPort } from '../../core/ports/git';

const SHA_40 = /^[0-9a-f]{40}$/;
const DEFAULT_TIMEOUT_MS = 15_000;

interface GitRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * Runs git without a shell, with a timeout and cancellation. Read-only queries only: nothing here changes a repository.
 * Plain spawn rather than simple-git: cat-file --batch needs stdin, and this path is hot (every plan refresh).
 */
function runGit(cwd: string, args: readonly string[], options: { input?: string; signal?: AbortSignal } = {}): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: options.signal,
      timeout: DEFAULT_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error('git is not installed or not on PATH. Install git and try again.') : error);
    });
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1 }));
    child.stdin.on('error', () => undefined); // git may exit before reading all input; the exit code tells the story
    child.stdin.end(options.input ?? '');
  });
}

/** The top level of the working tree containing `dir`, or undefined when `dir` is not inside a git repository. */
export async function findRepositoryRoot(dir: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const r = await runGit(dir, ['rev-parse', '--show-toplevel'], { signal });
    return r.code === 0 ? r.stdout.trim() : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(error as Error).message.includes('git is not installed')) return undefined;
    throw error;
  }
}

/** PlanGitPort over the git CLI for the repository at `repoRoot`. */
export function createPlanGitPort(repoRoot: string): PlanGitPort {
  return {
    async commitsExist(shas, signal) {
      const result = new Map<string, boolean>();
      const asked = [...new Set(shas.filter((s) => SHA_40.test(s)))];
      for (const s of shas) if (!SHA_40.test(s)) result.set(s, false);
      if (asked.length === 0) return result;
      // One process for all shas: `<sha>^{commit}` peels tags and answers "missing" for blobs/trees and absent objects.
      const r = await runGit(repoRoot, ['cat-file', '--batch-check=%(objecttype)'], {
        input: asked.map((s) => `${s}^{commit}\n`).join(''),
        signal,
      });
      if (r.code !== 0) throw new Error(`git cat-file failed in ${repoRoot}: ${r.stderr.trim()}`);
      const lines = r.stdout.split('\n');
      asked.forEach((sha, i) => result.set(sha, lines[i] === 'commit'));
      return result;
    },

    async commitInfo(sha, signal): Promise<CommitInfo | undefined> {
      if (!SHA_40.test(sha) && sha !== 'HEAD') return undefined;
      const r = await runGit(repoRoot, ['show', '-s', '--format=%H%x00%s%x00%cI%x00%an', `${sha}^{commit}`, '--'], { signal });
      if (r.code !== 0) return undefined;
      const [full, subject, date, author] = r.stdout.replace(/\n$/, '').split('\0');
      if (!full || subject === undefined || !date || author === undefined) return undefined;
      return { sha: full, subject, date, author };
    },

    async headSha(signal) {
      const r = await runGit(repoRoot, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { signal });
      const sha = r.stdout.trim();
      return r.code === 0 && SHA_40.test(sha) ? sha : undefined;
    },
  };
}
