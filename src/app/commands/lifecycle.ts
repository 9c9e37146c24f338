import { join } from 'node:path';
import { defaultBranchName } from '../../core/commands/session';
import { unsafeBranchReason } from '../../core/commands/refName';
import type { ResolvedCommand, SessionStatus } from '../../core/commands/types';
import { GitCommandError } from '../../core/ports/worktreeGit';
import { worktreesDirOf } from '../../core/worktree/layout';
import { parsePorcelainV2 } from '../../core/worktree/status';
import { salvageWorktree } from '../worktree/salvage';
import type { WorktreeDeps } from '../worktree/worktreeDeps';
import { substitutePlaceholders } from './stepScope';
import type { ArgValues } from './runTypes';

/**
 * The worktree lifecycle (issue 14 item 3, the seed's WorktreeCommand): a fresh worktree on a new branch before the first
 * step; at the end it is kept when the command failed or left changes (uncommitted files or commits beyond where it
 * started), and otherwise salvaged (a no-op when there is nothing to save) and removed. A branch the session created
 * goes with it when it still points where it started: it holds nothing, and a run per command would otherwise leave
 * one empty `lwc/<command>-<timestamp>` branch behind each time. A branch that existed before (an explicit branch_name
 * that was already there) is never deleted.
 */

export interface CommandWorktree {
  readonly path: string;
  readonly branch: string;
  /** The commit it started from: commits beyond it are the command's work. */
  readonly base: string;
  /** The session made the branch (at `base`), so it may delete it when it holds nothing. */
  readonly createdBranch: boolean;
}

const detail = (error: unknown): string => (error instanceof GitCommandError ? error.stderr.trim() : error instanceof Error ? error.message : String(error));

export async function createCommandWorktree(
  deps: WorktreeDeps,
  input: { repoRoot: string; command: ResolvedCommand; sessionId: string; now: Date; args: ArgValues; shared: Readonly<Record<string, string>>; randomHex: string; signal?: AbortSignal },
): Promise<CommandWorktree> {
  const { git, files } = deps;
  const root = await files.realpath(input.repoRoot);
  const base = await git.resolveCommit(root, 'HEAD', input.signal);
  if (!base) throw new Error(`The repository at ${root} has no commit yet, so there is nothing to check out in a worktree. Commit something first.`);
  const explicit = input.command.branchName !== undefined;
  let branch = explicit ? substitutePlaceholders(input.command.branchName!, input.args, input.shared) : defaultBranchName(input.command.name, input.now);
  const unsafe = unsafeBranchReason(branch);
  if (unsafe) throw new Error(`${unsafe}. Fix branch_name in ${input.command.source.file}.`);
  const existing = await git.resolveCommit(root, `refs/heads/${branch}`, input.signal);
  // Two runs in the same second would want the same default name: the second gets a suffix rather than a failure.
  if (existing && !explicit) branch = `${branch}-${input.randomHex.slice(0, 6)}`;
  const path = join(worktreesDirOf(root), `cmd-${input.sessionId}`);
  await files.makeDirectory(worktreesDirOf(root));
  try {
    await git.addWorktree(root, existing && explicit ? { path, startPoint: branch } : { path, startPoint: base, newBranch: branch }, input.signal);
  } catch (error) {
    throw new Error(`git could not create the worktree ${path} on branch ${branch}: ${detail(error)}. Fix what git reports (a branch checked out elsewhere must be switched away first) and run again.`);
  }
  const head = (await git.resolveCommit(path, 'HEAD', input.signal)) ?? base;
  return { path, branch, base: existing && explicit ? head : base, createdBranch: !(existing && explicit) };
}

export type WorktreeEnd =
  | { readonly kind: 'kept'; readonly why: string }
  | { readonly kind: 'removed'; readonly salvageRef?: string; readonly branchDeleted: boolean };

/** Decides and does what happens to the worktree when the session ends (see the file comment). */
export async function finishCommandWorktree(deps: WorktreeDeps, repoRoot: string, worktree: CommandWorktree, status: SessionStatus): Promise<WorktreeEnd> {
  const { git, files } = deps;
  if (status !== 'completed') return { kind: 'kept', why: `the session ${status === 'cancelled' ? 'was cancelled' : 'failed'}` };
  const root = await files.realpath(repoRoot);
  const counts = parsePorcelainV2(await git.statusPorcelain(worktree.path));
  const dirty = counts.staged + counts.unstaged + counts.untracked + counts.conflicted;
  const ahead = counts.head && counts.head !== worktree.base ? await git.countAhead(root, worktree.base, counts.head) : 0;
  if (dirty > 0) return { kind: 'kept', why: `it has ${dirty} uncommitted change(s)` };
  if (ahead > 0) return { kind: 'kept', why: `branch ${worktree.branch} has ${ahead} commit(s) beyond where the command started` };
  // Salvage before any removal (it throws, and then nothing is removed, when it cannot save).
  const salvage = await salvageWorktree(deps, { repoRoot: root, planId: worktree.branch, worktreePath: worktree.path, base: worktree.base, reason: 'command-finished' });
  await git.removeWorktree(root, worktree.path, { force: false });
  await git.prune(root).catch(() => undefined);
  if (salvage.kind === 'saved') return { kind: 'removed', salvageRef: salvage.record.ref, branchDeleted: false };
  const branchDeleted = worktree.createdBranch ? await git.deleteRefAt(root, `refs/heads/${worktree.branch}`, worktree.base).catch(() => false) : false;
  return { kind: 'removed', branchDeleted };
}

/** On resume: the kept worktree must still be the one the session made. */
export async function reopenCommandWorktree(deps: WorktreeDeps, path: string, signal?: AbortSignal): Promise<void> {
  const top = await deps.git.topLevel(path, signal).catch(() => undefined);
  const real = top === undefined ? undefined : await deps.files.realpath(top).catch(() => undefined);
  const wanted = await deps.files.realpath(path).catch(() => undefined);
  if (!real || real !== wanted) throw new Error(`The session's worktree ${path} is gone or no longer a worktree of this repository, so the session cannot resume there. Run the command again with \`lwc cmd run\`.`);
}
