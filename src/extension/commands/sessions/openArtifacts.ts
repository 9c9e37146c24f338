import * as vscode from 'vscode';
import type { SessionEntry } from '../../../app/commands/sessions';
import type { LwContext } from '../../context';
import { artifactDirOf } from '../../runs/sessionNodes';

/**
 * lwCoder.sessions.openArtifacts: shows a session's artifact directory (logs, context, test report) in the Explorer.
 * Takes a Runs-view session row (its folder's `artifacts/`, never a path the record names) or `{ artifactDir }`;
 * resolves to the directory's uri.
 */
export function openSessionArtifacts(_ctx: LwContext) {
  return async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const node = arg as { entry?: SessionEntry; artifactDir?: unknown } | undefined;
    const dir = node?.entry ? artifactDirOf(node.entry) : node?.artifactDir;
    if (typeof dir !== 'string') return undefined;
    const uri = vscode.Uri.file(dir);
    const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
    if (!exists) {
      void vscode.window.showInformationMessage(`The session's artifact directory ${dir} does not exist (yet): nothing was stored.`);
      return undefined;
    }
    await vscode.commands.executeCommand('revealInExplorer', uri);
    return uri;
  };
}
