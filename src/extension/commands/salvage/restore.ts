import * as vscode from 'vscode';
import type { RestoredSalvage } from '../../../app/worktree/salvage';
import type { LwContext } from '../../context';
import { loadWorktrees } from '../../lazy';
import { UserError } from '../../notify';
import type { SalvageEntry } from '../../plans/worktreeModel';

/** The salvage a Recover row carries (`{ kind: 'salvage', entry }`), or `{ repoRoot, ref, to }` from tests. */
function salvageArgument(arg: unknown): { repoRoot: string; ref: string; to?: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { entry?: SalvageEntry; repoRoot?: unknown; ref?: unknown; to?: unknown };
  if (a.entry) return { repoRoot: a.entry.repoRoot, ref: a.entry.record.ref };
  if (typeof a.repoRoot === 'string' && typeof a.ref === 'string') return { repoRoot: a.repoRoot, ref: a.ref, ...(typeof a.to === 'string' ? { to: a.to } : {}) };
  return undefined;
}

/**
 * lwCoder.salvage.restore [row]: writes a salvage's files byte for byte into a folder the user picks (the app's
 * suggestion, inside the git-ignored state folder, is the default), then offers to open it.
 */
export function restoreSalvage(ctx: LwContext) {
  const logger = ctx.logger('worktrees');
  return async (arg?: unknown): Promise<RestoredSalvage | undefined> => {
    if (!vscode.workspace.isTrusted) throw new UserError('Restoring a salvage runs git, which LW Coder does only in a trusted workspace: trust the workspace first.');
    let chosen = salvageArgument(arg);
    if (!chosen) {
      const entries = ctx.worktrees.state.salvage;
      if (entries.length === 0) throw new UserError('There is no salvaged work to restore.');
      const picked = await vscode.window.showQuickPick(
        entries.map((entry) => ({ label: `${entry.record.planId} ${entry.record.time ?? entry.record.timestamp}`, description: entry.record.reason, detail: entry.record.ref, entry })),
        { title: 'Restore Salvage', placeHolder: 'Which salvaged work?' },
      );
      if (!picked) return undefined;
      chosen = { repoRoot: picked.entry.repoRoot, ref: picked.entry.record.ref };
    }
    const wt = await loadWorktrees();
    const deps = wt.createWorktreeDeps(chosen.repoRoot, logger);
    let to = chosen.to;
    if (!to) {
      const suggested = wt.defaultRestoreDir(chosen.repoRoot, await wt.findSalvage(deps, chosen.repoRoot, chosen.ref));
      to = await vscode.window.showInputBox({
        title: `Restore ${chosen.ref}`,
        prompt: 'Folder to restore into (must be missing or empty)',
        value: suggested,
        ignoreFocusOut: true,
      });
      if (!to) return undefined;
    }
    const restored = await wt.restoreSalvage(deps, chosen.repoRoot, chosen.ref, to);
    logger.info(`restored ${restored.record.ref} into ${restored.dir}`);
    if (!calledWithTarget(arg)) {
      void vscode.window.showInformationMessage(`Restored ${restored.record.planId} into ${restored.dir}.`, 'Reveal in Explorer').then((c) => {
        if (c) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(restored.dir));
      });
    }
    return restored;
  };
}

/** Scripts and tests pass `to` and want no notification. */
const calledWithTarget = (arg: unknown): boolean => Boolean(arg && typeof arg === 'object' && 'to' in arg);
