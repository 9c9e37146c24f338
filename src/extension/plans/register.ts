import * as vscode from 'vscode';
import type { LwContext } from '../context';
import { setPlanCountContext, updateInitializedContext } from './contextKeys';
import { PlansTreeProvider } from './treeProvider';

export const PLANS_VIEW_ID = 'lwCoder.plans';

/**
 * The Plans view: tree provider over the model, scans only while the view is visible, file watchers that mark the
 * model stale (debounced rescan), and the context keys its welcome views use.
 */
export function registerPlansView(ctx: LwContext): vscode.Disposable {
  const logger = ctx.logger('plans');
  const provider = new PlansTreeProvider(ctx.plans, ctx.worktrees);
  const view = vscode.window.createTreeView(PLANS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  const onModel = ctx.plans.onDidChange((state) => {
    // New or changed plans may have worktrees (or new bases): their state follows the plans.
    ctx.worktrees.markStale();
    void setPlanCountContext(state.planCount);
    view.message = state.error ? `Could not read all plans: ${state.error}` : undefined;
  });

  const refreshInitialized = (): void => {
    updateInitializedContext().catch((e: unknown) => logger.warn(`could not update ${String(e)}`));
  };
  const tasksWatcher = vscode.workspace.createFileSystemWatcher('**/.lw_coder/tasks/**');
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.lw_coder/config.toml');
  // Edits inside any worktree change its status (an agent saving, a commit): refreshed debounced, only while visible.
  const worktreeWatcher = vscode.workspace.createFileSystemWatcher('**/.lw_coder/worktrees/**');
  const worktreesStale = (): void => ctx.worktrees.markStale();
  const stale = (): void => ctx.plans.markStale();
  const configChanged = (): void => {
    refreshInitialized();
    stale();
  };

  refreshInitialized();
  ctx.plans.setActive(view.visible);
  ctx.worktrees.setActive(view.visible);

  return vscode.Disposable.from(
    view,
    provider,
    onModel,
    tasksWatcher,
    configWatcher,
    worktreeWatcher,
    worktreeWatcher.onDidCreate(worktreesStale),
    worktreeWatcher.onDidChange(worktreesStale),
    worktreeWatcher.onDidDelete(worktreesStale),
    view.onDidChangeVisibility((e) => {
      ctx.plans.setActive(e.visible);
      ctx.worktrees.setActive(e.visible);
    }),
    tasksWatcher.onDidCreate(stale),
    tasksWatcher.onDidChange(stale),
    tasksWatcher.onDidDelete(stale),
    configWatcher.onDidCreate(configChanged),
    configWatcher.onDidDelete(configChanged),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      ctx.repositories.clear();
      configChanged();
    }),
    // Trust granted: git may now resolve git_sha values that were skipped.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      ctx.repositories.clear();
      stale();
      worktreesStale();
    }),
  );
}
