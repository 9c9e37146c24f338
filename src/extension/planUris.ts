import * as vscode from 'vscode';

/** Plans are markdown files under `.lw_coder/tasks/` (the same rule as the language client's document selector). */
const PLAN_PATH = /[\\/]\.lw_coder[\\/]tasks[\\/](?:[^\\/]+[\\/])*[^\\/]+\.md$/i;

export const TASKS_SEGMENTS = ['.lw_coder', 'tasks'] as const;
export const PLAN_GLOB = '**/.lw_coder/tasks/**/*.md';

export function isPlanPath(fsPath: string): boolean {
  return PLAN_PATH.test(fsPath);
}

export function isPlanUri(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && isPlanPath(uri.fsPath);
}

export function isPlanDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && isPlanUri(document.uri);
}

export function lwCoderFolderOf(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, '.lw_coder');
}

export function tasksFolderOf(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...TASKS_SEGMENTS);
}

/** Local folders only: plans need git worktrees and Docker on a real file system. */
export function localWorkspaceFolders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

/**
 * The plan a command acts on. Commands are called from the palette (no argument: the active editor), from CodeLens
 * and tests (a Uri), from the Plans view (a tree node carrying `uri`) or with a path string.
 */
export function resolvePlanArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg && typeof arg === 'object' && 'uri' in arg && (arg as { uri: unknown }).uri instanceof vscode.Uri) {
    return (arg as { uri: vscode.Uri }).uri;
  }
  const active = vscode.window.activeTextEditor?.document;
  return active && isPlanUri(active.uri) ? active.uri : undefined;
}
