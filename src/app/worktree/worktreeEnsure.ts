import { GitCommandError, type WorktreeEntry } from '../../core/ports/worktreeGit';
import { throwIfAborted, WorktreeError } from '../../core/worktree/errors';
import type { UseCaseOptions } from '../../core/worktree/events';
import { planWorktreePath, SHA_40, unsafePlanIdReason, worktreesDirOf } from '../../core/worktree/layout';
import { ZERO_SHA } from '../../core/plan/types';
import { entryOwnerMayBeAlive } from './worktreeGitdir';
import { repairJournalEntry, trustedForRepair } from './worktreeGitdirRestore';
import type { WorktreeDeps } from './worktreeDeps';
import { repairIsSafe, repairWorktreePointers } from './worktreePointerCheck';

/** The plan fields a worktree needs; the caller has validated the plan. */
export interface PlanWorktreeRequest {
  readonly repoRoot: string;
  readonly planId: string;
  /** The plan's git_sha: the commit the branch starts from. */
  readonly gitSha: string;
}

export interface EnsuredWorktree {
  readonly path: string;
  readonly branch: string;
  /** False when a healthy worktree was already there (idempotent re-run, or another process made it first). */
  readonly created: boolean;
}

/** The canonical repository root and the plan's worktree path in it (git records real paths, so compare those). */
export async function planWorktreeLocation(deps: WorktreeDeps, repoRoot: string, planId: string): Promise<{ root: string; path: string }> {
  const root = await deps.files.realpath(repoRoot);
  return { root, path: planWorktreePath(root, planId) };
}

export async function findRegistration(deps: WorktreeDeps, root: string, path: string, signal?: AbortSignal): Promise<{ all: WorktreeEntry[]; atPath?: WorktreeEntry }> {
  const all = await deps.git.listWorktrees(root, signal);
  for (const e of all) if ((await deps.files.realpath(e.path)) === path) return { all, atPath: e };
  return { all };
}

/**
 * `.lw_coder/worktrees/<plan_id>` on branch `<plan_id>`, created at the plan's git_sha (seed 000 `ensure_worktree`).
 * Idempotent; repairs stale registrations; refuses — saying what and how to fix — when the branch holds unrelated
 * history or the path holds something else. Serialised per plan by a lock file, and a failed `git worktree add` is
 * re-checked, so two processes ensuring one plan both end with the same healthy worktree.
 */
export async function ensurePlanWorktree(deps: WorktreeDeps, req: PlanWorktreeRequest, options: UseCaseOptions = {}): Promise<EnsuredWorktree> {
  const unsafe = unsafePlanIdReason(req.planId);
  if (unsafe) throw new WorktreeError('unsafe-plan-id', `Cannot make a worktree: ${unsafe}.`, 'Rename the plan_id in the plan file.');
  if (!SHA_40.test(req.gitSha) || req.gitSha === ZERO_SHA) {
    throw new WorktreeError('bad-base-sha', `Plan ${req.planId} has git_sha '${req.gitSha}', which is not a commit to start from.`, 'Set git_sha to a 40-hex commit, e.g. the output of `git rev-parse HEAD`.');
  }
  const { root, path } = await planWorktreeLocation(deps, req.repoRoot, req.planId);
  if (!(await deps.git.resolveCommit(root, req.gitSha, options.signal))) {
    throw new WorktreeError('bad-base-sha', `git_sha ${req.gitSha} of plan ${req.planId} is not a commit in ${root}.`, 'Fetch the commit (`git fetch`), or set git_sha to a commit that exists here.');
  }
  const release = await deps.locks.acquire(`worktree-${req.planId}`, { signal: options.signal });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await ensureLocked(deps, req, root, path, options);
      } catch (error) {
        if (attempt >= RACE_ATTEMPTS || !isWorktreeAddRace(error)) throw error;
        // Another `git worktree add` was half-way: look again once it is done. Every check is redone, so a branch the
        // failed add already created is reused and a half-made registration is pruned.
        await new Promise((resolve) => setTimeout(resolve, (20 + Math.random() * 60) * attempt));
        throwIfAborted(options.signal);
      }
    }
  } finally {
    await release();
  }
}

const RACE_ATTEMPTS = 5;

/**
 * git dies with `failed to read <gitdir>/worktrees/<name>/commondir` (errno "Success" for an empty file, or "No such
 * file or directory") when it lists the worktrees while another `git worktree add` has created that file but not yet
 * written it, or is removing a failed one: `lwc up -n 8` lost a task to it now and then. Transient — the other add
 * finishes within milliseconds — so the ensure is retried rather than the adds serialised, which would make N
 * workers' checkouts run one after another.
 */
function isWorktreeAddRace(error: unknown): boolean {
  const text = error instanceof GitCommandError ? error.stderr : error instanceof WorktreeError && error.code === 'git-failed' ? error.message : '';
  return /failed to read \S*[/\\]worktrees[/\\][^/\\\s]+[/\\](commondir|gitdir)\b/.test(text);
}

