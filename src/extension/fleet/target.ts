import * as vscode from 'vscode';
import { createFleetDeps } from '../../adapters/fleet/fleetDeps';
import type { FleetDeps } from '../../app/fleet/types';
import type { Logger } from '../../core/ports/logger';
import type { LwContext } from '../context';
import { UserError } from '../notify';
import { localWorkspaceFolders } from '../planUris';
import { editorRunOptions, runSettings } from '../run/settings';

export interface FleetTarget {
  readonly repoRoot: string;
  /** Built on first use: the engine and git ports are not needed to answer "which repository". */
  deps(): FleetDeps;
}

/**
 * The repository whose fleet the commands act on: the first workspace folder inside a git repository with an
 * `.lw_coder` folder (the one the Plans view shows first), else the first repository at all. Deps as Run Plan
 * Headless builds them, so the workers' runs get the same settings (base image, CA bundle).
 */
export async function fleetTarget(ctx: LwContext, logger: Logger): Promise<FleetTarget> {
  const folders = localWorkspaceFolders();
  const hasLw = (folder: vscode.WorkspaceFolder): Thenable<boolean> => vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, '.lw_coder')).then(() => true, () => false);
  if (!vscode.workspace.isTrusted) {
    // No git in an untrusted workspace (Repositories): the terminals only read .lw_coder/state and run directories.
    for (const folder of folders) if (await hasLw(folder)) return targetOf(ctx, folder.uri.fsPath, logger);
    throw new UserError('No workspace folder has an .lw_coder folder, so there is no fleet to show.');
  }
  let fallback: string | undefined;
  for (const folder of folders) {
    const repo = await ctx.repositories.forFolder(folder.uri.fsPath);
    if (!repo) continue;
    fallback ??= repo.repoRoot;
    if (await hasLw(folder)) return targetOf(ctx, repo.repoRoot, logger);
  }
  if (fallback) return targetOf(ctx, fallback, logger);
  throw new UserError('Open a folder inside a git repository to run workers: the fleet works on a repository\'s task queue (.lw_coder/state/).');
}

function targetOf(ctx: LwContext, repoRoot: string, logger: Logger): FleetTarget {
  let deps: FleetDeps | undefined;
  return {
    repoRoot,
    deps: () => (deps ??= createFleetDeps(repoRoot, editorRunOptions(ctx.extension, runSettings(), logger))),
  };
}
