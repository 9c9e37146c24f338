import { realpath, stat } from 'node:fs/promises';
import type { CommitInfo, PlanGitPort } from '../../core/ports/git';
import { repoRootOfPlanWorktree } from '../../core/worktree/layout';
import { runGit } from './runGit';

/** Read-only queries must not take git's optional index lock, or a refresh could make the user's own git fail. */
const READ_ONLY = { GIT_OPTIONAL_LOCKS: '0' };

const SHA_40 = /^[0-9a-f]{40}$/;

/** The top level of the working tree containing `dir`, or undefined when `dir` is not inside a git repository. */
export async function findRepositoryRoot(dir: string, signal?: AbortSignal): Promise<string | undefined> {
  // A folder that does not exist (yet) is in no repository; runGit would report it as "git is not installed".
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) return undefined;
  const r = await runGit(dir, ['rev-parse', '--show-toplevel'], { signal, env: READ_ONLY });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/**
 * The repository LW Coder works for when started in `dir`: inside a plan worktree that is the repository the layout
 * names (`<root>/.lw_coder/worktrees/<plan_id>`), because the worktree's `.git` file is the agent's to rewrite.
 */
export async function findMainRepositoryRoot(dir: string, signal?: AbortSignal): Promise<string | undefined> {
  const real = await realpath(dir).catch(() => dir);
  return findRepositoryRoot(repoRootOfPlanWorktree(real) ?? real, signal);
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
        env: READ_ONLY,
      });
      if (r.code !== 0) throw new Error(`git cat-file failed in ${repoRoot}: ${r.stderr.trim()}`);
      const lines = r.stdout.split('\n');
      asked.forEach((sha, i) => result.set(sha, lines[i] === 'commit'));
      return result;
    },

    async commitInfo(sha, signal): Promise<CommitInfo | undefined> {
      if (!SHA_40.test(sha) && sha !== 'HEAD') return undefined;
      const r = await runGit(repoRoot, ['show', '-s', '--format=%H%x00%s%x00%cI%x00%an', `${sha}^{commit}`, '--'], { signal, env: READ_ONLY });
      if (r.code !== 0) return undefined;
      const [full, subject, date, author] = r.stdout.replace(/\n$/, '').split('\0');
      if (!full || subject === undefined || !date || author === undefined) return undefined;
      return { sha: full, subject, date, author };
    },

    async headSha(signal) {
      const r = await runGit(repoRoot, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { signal, env: READ_ONLY });
      const sha = r.stdout.trim();
      return r.code === 0 && SHA_40.test(sha) ? sha : undefined;
    },
  };
}
