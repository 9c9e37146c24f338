/** Git as the plan model needs it. Implemented in src/adapters/git; tests use real repositories. */
export interface CommitInfo {
  readonly sha: string;
  readonly subject: string;
  /** ISO 8601 committer date. */
  readonly date: string;
  readonly author: string;
}

export interface PlanGitPort {
  /**
   * For each sha, whether it names a commit object in the repository (one `git cat-file --batch-check` for all).
   * Shas that are not 40 hex are reported false without asking git.
   */
  commitsExist(shas: readonly string[], signal?: AbortSignal): Promise<ReadonlyMap<string, boolean>>;
  /** Subject, date and author of a commit, or undefined when it does not exist. */
  commitInfo(sha: string, signal?: AbortSignal): Promise<CommitInfo | undefined>;
  /** The full sha of HEAD, or undefined in a repository without commits. */
  headSha(signal?: AbortSignal): Promise<string | undefined>;
}
