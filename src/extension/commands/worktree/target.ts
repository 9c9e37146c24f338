import * as vscode from 'vscode';
import { SHA_40 } from '../../../core/worktree/layout';
import { ZERO_SHA } from '../../../core/plan/types';
import type { LwContext } from '../../context';
import { UserError } from '../../notify';
import { resolvePlanArgument } from '../../planUris';

/** The plan whose worktree a command acts on, with its repository. */
export interface WorktreeTargetPlan {
  readonly repoRoot: string;
  readonly planId: string;
  /** The plan's git_sha when it names a commit: commits beyond it are work worth salvaging. */
  readonly base?: string;
  readonly planPath: string;
}

/**
 * Worktree commands take a Plans-view node (a plan or its worktree row), a plan Uri or path, or nothing (the active
 * plan editor). The plan must be in the Plans view (a readable plan_id) inside a trusted git repository.
 */
export async function resolveWorktreeTarget(ctx: LwContext, arg: unknown): Promise<WorktreeTargetPlan | undefined> {
  const uri = resolvePlanArgument(arg);
  if (!uri) return undefined;
  if (!vscode.workspace.isTrusted) throw new UserError('Worktrees need git, which LW Coder runs only in a trusted workspace: trust the workspace first.');
  const entry = ctx.plans.state.groups.flatMap((g) => g.plans).find((p) => p.path === uri.fsPath);
  if (!entry?.planId) throw new UserError(`${vscode.workspace.asRelativePath(uri)} has no readable plan_id: fix the plan first (Validate Plan).`);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const repo = folder ? await ctx.repositories.forFolder(folder.uri.fsPath) : undefined;
  if (!repo) throw new UserError(`${vscode.workspace.asRelativePath(uri)} is not inside a git repository of this workspace.`);
  const base = entry.gitSha && SHA_40.test(entry.gitSha) && entry.gitSha !== ZERO_SHA ? entry.gitSha : undefined;
  return { repoRoot: repo.repoRoot, planId: entry.planId, ...(base ? { base } : {}), planPath: uri.fsPath };
}

