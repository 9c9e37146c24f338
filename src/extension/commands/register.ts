import * as vscode from 'vscode';
import type { LwContext } from '../context';
import { COMMAND_IDS, type CommandKey } from './ids';
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
import { clearOpenRouterKey } from './secrets/clearOpenRouterKey';
import { setOpenRouterKey } from './secrets/setOpenRouterKey';
import { openWorktree } from './worktree/open';
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
