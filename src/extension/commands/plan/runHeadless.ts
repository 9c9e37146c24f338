import * as vscode from 'vscode';
import { COMMAND_IDS } from '../ids';
import type { HeadlessEvent } from '../../../app/run/runHeadlessTypes';
import { AGENT_IDS, type AgentId } from '../../../core/agent/backend';
import type { Logger } from '../../../core/ports/logger';
import type { LwContext } from '../../context';
import { loadRun } from '../../lazy';
import { UserError } from '../../notify';
import { resolvePlanArgument } from '../../planUris';
import { openFeedback } from '../../run/headlessFeedback';
import { describeHeadlessEvent } from '../../run/headlessEvents';
import { announceHeadlessOutcome } from '../../run/headlessOutcome';
import { editorRunOptions, headlessSettings, runSettings } from '../../run/settings';
import { allowDangerousRunArgsModal, confirmCredentialsModal, confirmEndpointModal, userModelSetting } from '../../run/choices';
import { secretLookupOf } from '../../secrets';
import { optionOf } from '../args';
import { runNotice, type RunOutcome } from './runNotice';


/** What `lwCoder.plan.runHeadless` resolves to with `wait: true` (tests, scripts). */
export interface HeadlessRunResult {
  readonly ran: true;
  readonly planId: string;
  /** The agent that ran: the argument's, the setting's, or `[headless] agent` from config.toml. */
  readonly agent: AgentId;
  readonly runDir: string;
  readonly ok: boolean;
  /** The plan's status after the run: implemented after a success; its status from before after exit 0 without a change; else coding. */
  readonly status: string;
  /** Why the run failed (empty on success). */
  readonly reasons: readonly string[];
  readonly attempts: number;
  readonly cancelled: boolean;
}

/**
 * lwCoder.plan.runHeadless [plan|tree node|{ uri, wait, agent, model, promptSource, cancellation, acceptCredentials }]: the plan's agent
 * CLI runs unattended in its container (issue 6). The agent is the argument's, else lwCoder.headless.agent, else
 * config.toml's `[headless] agent` (codex by default); model, provider and attempts come from `[headless]`. A
 * cancellable progress notification follows the stages and attempts, the log gets every agent event, the feedback
 * panel opens as soon as the run directory exists and follows the run live, and a notification with the next step
 * ends it. Without `wait` the command returns at once; `wait: true` returns the outcome. `cancellation` (a
 * CancellationToken, for scripts and tests) cancels like the notification's button; `acceptCredentials: true` (scripts
 * and tests) allows the credentials list without the modal. Untrusted workspaces keep the
 * "trust first" notice: nothing runs there.
 */
export function runPlanHeadless(ctx: LwContext) {
  const untrusted = runNotice('headless');
  const logger = ctx.logger('headless');
  return async (arg?: unknown): Promise<HeadlessRunResult | RunOutcome | undefined> => {
    if (!vscode.workspace.isTrusted) return untrusted(arg);
    const uri = resolvePlanArgument(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a plan (a markdown file in .lw_coder/tasks/) to run it headless.');
      return undefined;
    }
    const agent = agentOf(arg);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const repo = folder ? await ctx.repositories.forFolder(folder.uri.fsPath) : undefined;
    if (!repo) throw new UserError(`${vscode.workspace.asRelativePath(uri)} is not inside a git repository of this workspace.`);
    const run = execute(ctx, logger, uri, repo.repoRoot, agent, arg);
    if (optionOf<boolean>(arg, 'wait') === true) return run;
    // Failures are reported here because nobody awaits the run.
    const useTemplates = (): unknown => vscode.commands.executeCommand(COMMAND_IDS.planRunHeadless, { ...(typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {}), uri, promptSource: 'templates' });
    run.catch((error: unknown) => ctx.reportFailure('Run Plan Headless', error, { useTemplates }));
    return undefined;
  };
}

/**
 * The argument's `agent`, else lwCoder.headless.agent; undefined lets config.toml's `[headless] agent` decide. A wrong
 * name says where it came from.
 */
function agentOf(arg: unknown): AgentId | undefined {
  const fromArg = optionOf<unknown>(arg, 'agent');
  const fromSetting = headlessSettings().agent;
  if (fromArg === undefined && fromSetting === undefined) return undefined;
  const [value, source] = fromArg !== undefined ? [fromArg, 'The agent argument'] : [fromSetting, 'The setting lwCoder.headless.agent'];
  if (!(AGENT_IDS as readonly unknown[]).includes(value)) throw new UserError(`${source} is '${String(value)}': use one of ${AGENT_IDS.join(', ')}.`);
  return value as AgentId;
}