async function ensureLocked(deps: WorktreeDeps, req: PlanWorktreeRequest, root: string, path: string, options: UseCaseOptions): Promise<EnsuredWorktree> {
  const { signal, onEvent } = options;
  const branch = req.planId;
  // A crash during a container session leaves the pointers patched; fix that first or git sees a broken worktree.
  const { entries } = await deps.journal.list();
  for (const entry of entries.filter((e) => e.worktreePath === path)) {
    if (entryOwnerMayBeAlive(deps, entry)) return { path, branch, created: false }; // a live session is using it
    const outcome = await repairJournalEntry(deps, entry, { force: await trustedForRepair(deps, entry, await deps.git.commonDir(root, signal)) });
    onEvent?.({ type: 'gitdir-recovered', worktreePath: path });
    if (outcome.tampered.length > 0) onEvent?.({ type: 'gitdir-tampered', worktreePath: path, changes: outcome.tampered });
    if (outcome.conflicts.length > 0) onEvent?.({ type: 'gitdir-conflict', worktreePath: path, detail: outcome.conflicts.join('; ') });
  }

  let { all, atPath } = await findRegistration(deps, root, path, signal);
  if (atPath?.prunable !== undefined) {
    await deps.git.prune(root, signal);
    onEvent?.({ type: 'registration-pruned', path, why: atPath.prunable });
    ({ all, atPath } = await findRegistration(deps, root, path, signal));
  }
  if (!atPath) {
    const kind = await deps.files.kind(path);
    if (kind === 'directory' && (await deps.files.isEmptyDirectory(path))) {
      await deps.files.removeEmptyDirectory(path);
      onEvent?.({ type: 'empty-directory-removed', path });
    } else if (kind === 'directory' && (await repairIsSafe(deps, path, await deps.git.commonDir(root, signal)))) {
      // A worktree whose registration lost track of it (e.g. the repository moved): git can re-link it.
      await deps.git.repair(root, path, signal).catch(() => undefined);
      ({ all, atPath } = await findRegistration(deps, root, path, signal));
      if (atPath) onEvent?.({ type: 'registration-repaired', path });
    }
    if (!atPath && (await deps.files.kind(path)) !== 'missing') {
      throw new WorktreeError('path-occupied', `${path} exists but is not a worktree of this repository, and may hold someone's work.`, `Move it aside (\`mv ${path} ${path}.bak\`) and run again.`);
    }
  }
  if (atPath) return checkExisting(deps, root, path, branch, atPath, options);
  return createWorktree(deps, req, root, path, all, options);
}

async function checkExisting(deps: WorktreeDeps, root: string, path: string, branch: string, entry: WorktreeEntry, options: UseCaseOptions): Promise<EnsuredWorktree> {
  // Its `.git` is the agent's to write during a session: before git (or anyone) uses the worktree, the pointer must name
  // its registration again. First, so that `git worktree repair` below never follows a planted pointer.
  const changes = await repairWorktreePointers(deps, path, options.signal);
  if (changes.length > 0) options.onEvent?.({ type: 'gitdir-tampered', worktreePath: path, changes });
  let top = await deps.git.topLevel(path, options.signal);
  if (!top || (await deps.files.realpath(top)) !== path) {
    await deps.git.repair(root, path, options.signal).catch(() => undefined);
    top = await deps.git.topLevel(path, options.signal);
    if (!top || (await deps.files.realpath(top)) !== path) {
      throw new WorktreeError('not-a-worktree', `${path} is registered as a worktree but git cannot use it.`, `Salvage anything you need from it, then run \`git worktree remove --force ${path}\` and ensure again.`);
    }
    options.onEvent?.({ type: 'registration-repaired', path });
  }
  if (entry.branch !== branch) {
    throw new WorktreeError('wrong-branch', `The worktree ${path} is on ${entry.branch ? `branch ${entry.branch}` : 'a detached HEAD'}, not on branch ${branch}.`, `Switch it back: \`git -C ${path} switch ${branch}\`.`);
  }
  options.onEvent?.({ type: 'worktree-reused', path, branch });
  return { path, branch, created: false };
}

async function createWorktree(deps: WorktreeDeps, req: PlanWorktreeRequest, root: string, path: string, all: WorktreeEntry[], options: UseCaseOptions): Promise<EnsuredWorktree> {
  const { signal, onEvent } = options;
  const branch = req.planId;
  const elsewhere = all.find((e) => e.branch === branch);
  if (elsewhere) {
    throw new WorktreeError('branch-elsewhere', `Branch ${branch} is already checked out in another worktree at ${elsewhere.path}.`, `Switch that worktree to another branch, or remove it (\`lwc worktree remove\` salvages first).`);
  }
  const branchSha = await deps.git.resolveCommit(root, `refs/heads/${branch}`, signal);
  if (branchSha && !(await deps.git.isAncestor(root, req.gitSha, branchSha, signal))) {
    throw new WorktreeError('branch-unrelated', `Branch ${branch} exists at ${branchSha.slice(0, 12)}, which does not descend from the plan's git_sha ${req.gitSha.slice(0, 12)}.`, `Rename the old branch (\`git branch -m ${branch} ${branch}-old\`) or set git_sha in the plan to a commit the branch descends from.`);
  }
  throwIfAborted(signal);
  await deps.files.makeDirectory(worktreesDirOf(root));
  try {
    await deps.git.addWorktree(root, branchSha ? { path, startPoint: branch } : { path, startPoint: req.gitSha, newBranch: branch }, signal);
  } catch (error) {
    // Another process may have won the race between our checks and `git worktree add` (e.g. one without our lock).
    const { atPath } = await findRegistration(deps, root, path, signal);
    if (atPath && atPath.branch === branch && (await deps.git.topLevel(path, signal))) return { path, branch, created: false };
    const detail = error instanceof GitCommandError ? error.stderr : error instanceof Error ? error.message : String(error);
    throw new WorktreeError('git-failed', `git could not create the worktree ${path}: ${detail}`, 'Fix what git reports and run again.');
  }
  onEvent?.({ type: 'worktree-created', path, branch, fromExistingBranch: Boolean(branchSha) });
  return { path, branch, created: true };
}
