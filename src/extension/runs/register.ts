import * as vscode from 'vscode';
import type { LwContext } from '../context';
import { RunsTreeProvider } from './treeProvider';

export const RUNS_VIEW_ID = 'lwCoder.runs';

/** The Runs view: listed while visible, refreshed (debounced) by watchers on `.lw_coder/runs/**` and session records. */
export function registerRunsView(ctx: LwContext): vscode.Disposable {
  const provider = new RunsTreeProvider(ctx.runs);
  const view = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const watcher = vscode.workspace.createFileSystemWatcher('**/.lw_coder/runs/**');
  // The executor rewrites session.json after every step: each rewrite refreshes the session's history (debounced).
  const sessions = vscode.workspace.createFileSystemWatcher('**/.lw_coder/sessions/*/session.json');
  const stale = (): void => ctx.runs.markStale();
  ctx.runs.setActive(view.visible);
  return vscode.Disposable.from(
    view,
    provider,
    watcher,
    sessions,
    sessions.onDidCreate(stale),
    sessions.onDidChange(stale),
    sessions.onDidDelete(stale),
    watcher.onDidCreate(stale),
    watcher.onDidChange(stale),
    watcher.onDidDelete(stale),
    view.onDidChangeVisibility((e) => ctx.runs.setActive(e.visible)),
    vscode.workspace.onDidChangeWorkspaceFolders(stale),
  );
}
