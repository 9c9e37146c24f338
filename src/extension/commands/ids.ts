/**
 * Every command the extension registers, in one table (PR-GitHub's check-commands, GitLens' id union). package.json
 * `contributes.commands` must list exactly these: test/vscode/commands.test.ts checks both directions.
 */
export const COMMAND_IDS = {
  workspaceInit: 'lwCoder.workspace.init',
  planNew: 'lwCoder.plan.new',
  planNewWithAgent: 'lwCoder.plan.newWithAgent',
  planValidate: 'lwCoder.plan.validate',
  planValidateAll: 'lwCoder.plan.validateAll',
  planRun: 'lwCoder.plan.run',
  planRunHeadless: 'lwCoder.plan.runHeadless',
  planSetStatus: 'lwCoder.plan.setStatus',
  planOpen: 'lwCoder.plan.open',
  plansRefresh: 'lwCoder.plans.refresh',
  worktreeOpen: 'lwCoder.worktree.open',
  worktreeRemove: 'lwCoder.worktree.remove',
  salvageRestore: 'lwCoder.salvage.restore',
  secretsSetOpenRouterKey: 'lwCoder.secrets.setOpenRouterKey',
  secretsClearOpenRouterKey: 'lwCoder.secrets.clearOpenRouterKey',
  promptsGenerate: 'lwCoder.prompts.generate',
  runsRefresh: 'lwCoder.runs.refresh',
  runsShowFeedback: 'lwCoder.runs.showFeedback',
  logShow: 'lwCoder.log.show',
  fleetStart: 'lwCoder.fleet.start',
  fleetStop: 'lwCoder.fleet.stop',
  fleetStopWorker: 'lwCoder.fleet.stopWorker',
  fleetShowWorkerTerminal: 'lwCoder.fleet.showWorkerTerminal',
  fleetShowTerminals: 'lwCoder.fleet.showTerminals',
  commandsRun: 'lwCoder.commands.run',
  commandsRefresh: 'lwCoder.commands.refresh',
  commandsOpenDefinition: 'lwCoder.commands.openDefinition',
  sessionsOpenArtifacts: 'lwCoder.sessions.openArtifacts',
  workersRefresh: 'lwCoder.workers.refresh',
  fleetAddToQueue: 'lwCoder.fleet.addToQueue',
  fleetAddDependency: 'lwCoder.fleet.addDependency',
  fleetChangePriority: 'lwCoder.fleet.changePriority',
  fleetRemoveTask: 'lwCoder.fleet.removeTask',
  fleetRetryTask: 'lwCoder.fleet.retryTask',
  fleetOpenWorkerWorktree: 'lwCoder.fleet.openWorkerWorktree',
  fleetShowWorkerFeedback: 'lwCoder.fleet.showWorkerFeedback',
  fleetShowDashboard: 'lwCoder.fleet.showDashboard',
} as const;

export type CommandKey = keyof typeof COMMAND_IDS;
export type CommandId = (typeof COMMAND_IDS)[CommandKey];

/** VS Code's own commands we call; named here so a typo is caught once. */
export const BUILTIN_COMMANDS = {
  manageTrust: 'workbench.trust.manage',
  showProblems: 'workbench.actions.view.problems',
  setContext: 'setContext',
  openSettings: 'workbench.action.openSettings',
} as const;
