import * as vscode from 'vscode';
import { createPlanFilesPort } from '../adapters/plans/planFiles';
import type { Logger } from '../core/ports/logger';
import type { PlanFilesPort } from '../core/ports/planFiles';
import { createPlanLanguageClient, type PlanLanguageClient } from './languageClient';
import type { ExtensionLog } from './logger';
import { loadPlanApp } from './lazy';
import { reportFailure } from './notify';
import { localWorkspaceFolders } from './planUris';
import { PlansModel } from './plans/model';
import { Repositories } from './repositories';

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
  readonly languageClient: PlanLanguageClient;
  /** A user action failed: log it and notify with "Open Output". */
  reportFailure(action: string, error: unknown): void;
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
  const languageClient = createPlanLanguageClient(extension, log);
  const failures = log.forComponent('command');
  return {
    extension,
    log,
    logger: (component) => log.forComponent(component),
    files,
    repositories,
    plans,
    languageClient,
    reportFailure: (action, error) => reportFailure(failures, () => log.show(), action, error),
    dispose: () => {
      plans.dispose();
      languageClient.dispose();
    },
  };
}
