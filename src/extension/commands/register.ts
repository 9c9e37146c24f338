import * as vscode from 'vscode';
import type { LwContext } from '../context';
import { COMMAND_IDS, type CommandKey } from './ids';
import { showFleetTerminals } from './fleet/showTerminals';
import { showWorkerTerminal } from './fleet/showWorkerTerminal';
import { startFleet } from './fleet/start';
import { stopFleet } from './fleet/stop';
import { openCommandDefinition } from './cmd/openDefinition';
import { refreshCommands } from './cmd/refresh';
import { runCommandCommand } from './cmd/run';
import { stopFleetWorker } from './fleet/stopWorker';
import { showDashboard } from './fleet/showDashboard';
import { showLog } from './log/show';
import { newPlan } from './plan/new';
import { newPlanWithAgent } from './plan/newWithAgent';
import { openPlan } from './plan/open';
import { runPlanCommand } from './plan/run';
import { runPlanHeadless } from './plan/runHeadless';
import { setPlanStatus } from './plan/setStatus';
import { validatePlan } from './plan/validate';
import { validateAllPlans } from './plan/validateAll';
import { refreshPlans } from './plans/refresh';
import { initWorkspace } from './workspace/init';
import { generatePromptsCommand } from './prompts/generate';
import { refreshRuns } from './runs/refresh';
import { showFeedback } from './runs/showFeedback';
import { restoreSalvage } from './salvage/restore';
import { openSessionArtifacts } from './sessions/openArtifacts';
import { clearOpenRouterKey } from './secrets/clearOpenRouterKey';
import { setOpenRouterKey } from './secrets/setOpenRouterKey';
import { openWorktree } from './worktree/open';
import { addDependency } from './fleet/addDependency';
import { addToQueue } from './fleet/addToQueue';
import { changePriority } from './fleet/changePriority';
import { openWorkerWorktree } from './fleet/openWorkerWorktree';
import { removeTask } from './fleet/removeTask';
import { retryTask } from './fleet/retryTask';
import { showWorkerFeedback } from './fleet/showWorkerFeedback';
import { refreshWorkers } from './workers/refresh';
import { removeWorktree } from './worktree/remove';

type Handler = (...args: never[]) => unknown;

/** One handler per command id; the Record type makes a missing handler a compile error. */
const HANDLERS: Readonly<Record<CommandKey, { readonly action: string; readonly create: (ctx: LwContext) => Handler }>> = {
  workspaceInit: { action: 'Initialize LW Coder', create: initWorkspace },
  planNew: { action: 'New Plan', create: newPlan },
  planNewWithAgent: { action: 'New Plan with Agent', create: newPlanWithAgent },
  planValidate: { action: 'Validate Plan', create: validatePlan },
  planValidateAll: { action: 'Validate All Plans', create: validateAllPlans },
  planRun: { action: 'Run Plan', create: runPlanCommand },
  planRunHeadless: { action: 'Run Plan Headless', create: runPlanHeadless },
  planSetStatus: { action: 'Set Plan Status', create: setPlanStatus },
  planOpen: { action: 'Open Plan', create: openPlan },
  plansRefresh: { action: 'Refresh Plans', create: refreshPlans },
  worktreeOpen: { action: 'Open Worktree', create: openWorktree },
  worktreeRemove: { action: 'Remove Worktree', create: removeWorktree },
  salvageRestore: { action: 'Restore Salvage', create: restoreSalvage },
  secretsSetOpenRouterKey: { action: 'Set OpenRouter API Key', create: setOpenRouterKey },
  secretsClearOpenRouterKey: { action: 'Clear OpenRouter API Key', create: clearOpenRouterKey },
  promptsGenerate: { action: 'Generate Prompts', create: generatePromptsCommand },
  runsRefresh: { action: 'Refresh Runs', create: refreshRuns },
  runsShowFeedback: { action: 'Show Feedback Summary', create: showFeedback },
  logShow: { action: 'Show Log', create: showLog },
  fleetStart: { action: 'Start Workers', create: startFleet },
  fleetStop: { action: 'Stop Workers', create: stopFleet },
  fleetStopWorker: { action: 'Stop Worker', create: stopFleetWorker },
  fleetShowWorkerTerminal: { action: 'Show Worker Terminal', create: showWorkerTerminal },
  fleetShowTerminals: { action: 'Show Worker Terminals', create: showFleetTerminals },
  commandsRun: { action: 'Run Command', create: runCommandCommand },
  commandsRefresh: { action: 'Refresh Commands', create: refreshCommands },
  commandsOpenDefinition: { action: 'Open Command Definition', create: openCommandDefinition },
  sessionsOpenArtifacts: { action: 'Open Session Artifacts', create: openSessionArtifacts },
  workersRefresh: { action: 'Refresh Workers', create: refreshWorkers },
  fleetAddToQueue: { action: 'Add to Queue', create: addToQueue },
  fleetAddDependency: { action: 'Add Dependency', create: addDependency },
  fleetChangePriority: { action: 'Change Priority', create: changePriority },
  fleetRemoveTask: { action: 'Remove from Queue', create: removeTask },
  fleetRetryTask: { action: 'Retry Task', create: retryTask },
  fleetOpenWorkerWorktree: { action: 'Open Worktree', create: openWorkerWorktree },
  fleetShowWorkerFeedback: { action: 'Show Feedback Summary', create: showWorkerFeedback },
  fleetShowDashboard: { action: 'Show Fleet Dashboard', create: showDashboard },
};

/**
 * Registers every command. A failing handler is reported where the user looks (notification with "Open Output") and
 * resolves to undefined instead of rejecting, so VS Code does not show a second, less helpful error.
 */
export function registerCommands(ctx: LwContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...(Object.keys(HANDLERS) as CommandKey[]).map((key) => {
      const { action, create } = HANDLERS[key];
      const handler = create(ctx) as (...args: unknown[]) => unknown;
      return vscode.commands.registerCommand(COMMAND_IDS[key], async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          ctx.reportFailure(action, error);
          return undefined;
        }
      });
    }),
  );
}
