import * as vscode from 'vscode';
import { commandsSnapshotOf, runsSnapshotOf, snapshotOf, workersSnapshotOf, worktreesSnapshotOf, type LwCoderApi } from './api';
import { pendingArgumentPrompt } from './cmd/askArguments';
import { registerPlanCodeLens } from './codeLens';
import { registerCommandsView } from './cmd/register';
import { registerCommands } from './commands/register';
import { createContext, type LwContext } from './context';
import { shutDownFleet } from './fleet/running';
import { chunkLoads, loadDashboard, loadFleetEditor, loadRuns, onChunkLoaded } from './lazy';
import { registerLanguageClientTriggers } from './languageClient';
import { createExtensionLog } from './logger';
import { isPlanDocument } from './planUris';
import { registerPlansView } from './plans/register';
import { worktreeBadges } from './plans/worktreeModel';
import { recoverInBackground } from './recoverOnStart';
import { registerSettingsLog } from './run/settingsLog';
import { registerRunsView } from './runs/register';
import { OPENROUTER_KEY_SECRET } from './secrets';
import { registerWorkersView } from './workers/register';

let current: LwContext | undefined;

/**
 * Thin on purpose (rust-analyzer's main.ts): build the context, register each feature, measure. Nothing heavy runs
 * here: the plan parser and the language client load on first use (see lazy.ts).
 */
export function activate(extension: vscode.ExtensionContext): LwCoderApi {
  const started = performance.now();
  const log = createExtensionLog();
  extension.subscriptions.push(log);
  const logger = log.forComponent('extension');
  try {
    onChunkLoaded((load) => logger.debug(`chunk ${load.name} loaded in ${Math.round(load.ms * 10) / 10} ms`));
    const ctx = createContext(extension, log);
    current = ctx;
    extension.subscriptions.push(
      ctx,
      registerCommands(ctx),
      registerPlansView(ctx),
      registerRunsView(ctx),
      registerCommandsView(ctx),
      registerWorkersView(ctx),
      registerPlanCodeLens(),
      registerSettingsLog(log.forComponent('settings')),
      registerLanguageClientTriggers(ctx.languageClient, isPlanDocument, (e) => ctx.reportFailure('Starting the plan language server', e)),
      // The server fixes its trust at initialize (no git while untrusted): a new one picks up the granted trust.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        recovered = recoverInBackground(ctx);
        ctx.languageClient.restart('workspace trust granted').catch((e: unknown) => ctx.reportFailure('Restarting the plan language server', e));
      }),
    );
    // After activate() returns: crash recovery runs git, which has no place on the activation path.
    let recovered = recoverInBackground(ctx);
    const activatedAt = performance.now();
    const activationMs = Math.round((activatedAt - started) * 10) / 10;
    logger.info(`activated in ${activationMs} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'})`);
    return {
      activationMs,
      plans: { snapshot: () => snapshotOf(ctx.plans), refreshed: () => ctx.plans.refresh() },
      worktrees: { snapshot: () => worktreesSnapshotOf(ctx.worktrees, worktreeBadges), refreshed: () => ctx.worktrees.refresh() },
      runs: { snapshot: () => runsSnapshotOf(ctx.runs), refreshed: () => ctx.runs.refresh() },
      commands: { snapshot: () => commandsSnapshotOf(ctx.commands), refreshed: () => ctx.commands.refresh(), pendingArgumentPrompt },
      workers: { snapshot: () => workersSnapshotOf(ctx.workers), refreshed: () => ctx.workers.refresh() },
      recovered: () => recovered,
      hasOpenRouterKey: async () => (await extension.secrets.get(OPENROUTER_KEY_SECRET)) !== undefined,
      languageClientReady: () => ctx.languageClient.ensureStarted('API request'),
      recentLog: () => log.recent(),
      chunkLoads: () => chunkLoads().map((l) => ({ name: l.name, ms: l.ms, duringActivation: l.startedAt < activatedAt })),
      feedback: {
        panels: async () => (await loadRuns()).feedbackTraces(),
        receive: async (runDir, message) => (await loadRuns()).deliverToFeedbackPanel(runDir, message),
      },
      fleet: {
        terminals: async () => (chunkLoads().some((l) => l.name === 'fleetEditor') ? (await loadFleetEditor()).fleetTerminalTraces() : []),
      },
      dashboard: {
        panels: async () => (await loadDashboard()).dashboardTraces(),
        receive: async (message) => (await loadDashboard()).deliverToDashboard(message),
      },
    };
  } catch (error) {
    // VS Code shows nothing when activation throws: say it, with the way to the details, then let VS Code record it.
    logger.error(error instanceof Error ? error : String(error));
    void vscode.window.showErrorMessage(`LW Coder failed to start: ${error instanceof Error ? error.message : String(error)}`, 'Open Output').then((choice) => {
      if (choice === 'Open Output') log.show();
    });
    throw error;
  }
}

export async function deactivate(): Promise<void> {
  const ctx = current;
  current = undefined;
  // A supervisor started here stops its workers and releases their tasks before the host goes (fleet/running.ts).
  await Promise.all([ctx?.languageClient.stop(), shutDownFleet()]);
}
