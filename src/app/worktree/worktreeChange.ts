import type { WorktreeGitPort } from '../../core/ports/worktreeGit';

/**
 * "Did the agent change the worktree?" — asked after every session, interactive or headless, with one answer: HEAD
 * moved (the agent committed) or the files on disk differ from what they were when the run started. Comparing with
 * the start, not with HEAD, matters: a worktree still dirty from an earlier session would otherwise count as this
 * session's work, and a session that changed nothing (Exit at droid's login prompt) would mark the plan implemented.
 * The files are compared as git trees written through a temporary index (snapshotTree), so tracked, deleted and
 * untracked-but-not-ignored files all count and the user's index is never touched.
 */
export interface WorktreeFingerprint {
  readonly head: string | null;
  readonly tree: string;
}

export function worktreeFingerprint(git: WorktreeGitPort, worktreePath: string, signal?: AbortSignal): Promise<WorktreeFingerprint> {
  return git.snapshotTree(worktreePath, signal).then(({ tree, head }) => ({ tree, head: head ?? null }));
}

/**
 * true: HEAD or the files changed since `start`; false: both are as they were; undefined: git could not tell (the
 * error is handed to `onError`), and callers then claim neither a change nor its absence.
 */
export async function worktreeChangedSince(
  git: WorktreeGitPort,
  worktreePath: string,
  start: WorktreeFingerprint | undefined,
  onError: (message: string) => void,
  signal?: AbortSignal,
): Promise<boolean | undefined> {
  if (!start) return undefined;
  try {
    const now = await worktreeFingerprint(git, worktreePath, signal);
    return now.head !== start.head || now.tree !== start.tree;
  } catch (error) {
    onError(`Could not tell whether the worktree ${worktreePath} changed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
