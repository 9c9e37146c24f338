import type { WorktreeEntry } from '../../core/ports/worktreeGit';

/** Parses `git worktree list --porcelain -z`: attribute records separated by NUL, worktrees by an empty record. */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let cur: { -readonly [K in keyof WorktreeEntry]: WorktreeEntry[K] } | undefined;
  for (const rec of output.split('\0')) {
    if (rec === '') {
      if (cur) entries.push(cur);
      cur = undefined;
      continue;
    }
    const space = rec.indexOf(' ');
    const key = space < 0 ? rec : rec.slice(0, space);
    const value = space < 0 ? '' : rec.slice(space + 1);
    if (key === 'worktree') {
      if (cur) entries.push(cur);
      cur = { path: value, head: undefined, branch: undefined, bare: false, detached: false, locked: undefined, prunable: undefined };
    } else if (cur) {
      if (key === 'HEAD') cur.head = value;
      else if (key === 'branch') cur.branch = value.replace(/^refs\/heads\//, '');
      else if (key === 'bare') cur.bare = true;
      else if (key === 'detached') cur.detached = true;
      else if (key === 'locked') cur.locked = value;
      else if (key === 'prunable') cur.prunable = value;
    }
  }
  if (cur) entries.push(cur);
  return entries;
}