async function execute(ctx: LwContext, logger: Logger, uri: vscode.Uri, repoRoot: string, chosenAgent: AgentId | undefined, arg: unknown): Promise<HeadlessRunResult> {
  const chunk = await loadRun();
  const plan = await chunk.resolvePlanArgument(uri.fsPath, repoRoot, repoRoot, { files: chunk.createPlanFilesPort(), git: chunk.createPlanGitPort(repoRoot), repoRoot });
  const planId = plan.validated?.fields.planId ?? plan.relativePath;
  const settings = runSettings();
  const { timeoutMs } = headlessSettings();
  const deps = chunk.createRunPlanDeps(repoRoot, editorRunOptions(ctx.extension, settings, logger));
  // Named in the title before the run starts; a broken config.toml leaves it unnamed and runHeadless reports the errors.
  let agent: string | undefined = chosenAgent ?? (await chunk.loadRepoConfig(repoRoot, deps.textFiles)).config?.headless.agent;
  const modelArg = optionOf<unknown>(arg, 'model');
  const model = typeof modelArg === 'string' && modelArg.trim() ? modelArg.trim() : undefined;

  const controller = new AbortController();
  let report: (message: string) => void = () => {};
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `LW Coder: ${planId} headless${agent ? ` (${agent})` : ''}`, cancellable: true },
    (progress, token) => {
      report = (message) => progress.report({ message });
      const cancel = token.onCancellationRequested(() => {
        logger.info(`${planId}: cancelled by the user; stopping the agent's container`);
        controller.abort();
      });
      return done.finally(() => cancel.dispose());
    },
  );
  const external = optionOf<Partial<vscode.CancellationToken>>(arg, 'cancellation');
  const externalCancel = typeof external?.onCancellationRequested === 'function'
    ? external.onCancellationRequested(() => {
      logger.info(`${planId}: cancelled by the caller; stopping the agent's container`);
      controller.abort();
    })
    : undefined;
  if (external?.isCancellationRequested === true) controller.abort();

  const onEvent = (event: HeadlessEvent): void => {
    if (event.type === 'attempt-started') agent = event.agent;
    const line = describeHeadlessEvent(event, agent ?? 'agent');
    if (line) {
      logger[line.level](`${planId}: ${line.text}`);
      if (line.progress) report(line.text);
    }
    if (event.type === 'run-dir') {
      void ctx.runs.refresh();
      void openFeedback(event.runDir, logger);
    }
  };

  logger.info(`${planId}: headless run with ${agent ?? 'the configured agent'}${model ? ` (model ${model})` : ''}${settings.agentCommand ? ' (lwCoder.agent.command replaces the agent CLI)' : ''}`);
  try {
    const promptSource = optionOf<'model' | 'templates' | 'auto'>(arg, 'promptSource') ?? 'auto';
    const result = await chunk.runHeadless({ ...deps, runFiles: chunk.createHeadlessRunFiles() }, {
      repoRoot,
      plan,
      ...(chosenAgent ? { agent: chosenAgent } : {}),
      ...(model ? { model } : {}),
      ...(settings.openRouterBaseUrl ? { userBaseUrl: settings.openRouterBaseUrl } : {}),
      processEnv: process.env,
      userModel: userModelSetting(settings),
      promptSource,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(settings.agentCommand ? { agentCommandOverride: settings.agentCommand } : {}),
      secretLookup: secretLookupOf(ctx.extension.secrets),
      confirmEndpoint: confirmEndpointModal,
      allowDangerousRunArgs: allowDangerousRunArgsModal,
      confirmCredentials: confirmCredentialsModal,
      ...(optionOf<boolean>(arg, 'acceptCredentials') === true ? { acceptCredentials: true } : {}),
      onEvent,
      signal: controller.signal,
      owner: 'editor',
    });
    const o = result.outcome;
    const cancelled = !o.ok && o.kind === 'cancelled';
    const reasons = o.ok ? [] : o.reasons;
    announceHeadlessOutcome({ planId: result.planId, planUri: uri, runDir: result.runDir, ok: o.ok, cancelled, reasons }, logger);
    return { ran: true, planId: result.planId, agent: o.agent, runDir: result.runDir, ok: o.ok, status: result.status, reasons, attempts: o.attempts, cancelled };
  } finally {
    externalCancel?.dispose();
    finished();
    void ctx.runs.refresh();
    void ctx.plans.refresh();
  }
}
