import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { STATE_DIR_PARTS } from '../core/worktree/layout';
import { createPlanFilesPort } from '../adapters/plans/planFiles';
import type { Logger } from '../core/ports/logger';
import type { PlanFilesPort } from '../core/ports/planFiles';
import { createPlanLanguageClient, type PlanLanguageClient } from './languageClient';
import type { ExtensionLog } from './logger';
import { CommandsModel } from './cmd/model';
import { loadCommands, loadPlanApp, loadRuns, loadWorktrees } from './lazy';
import { reportFailure, type FailureRemedies } from './notify';
import { localWorkspaceFolders } from './planUris';
import { PlansModel } from './plans/model';
import { WorktreeModel } from './plans/worktreeModel';
import { worktreeTargets } from './plans/worktreeTargets';
import { Repositories } from './repositories';
import { RunsModel } from './runs/model';
import { FleetAccess } from './workers/fleetAccess';
import { WorkersModel } from './workers/model';

/**
 * Everything the features share, built once in activate() and handed to each `registerX(ctx)` (rust-analyzer's Ctx).
 * No feature reaches for a global: what it needs is here.
 */
export interface LwContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: ExtensionLog;
  logger(component: string): Logger;
  /** Plan files on disk; validate commands overlay open editors' text on it (see openDocumentsOverlay). */
  readonly files: PlanFilesPort;
  readonly repositories: Repositories;
  readonly plans: PlansModel;
  /** Worktree state under the plans and the salvage refs of the Recover node (trusted workspaces only). */
  readonly worktrees: WorktreeModel;
  /** Run directories per plan (`.lw_coder/runs/`), for the Runs view. */
  readonly runs: RunsModel;
  /** Multi-step commands per folder (`.lw_coder/commands`, `.prj/commands`), for the Commands view and tasks. */
  readonly commands: CommandsModel;
  /** The fleet's queue and workers per repository (`.lw_coder/state/`), for the Workers view and the status bar. */
  readonly workers: WorkersModel;
  /** The fleet's adapters per repository (queue store, fleet state files), built on first use. */
  readonly fleet: FleetAccess;
  readonly languageClient: PlanLanguageClient;
  /** A user action failed: log it and notify in the editor's words, with the buttons that fix it and "Open Output". */
  reportFailure(action: string, error: unknown, remedies?: FailureRemedies): void;
}

export function createContext(extension: vscode.ExtensionContext, log: ExtensionLog): LwContext & vscode.Disposable {
  const files = createPlanFilesPort();
  const repositories = new Repositories(log.forComponent('git'));
  const plans = new PlansModel({
    folders: () => localWorkspaceFolders().map((f) => f.uri.fsPath),
    scan: async (folderPath, signal) => {
      const [{ scanTasksFolder }, repo] = await Promise.all([loadPlanApp(), repositories.forFolder(folderPath)]);
      return scanTasksFolder(folderPath, { files, ...(repo ? { git: repo.git } : {}) }, signal);
    },
    logger: log.forComponent('plans'),
  });
  const worktreeLog = log.forComponent('worktrees');
  const worktrees = new WorktreeModel({
    trusted: () => vscode.workspace.isTrusted,
    targets: () => worktreeTargets(plans.state, repositories),
    statuses: async (target, signal) => {
      const wt = await loadWorktrees();
      return wt.worktreeStatuses(wt.createWorktreeDeps(target.repoRoot, worktreeLog), target.repoRoot, target.plans.map((p) => ({ planId: p.planId, ...(p.base ? { base: p.base } : {}) })), { signal });
    },
    salvage: async (repoRoot, signal) => {
      const wt = await loadWorktrees();
      return wt.listSalvage(wt.createWorktreeDeps(repoRoot, worktreeLog), repoRoot, { signal });
    },
    logger: worktreeLog,
  });
  const runs = new RunsModel({
    folders: () => localWorkspaceFolders().map((f) => f.uri.fsPath),
    // Reads files only (no git), so it works in untrusted workspaces too.
    list: async (folder) => {
      const r = await loadRuns();
      return r.groupRunsByPlan(await r.listRuns(r.createFileRunStore(folder)));
    },
    // Command sessions (.lw_coder/sessions/*/session.json), read files only as well.
    sessions: async (folder) => (await loadCommands()).listSessions(folder),
    logger: log.forComponent('runs'),
  });
  const commands = new CommandsModel({
    folders: () => localWorkspaceFolders().map((f) => f.uri.fsPath),
    load: async (folder) => (await loadCommands()).loadCatalog(folder),
    logger: log.forComponent('commands'),
  });
  const fleet = new FleetAccess(extension);
  const workers = new WorkersModel({
    folders: () => localWorkspaceFolders().map((f) => ({ name: f.name, path: f.uri.fsPath })),
    // Files only (no git, no engine), so it also shows the fleet in an untrusted workspace.
    status: async (folder, signal) => {
      // Reading the store creates its folder: a repository no fleet or queue ever touched is left as it is.
      if (!(await fleetStateExists(folder.path))) return undefined;
      const { chunk, deps } = await fleet.forRepo(folder.path);
      return chunk.fleetStatus(deps, folder.path, { sync: false, signal });
    },
    logger: log.forComponent('workers'),
  });
  const languageClient = createPlanLanguageClient(extension, log);
  const failures = log.forComponent('command');
  return {
    extension,
    log,
    logger: (component) => log.forComponent(component),
    files,
    repositories,
    plans,
    worktrees,
    runs,
    commands,
    workers,
    fleet,
    languageClient,
    reportFailure: (action, error, remedies) => reportFailure(failures, () => log.show(), action, error, remedies),
    dispose: () => {
      plans.dispose();
      worktrees.dispose();
      runs.dispose();
      commands.dispose();
      workers.dispose();
      languageClient.dispose();
    },
  };
}

/** `.lw_coder/state/queue` or `.lw_coder/state/fleet` exists (a queue was filled or a fleet ran here). */
async function fleetStateExists(folder: string): Promise<boolean> {
  const isDir = (path: string): Promise<boolean> => stat(path).then((s) => s.isDirectory(), () => false);
  const found = await Promise.all(['queue', 'fleet'].map((d) => isDir(join(folder, ...STATE_DIR_PARTS, d))));
  return found.some(Boolean);
}
