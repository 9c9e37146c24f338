import * as vscode from 'vscode';
import type { LwContext } from '../context';
import { CommandTaskProvider, COMMAND_TASK_TYPE } from './taskProvider';
import { CommandsTreeProvider } from './treeProvider';

export const COMMANDS_VIEW_ID = 'lwCoder.commands';

/**
 * The Commands view (read while visible, refreshed by a watcher on both command folders) and the `lwc-command` task
 * provider. Nothing is read at activation: the catalog's chunk loads when the view shows or a task list is asked for.
 */
export function registerCommandsView(ctx: LwContext): vscode.Disposable {
  const provider = new CommandsTreeProvider(ctx.commands);
  const view = vscode.window.createTreeView(COMMANDS_VIEW_ID, { treeDataProvider: provider });
  const watcher = vscode.workspace.createFileSystemWatcher('**/{.lw_coder,.prj}/commands/**');
  const stale = (): void => ctx.commands.markStale();
  ctx.commands.setActive(view.visible);
  return vscode.Disposable.from(
    view,
    provider,
    watcher,
    watcher.onDidCreate(stale),
    watcher.onDidChange(stale),
    watcher.onDidDelete(stale),
    view.onDidChangeVisibility((e) => ctx.commands.setActive(e.visible)),
    vscode.workspace.onDidChangeWorkspaceFolders(stale),
    vscode.tasks.registerTaskProvider(COMMAND_TASK_TYPE, new CommandTaskProvider(ctx.commands, ctx)),
  );
}
