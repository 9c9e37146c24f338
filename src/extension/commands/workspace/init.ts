import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import { localWorkspaceFolders, lwCoderFolderOf } from '../../planUris';
import { updateInitializedContext } from '../../plans/contextKeys';
import { COMMAND_IDS } from '../ids';
import { SCAFFOLD_FILES } from '../../../core/workspace/scaffold';

export interface InitResult {
  readonly folder: vscode.Uri;
  /** Paths relative to the workspace folder, e.g. `.lw_coder/config.toml`. */
  readonly created: readonly string[];
  /** Files that already existed and were left untouched. */
  readonly kept: readonly string[];
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function pickFolder(arg: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.getWorkspaceFolder(arg);
  const folders = localWorkspaceFolders();
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Initialize LW Coder in which folder?' });
}

/**
 * lwCoder.workspace.init [folderUri]: creates `.lw_coder/` with config.toml, tasks/, .gitignore, code.Dockerfile and
 * .dockerignore. Never overwrites:
 * a file that exists is kept as it is, so running it twice is harmless.
 */
export function initWorkspace(ctx: LwContext) {
  const logger = ctx.logger('init');
  return async (folderArg?: unknown): Promise<InitResult | undefined> => {
    const folder = await pickFolder(folderArg);
    if (!folder) {
      if (localWorkspaceFolders().length === 0) void vscode.window.showInformationMessage('Open a folder that holds a git repository first, then initialize LW Coder.');
      return undefined;
    }
    const root = lwCoderFolderOf(folder);
    const created: string[] = [];
    const kept: string[] = [];
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(root, 'tasks'));
    for (const file of SCAFFOLD_FILES) {
      const uri = vscode.Uri.joinPath(root, file.path);
      const relative = `.lw_coder/${file.path}`;
      if (await exists(uri)) {
        kept.push(relative);
        continue;
      }
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(file.content));
      created.push(relative);
    }
    logger.info(`initialized ${folder.uri.fsPath}: created ${created.join(', ') || 'nothing'}${kept.length ? `; kept ${kept.join(', ')}` : ''}`);
    await updateInitializedContext();
    void ctx.plans.refresh();
    const message = created.length
      ? `LW Coder is set up in ${folder.name}: ${created.join(', ')} created (add your project's tools to .lw_coder/code.Dockerfile).`
      : `LW Coder was already set up in ${folder.name}; nothing was changed.`;
    void vscode.window.showInformationMessage(message, 'New Plan').then((choice) => {
      if (choice === 'New Plan') void vscode.commands.executeCommand(COMMAND_IDS.planNew, folder.uri);
    });
    return { folder: folder.uri, created, kept };
  };
}
