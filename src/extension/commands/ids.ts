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
  fleetShowDashboard: 'lwCoder.fleet.showDashboard',
} as const;

export type CommandKey = keyof typeof COMMAND_IDS;
export type CommandId = (typeof COMMAND_IDS)[CommandKey];

/**
 * Fleet commands the dashboard's buttons run, by id: Start and Stop Workers are their own feature (issue 13 items 2-3);
 * the dashboard reuses their flows instead of a copy, and says so when a build lacks them.
 */
export const FLEET_COMMANDS = { start: 'lwCoder.fleet.start', stop: 'lwCoder.fleet.stop' } as const;

/** VS Code's own commands we call; named here so a typo is caught once. */
export const BUILTIN_COMMANDS = {
  manageTrust: 'workbench.trust.manage',
  showProblems: 'workbench.actions.view.problems',
  setContext: 'setContext',
  openSettings: 'workbench.action.openSettings',
} as const;
