import { join } from 'node:path';
import { PLAN_ID_PATTERN } from '../plan/types';

/**
 * Where LW Coder keeps worktree-related things on disk, and what a container sees. One place, so the container issue
 * mounts exactly what the gitdir patch points at.
 */

/** Persistent plan worktrees live here, relative to the repository root: `.lw_coder/worktrees/<plan_id>`. */
export const WORKTREES_DIR_PARTS = ['.lw_coder', 'worktrees'] as const;
/** Crash journal, locks and other machine state (git-ignored). */
export const STATE_DIR_PARTS = ['.lw_coder', 'state'] as const;

/**
 * Container mount targets. The repository's git common dir is mounted at CONTAINER_REPO_GIT and the worktree at
 * CONTAINER_WORKSPACE; while a container runs, the worktree's `.git` file says `gitdir: /repo-git/worktrees/<name>` and
 * the registration's reverse pointer says `/workspace/.git`, so git works inside the container.
 */
export const CONTAINER_REPO_GIT = '/repo-git';
export const CONTAINER_WORKSPACE = '/workspace';

/** Salvage refs: `refs/lw-coder/salvage/<plan_id>/<timestamp>`. Shared by every worktree of the repository. */
export const SALVAGE_REF_PREFIX = 'refs/lw-coder/salvage/';

export const worktreesDirOf = (repoRoot: string): string => join(repoRoot, ...WORKTREES_DIR_PARTS);
export const stateDirOf = (repoRoot: string): string => join(repoRoot, ...STATE_DIR_PARTS);
export const planWorktreePath = (repoRoot: string, planId: string): string => join(worktreesDirOf(repoRoot), planId);

/**
 * Why a plan_id cannot name a directory and a branch, or undefined when it can. The pattern alone allows names git
 * refuses (`a..b`, `x.lock`, leading `-` or `.`), so worktree code checks again rather than trusting the caller.
 */
export function unsafePlanIdReason(planId: string): string | undefined {
  if (!PLAN_ID_PATTERN.test(planId)) return `plan_id '${planId}' must match ${PLAN_ID_PATTERN.source}`;
  if (planId.startsWith('.') || planId.startsWith('-')) return `plan_id '${planId}' must not start with '.' or '-'`;
  if (planId.includes('..')) return `plan_id '${planId}' must not contain '..'`;
  if (planId.endsWith('.lock') || planId.endsWith('.')) return `plan_id '${planId}' must not end with '.lock' or '.'`;
  return undefined;
}

export const SHA_40 = /^[0-9a-f]{40}$/;

/**
 * The repository root of a path inside a plan worktree (`<root>/.lw_coder/worktrees/<plan_id>[/…]`), or undefined. The
 * layout, not the worktree's `.git` file (which an agent can rewrite), says which repository a plan worktree belongs to.
 */
export function repoRootOfPlanWorktree(path: string): string | undefined {
  // The outermost match: a plan worktree's own `.lw_coder/worktrees/` is git-ignored and never holds worktrees.
  const m = /^(.*?)[\\/]\.lw_coder[\\/]worktrees[\\/][^\\/]+(?:[\\/].*)?$/.exec(path);
  if (!m) return undefined;
  return m[1] === '' ? '/' : m[1];
}
