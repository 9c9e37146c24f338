/** Worktree status as the Plans view, the fleet and salvage decisions need it. Pure parsing of git's porcelain v2. */

export interface PorcelainCounts {
  /** HEAD's sha, or undefined on an unborn branch. */
  readonly head: string | undefined;
  /** Short branch name, or undefined when HEAD is detached. */
  readonly branch: string | undefined;
  readonly staged: number;
  readonly unstaged: number;
  readonly untracked: number;
  readonly conflicted: number;
}

/**
 * Parses `git status --porcelain=v2 --branch -z`. A path counts as staged when its index column is not '.', unstaged
 * when its worktree column is not '.'; one path can be both. Unmerged entries count as conflicted only.
 */
export function parsePorcelainV2(output: string): PorcelainCounts {
  let head: string | undefined;
  let branch: string | undefined;
  let staged = 0;
  let unstaged = 0;
  let untracked = 0;
  let conflicted = 0;
  const records = output.split('\0');
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    if (rec.startsWith('# branch.oid ')) {
      const oid = rec.slice('# branch.oid '.length);
      head = oid === '(initial)' ? undefined : oid;
    } else if (rec.startsWith('# branch.head ')) {
      const name = rec.slice('# branch.head '.length);
      branch = name === '(detached)' ? undefined : name;
    } else if (rec.startsWith('1 ') || rec.startsWith('2 ')) {
      const xy = rec.slice(2, 4);
      if (xy[0] !== '.') staged++;
      if (xy[1] !== '.') unstaged++;
      if (rec.startsWith('2 ')) i++; // a rename's original path is the next NUL-separated field
    } else if (rec.startsWith('u ')) {
      conflicted++;
    } else if (rec.startsWith('? ')) {
      untracked++;
    }
  }
  return { head, branch, staged, unstaged, untracked, conflicted };
}

export interface LastCommit {
  readonly sha: string;
  readonly subject: string;
  /** ISO 8601 committer date. */
  readonly date: string;
}

/**
 * One plan's worktree. `state` says whether the numbers mean anything: 'missing' (no worktree yet), 'broken' (the
 * directory or its registration is damaged; `error` says how) or 'ok'.
 */
export interface WorktreeStatus {
  readonly planId: string;
  readonly path: string;
  readonly state: 'ok' | 'missing' | 'broken';
  readonly branch?: string;
  readonly head?: string;
  readonly base?: string;
  readonly staged: number;
  readonly unstaged: number;
  readonly untracked: number;
  readonly conflicted: number;
  /** Commits on HEAD that the base (the plan's git_sha) does not have; undefined when there is no base to compare. */
  readonly ahead?: number;
  readonly lastCommit?: LastCommit;
  /** Anything uncommitted: staged, unstaged, untracked or conflicted. */
  readonly dirty: boolean;
  /** When the worktree's gitdir is patched for a running container. */
  readonly patched?: boolean;
  readonly error?: string;
}

export function statusFromCounts(
  planId: string,
  path: string,
  counts: PorcelainCounts,
  extra: { base?: string; ahead?: number; lastCommit?: LastCommit; patched?: boolean },
): WorktreeStatus {
  return {
    planId,
    path,
    state: 'ok',
    branch: counts.branch,
    head: counts.head,
    base: extra.base,
    staged: counts.staged,
    unstaged: counts.unstaged,
    untracked: counts.untracked,
    conflicted: counts.conflicted,
    ahead: extra.ahead,
    lastCommit: extra.lastCommit,
    dirty: counts.staged + counts.unstaged + counts.untracked + counts.conflicted > 0,
    patched: extra.patched,
  };
}

export function emptyStatus(planId: string, path: string, state: 'missing' | 'broken', error?: string): WorktreeStatus {
  return { planId, path, state, staged: 0, unstaged: 0, untracked: 0, conflicted: 0, dirty: false, error };
}
