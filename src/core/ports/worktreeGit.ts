/**
 * Git as worktrees, status and salvage need it. Implemented in src/adapters/git/worktreeGit.ts over the git CLI; every
 * call takes an AbortSignal and has a timeout. Paths are absolute. Tests use real repositories.
 */

/** One entry of `git worktree list --porcelain`. */
export interface WorktreeEntry {
  readonly path: string;
  readonly head: string | undefined;
  /** Short branch name (`refs/heads/` removed); undefined when detached. */
  readonly branch: string | undefined;
  readonly bare: boolean;
  readonly detached: boolean;
  /** The lock reason ('' when locked without one), or undefined when not locked. */
  readonly locked: string | undefined;
  /** Why git considers the registration stale (its directory is gone), or undefined. */
  readonly prunable: string | undefined;
}

export interface AddWorktreeOptions {
  readonly path: string;
  /** Commit or branch to check out. */
  readonly startPoint: string;
  /** Create this branch at startPoint (`-b`). */
  readonly newBranch?: string;
  /** Check out startPoint detached (`--detach`). */
  readonly detach?: boolean;
  /** Add locked with this reason (`--lock --reason`), so `git worktree prune` never removes it mid-use. */
  readonly lockReason?: string;
}

export interface SnapshotResult {
  /** Tree of the worktree as it is on disk: tracked changes, deletions, modes, untracked files not ignored. */
  readonly tree: string;
  /** HEAD's sha, undefined on an unborn branch. */
  readonly head: string | undefined;
}

export interface RefRecord {
  readonly ref: string;
  readonly sha: string;
  /** Full commit message. */
  readonly message: string;
}

/**
 * Where a worktree's git data is, as the repository records it: never read from the worktree's own `.git` file, which
 * an agent can rewrite.
 */
export interface WorktreeLocation {
  /** `<common dir>/worktrees/<name>` for a linked worktree; the common dir for the main worktree. */
  readonly gitDir: string;
  /** The worktree's top level (real path). */
  readonly workTree: string;
  /** The repository's common git dir (real path). */
  readonly commonDir: string;
}

/**
 * The adapter is made for one repository (its root, the user's checkout) and runs every git with an explicit
 * `--git-dir`/`--work-tree` derived from that repository's records, with repository-controlled execution turned off
 * (fsmonitor, hooks, pager, external diff, textconv, repository-defined filters, signing, transports).
 */
export interface WorktreeGitPort {
  /**
   * Absolute real path of the repository's common git dir (`.git` of the main worktree): of the repository the adapter
   * was made for, from its root, never from a worktree's `.git` file.
   */
  commonDir(repoRoot: string, signal?: AbortSignal): Promise<string>;
  /** The admin dir of the worktree containing `dir`, from the repository's records; throws when it has none there. */
  gitDir(dir: string, signal?: AbortSignal): Promise<string>;
  /** The worktree containing `dir` as the repository records it, or undefined when `dir` is in none of its worktrees. */
  locateWorktree(dir: string, signal?: AbortSignal): Promise<WorktreeLocation | undefined>;
  listWorktrees(repoRoot: string, signal?: AbortSignal): Promise<WorktreeEntry[]>;
  /** `git worktree prune`: drops registrations whose directories are gone (locked ones are kept). */
  prune(repoRoot: string, signal?: AbortSignal): Promise<void>;
  /** `git worktree repair <path>`: re-links a worktree whose pointers went stale (e.g. the repository moved). */
  repair(repoRoot: string, path: string, signal?: AbortSignal): Promise<void>;
  addWorktree(repoRoot: string, options: AddWorktreeOptions, signal?: AbortSignal): Promise<void>;
  /**
   * `git worktree remove`, unlocking first when asked to force. Without force a worktree with changes is refused (checked
   * with LW Coder's own status, since git's check would run a status inside the worktree's submodules).
   */
  removeWorktree(repoRoot: string, path: string, options: { force: boolean }, signal?: AbortSignal): Promise<void>;
  /** Full sha of `rev` peeled to a commit, or undefined when it names none. */
  resolveCommit(cwd: string, rev: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Whether `ancestor` is reachable from `descendant` (equal counts). */
  isAncestor(cwd: string, ancestor: string, descendant: string, signal?: AbortSignal): Promise<boolean>;
  /** The working tree's top level for `dir`, or undefined when `dir` is not inside one. */
  topLevel(dir: string, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Raw `git status --porcelain=v2 --branch -z --untracked-files=all` of the worktree at `dir`. `gitDir` names the admin
   * dir explicitly, for a worktree whose `.git` pointer currently names a container path.
   */
  statusPorcelain(dir: string, signal?: AbortSignal, gitDir?: string): Promise<string>;
  /**
   * statusPorcelain for many worktrees of the repository in one refresh: what every status needs from the repository
   * (its filter drivers, which are blanked) is read once here rather than before each, unless worktrees could see
   * different config.
   */
  statusReader(signal?: AbortSignal): Promise<(dir: string, gitDir?: string) => Promise<string>>;
  /** `git rev-list --count base..head`. */
  countAhead(cwd: string, base: string, head: string, signal?: AbortSignal): Promise<number>;
  /** `base..head` counts for many heads sharing one base, in one git process. */
  countAheadMany(cwd: string, base: string, heads: readonly string[], signal?: AbortSignal): Promise<Map<string, number>>;
  /** Subject and committer date of many commits in one process; unknown shas are absent from the map. */
  commitSummaries(cwd: string, shas: readonly string[], signal?: AbortSignal): Promise<Map<string, { subject: string; date: string }>>;
  /**
   * Writes the worktree's on-disk state as a tree through a temporary index (GIT_INDEX_FILE), so the user's index and
   * files are never touched.
   */
  snapshotTree(worktree: string, signal?: AbortSignal): Promise<SnapshotResult>;
  commitTree(cwd: string, tree: string, parents: readonly string[], message: string, signal?: AbortSignal): Promise<string>;
  /**
   * Stages everything in the worktree (`add --all`, ignored files excepted) and commits it on its branch with `message`,
   * hooks off, as a fixed machine identity. Resolves with the new HEAD, or undefined when there was nothing to commit.
   */
  commitWorktree(worktree: string, message: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Short names of the local branches whose tip is reachable from `target` (`for-each-ref --merged`). */
  mergedBranches(cwd: string, target: string, signal?: AbortSignal): Promise<Set<string>>;
  /** Creates `ref` at `sha` only if it does not exist; false when it already existed. */
  createRef(cwd: string, ref: string, sha: string, signal?: AbortSignal): Promise<boolean>;
  listRefs(cwd: string, prefix: string, signal?: AbortSignal): Promise<RefRecord[]>;
  /** Deletes `ref` only while it still points at `sha` (`update-ref -d ref sha`); false when it moved or is gone. */
  deleteRefAt(cwd: string, ref: string, sha: string, signal?: AbortSignal): Promise<boolean>;
  /** Writes the tree of `rev` into `dir` (which must exist and be empty) byte for byte, modes and symlinks included. */
  exportTree(cwd: string, rev: string, dir: string, signal?: AbortSignal): Promise<void>;
}

/** A git command failed; `stderr` is git's own explanation, which callers put into their messages. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly cwd: string,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed in ${cwd}: ${stderr}`);
  }
}
