import * as vscode from 'vscode';
import { gitdirTamperedMessage } from '../../../core/worktree/events';
import { planWorktreePath } from '../../../core/worktree/layout';
import { loadWorktrees } from '../../lazy';
import type { LwContext } from '../../context';
import { UserError } from '../../notify';
import { optionOf } from '../args';
import { resolveWorktreeTarget } from './target';

type How = 'newWindow' | 'addToWorkspace';

/** lwCoder.worktree.open [node|uri|{ uri, how }]: the plan's worktree in a new window or as a workspace folder. */
export function openWorktree(ctx: LwContext) {
  return async (arg?: unknown): Promise<{ path: string; how: How } | undefined> => {
    const target = await resolveWorktreeTarget(ctx, arg);
    if (!target) return undefined;
    const path = ctx.worktrees.state.byPlanPath.get(target.planPath)?.path ?? planWorktreePath(target.repoRoot, target.planId);
    const exists = await vscode.workspace.fs.stat(vscode.Uri.file(path)).then(() => true, () => false);
    if (!exists) throw new UserError(`${target.planId} has no worktree yet: run the plan (or \`lwc worktree ensure ${target.planId}\`) to create it.`);
    let how = optionOf<How>(arg, 'how');
    if (!how) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: '$(empty-window) Open in New Window', how: 'newWindow' as const },
          { label: '$(root-folder) Add to Workspace', how: 'addToWorkspace' as const },
        ],
        { title: `Open worktree of ${target.planId}`, placeHolder: path },
      );
      if (!picked) return undefined;
      how = picked.how;
    }
    // VS Code's git will run on this worktree: its `.git` must name its registration, not a git dir an agent planted.
    if (vscode.workspace.isTrusted) {
      const wt = await loadWorktrees();
      const changes = await wt.repairWorktreePointers(wt.createWorktreeDeps(target.repoRoot, ctx.logger('worktrees')), path);
      if (changes.length > 0) {
        const message = gitdirTamperedMessage({ worktreePath: path, changes });
        ctx.logger('worktrees').warn(message);
        void vscode.window.showWarningMessage(message);
      }
    }
    const uri = vscode.Uri.file(path);
    if (how === 'newWindow') await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
    else {
      const at = vscode.workspace.workspaceFolders?.length ?? 0;
      if (!vscode.workspace.getWorkspaceFolder(uri) || vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath !== path) {
        vscode.workspace.updateWorkspaceFolders(at, 0, { uri, name: `worktree: ${target.planId}` });
      }
    }
    ctx.logger('worktrees').info(`opened worktree of ${target.planId} (${how})`);
    return { path, how };
  };
}
