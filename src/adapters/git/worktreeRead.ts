import { repoRootOfPlanWorktree } from '../../core/worktree/layout';
import { runGitOk, type GitRunOptions } from './runGit';
import { createWorktreeLocator } from './worktreeLocator';

/**
 * Reads of a plan worktree for the run feedback panel (what changed since the run's base, a file at a commit), through
 * the hardened spawner at the location the repository records for the worktree. The repository is the one the layout
 * names (`<root>/.lw_coder/worktrees/<plan_id>`): the worktree's `.git` file is the agent's and is not followed.
 */
const READ: GitRunOptions = { env: { GIT_OPTIONAL_LOCKS: '0' }, config: [['core.quotepath', 'off']], timeoutMs: 15_000, maxOutputBytes: 32 * 1024 * 1024 };

async function locationOf(worktree: string, signal?: AbortSignal) {
  const root = repoRootOfPlanWorktree(worktree);
  if (root === undefined) throw new Error(`${worktree} is not a plan worktree (<repository>/.lw_coder/worktrees/<plan_id>).`);
  const loc = await createWorktreeLocator(root).locate(worktree, signal);
  if (!loc || loc.gitDir === loc.commonDir) throw new Error(`${worktree} is not a worktree registered in the repository at ${root}.`);
  return loc;
}

/** `git diff --name-status <base>` (committed and uncommitted changes) and the untracked, not ignored files. */
export async function readWorktreeChanges(worktree: string, base: string, signal?: AbortSignal): Promise<{ nameStatus: string; untracked: string[] }> {
  const loc = await locationOf(worktree, signal);
  const [nameStatus, untracked] = await Promise.all([
    runGitOk(loc, ['diff', '--name-status', base, '--'], { ...READ, signal }),
    runGitOk(loc, ['ls-files', '--others', '--exclude-standard'], { ...READ, signal }),
  ]);
  return { nameStatus, untracked: untracked.split('\n').filter(Boolean) };
}

/** A file's content at a commit (`git show <rev>:<path>`), as stored: no textconv. */
export async function readFileAtRevision(worktree: string, rev: string, path: string, signal?: AbortSignal): Promise<string> {
  return runGitOk(await locationOf(worktree, signal), ['show', `${rev}:${path}`], { ...READ, signal });
}

/**
 * Everything a plan worktree holds beyond `base` as one patch, for the fleet dashboard's "diff against its base": a
 * `--stat` summary, then `git diff <base>` of the working tree (commits and uncommitted edits; untracked files are not
 * in it, as git diff leaves them out).
 */
export async function readWorktreeDiff(worktree: string, base: string, signal?: AbortSignal): Promise<string> {
  return runGitOk(await locationOf(worktree, signal), ['diff', '--no-color', '--stat', '--patch', base, '--'], { ...READ, signal });
}
