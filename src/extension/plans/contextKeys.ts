import * as vscode from 'vscode';
import { BUILTIN_COMMANDS } from '../commands/ids';
import { localWorkspaceFolders, lwCoderFolderOf } from '../planUris';

/** Context keys the welcome views in package.json test. */
export const CONTEXT_KEYS = {
  initialized: 'lwCoder.initialized',
  planCount: 'lwCoder.planCount',
} as const;

/** `lwCoder.initialized`: some workspace folder has a `.lw_coder/` folder. One stat per folder, cheap at activation. */
export async function updateInitializedContext(): Promise<boolean> {
  const found = await Promise.all(
    localWorkspaceFolders().map((f) =>
      vscode.workspace.fs.stat(lwCoderFolderOf(f)).then(
        (s) => (s.type & vscode.FileType.Directory) !== 0,
        () => false,
      ),
    ),
  );
  const initialized = found.some(Boolean);
  await vscode.commands.executeCommand(BUILTIN_COMMANDS.setContext, CONTEXT_KEYS.initialized, initialized);
  return initialized;
}

export async function setPlanCountContext(count: number): Promise<void> {
  await vscode.commands.executeCommand(BUILTIN_COMMANDS.setContext, CONTEXT_KEYS.planCount, count);
}
