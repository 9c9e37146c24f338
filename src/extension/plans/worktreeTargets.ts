import * as vscode from 'vscode';
import { SHA_40 } from '../../core/worktree/layout';
import { ZERO_SHA } from '../../core/plan/types';
import type { Repositories } from '../repositories';
import type { PlansState } from './model';
import type { WorktreeTarget } from './worktreeModel';

/**
 * The Plans view's plans that can have a worktree (a readable plan_id), grouped by repository. The plan's git_sha is
 * the base for the ahead count when it names a commit.
 */
export async function worktreeTargets(state: PlansState, repositories: Repositories): Promise<WorktreeTarget[]> {
  const byRoot = new Map<string, { path: string; planId: string; base?: string }[]>();
  for (const plan of state.groups.flatMap((g) => g.plans)) {
    if (!plan.planId) continue;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(plan.path));
    const repo = folder ? await repositories.forFolder(folder.uri.fsPath) : undefined;
    if (!repo) continue;
    const base = plan.gitSha && SHA_40.test(plan.gitSha) && plan.gitSha !== ZERO_SHA ? plan.gitSha : undefined;
    const list = byRoot.get(repo.repoRoot) ?? [];
    list.push({ path: plan.path, planId: plan.planId, ...(base ? { base } : {}) });
    byRoot.set(repo.repoRoot, list);
  }
  return [...byRoot].map(([repoRoot, plans]) => ({ repoRoot, plans }));
}
