import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import { loadDashboard } from '../../lazy';
import { localWorkspaceFolders } from '../../planUris';

/**
 * lwCoder.fleet.showDashboard: the fleet dashboard webview (issue 13 item 4) of a workspace folder, opened or revealed.
 * Takes `{ repoRoot }` (tests, the status bar item), else the one folder with `.lw_coder/`, else asks which.
 * Resolves to `{ repoRoot }`, undefined when the pick is cancelled.
 */
export function showDashboard(ctx: LwContext) {
  return async (arg?: unknown): Promise<{ readonly repoRoot: string } | undefined> => {
    const given = arg && typeof arg === 'object' && typeof (arg as { repoRoot?: unknown }).repoRoot === 'string' ? (arg as { repoRoot: string }).repoRoot : undefined;
    const repoRoot = given ?? (await pickFolder());
    if (!repoRoot) return undefined;
    const { showDashboardPanel } = await loadDashboard();
    return showDashboardPanel({ extensionUri: ctx.extension.extensionUri, logger: ctx.logger('dashboard'), trusted: () => vscode.workspace.isTrusted }, repoRoot);
  };
}

async function pickFolder(): Promise<string | undefined> {
  const folders = localWorkspaceFolders().map((f) => f.uri.fsPath);
  const withLw = folders.filter((f) => existsSync(join(f, '.lw_coder')));
  const candidates = withLw.length > 0 ? withLw : folders;
  if (candidates.length === 0) throw new Error('The fleet dashboard needs a workspace folder: open the repository whose .lw_coder/state holds the queue.');
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(candidates.map((c) => ({ label: c })), { title: 'Show Fleet Dashboard', placeHolder: 'Which repository\'s fleet?' });
  return picked?.label;
}
