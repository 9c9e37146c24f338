import * as vscode from 'vscode';
import { COMMAND_IDS } from '../ids';
import type { RunPlanEvent } from '../../../app/run/runPlanTypes';
import type { LwContext } from '../../context';
import { loadRun } from '../../lazy';
import { UserError } from '../../notify';
import { resolvePlanArgument } from '../../planUris';
import { describeRunEvent } from '../../run/events';
import { SessionTerminal } from '../../run/sessionTerminal';
import { editorRunOptions, runSettings } from '../../run/settings';
import { allowDangerousRunArgsModal, confirmCredentialsModal, confirmEndpointModal, userModelSetting } from '../../run/choices';
import { secretLookupOf } from '../../secrets';
import { optionOf } from '../args';
import { runNotice, type RunOutcome } from './runNotice';
import { elsewhereMessage, isRunningElsewhere, LiveSessions, type RunningElsewhere } from '../../run/liveSessions';
import { announceSessionEnd } from '../../run/sessionEnd';


export interface RunResult {
  readonly ran: true;
  readonly runDir: string;
  readonly exitCode: number;
  /** The plan's status after the run: implemented, coding, or its status from before (exit 0 without a change). */
  readonly status: string;
  readonly cancelled: boolean;
  /** Whether the worktree changed during the run (undefined: git could not tell). */
  readonly worktreeChanged: boolean | undefined;
  /** The agent image (`lw_coder_droid:<repo_hash>`). */
  readonly image: string;
}

/**
 * lwCoder.plan.run [plan|{ uri, wait, promptSource, acceptCredentials }]: the plan's agent in a container attached to an integrated
 * terminal named after the plan (issue 5). Preparation (worktree, prompts, images) shows in a cancellable progress
 * notification and the log; the terminal carries the session. Without `wait` the command returns once the run started
 * so the CodeLens does not hold a promise for the whole session; `wait: true` (tests, scripts) returns the outcome.
 * Untrusted workspaces keep the "trust first" notice: nothing runs there. A plan whose session already runs is not
 * started again: its terminal is shown when the session is this window's, and otherwise the user is told where it runs
 * (`{ ran: false, reason: 'already-running' }`).
 */
export function runPlanCommand(ctx: LwContext) {
  const untrusted = runNotice('interactive');
  const logger = ctx.logger('run');
  const live = new LiveSessions();
  return async (arg?: unknown): Promise<RunResult | RunOutcome | undefined> => {
    if (!vscode.workspace.isTrusted) return untrusted(arg);
    const uri = resolvePlanArgument(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a plan (a markdown file in .lw_coder/tasks/) to run it.');
      return undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const repo = folder ? await ctx.repositories.forFolder(folder.uri.fsPath) : undefined;
    if (!repo) throw new UserError(`${vscode.workspace.asRelativePath(uri)} is not inside a git repository of this workspace.`);
    const run = execute(ctx, logger, live, uri, repo.repoRoot, arg);
    if (optionOf<boolean>(arg, 'wait') === true) return run;
    // Failures are reported here because nobody awaits the run.
    const useTemplates = (): unknown => vscode.commands.executeCommand(COMMAND_IDS.planRun, { ...(typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {}), uri, promptSource: 'templates' });
    run.catch((error: unknown) => ctx.reportFailure('Run Plan', error, { useTemplates }));
    return undefined;
  };
}

async function execute(ctx: LwContext, logger: ReturnType<LwContext['logger']>, live: LiveSessions, uri: vscode.Uri, repoRoot: string, arg: unknown): Promise<RunResult | RunOutcome> {
  const chunk = await loadRun();
  const plan = await chunk.resolvePlanArgument(uri.fsPath, repoRoot, repoRoot, { files: chunk.createPlanFilesPort(), git: chunk.createPlanGitPort(repoRoot), repoRoot });
  const planId = plan.validated?.fields.planId ?? plan.relativePath;
  const settings = runSettings();
  const deps = chunk.createRunPlanDeps(repoRoot, editorRunOptions(ctx.extension, settings, logger));

  // Checked before anything is created: a running session is shown (this window) or named (elsewhere), never doubled.
  // The claim is read first; the window's own terminals are checked after the last await, right before registering
  // ours, so two quick clicks cannot both pass.
  const running = await chunk.runningSession(deps.worktree, planId);
  const ours = live.get(repoRoot, planId);
  if (ours) {
    ours.show();
    logger.info(`${planId} is already running in this window: showing its terminal`);
    return { ran: false, reason: 'already-running', message: `${planId} is already running in this window.`, plan: uri.fsPath, terminal: ours.name };
  }
  if (running) return refuseElsewhere(logger, running, deps.worktree.process.hostname, uri);

  const controller = new AbortController();
  const pty = new SessionTerminal(() => controller.abort());
  const terminal = vscode.window.createTerminal({ name: `LW Coder: ${planId}`, pty, iconPath: new vscode.ThemeIcon('rocket') });
  const forget = live.add(repoRoot, planId, terminal);
  terminal.show();

  let sessionStarted!: () => void;
  const preparing = new Promise<void>((resolve) => (sessionStarted = resolve));
  let report: (message: string) => void = () => {};
  const onEvent = (event: RunPlanEvent): void => {
    const line = describeRunEvent(event);
    if (line) {
      if (line.warning) logger.warn(line.text);
      else logger.info(line.text);
      pty.note(line.warning ? `warning: ${line.text}` : line.text);
      report(line.text);
    }
    if (event.type === 'container' && event.event.type === 'container-started') sessionStarted();
    if (event.type === 'session-ended') announceSessionEnd(event, logger);
  };
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `LW Coder: running ${planId}`, cancellable: true },
    (progress, token) => {
      report = (message) => progress.report({ message });
      const cancel = token.onCancellationRequested(() => controller.abort());
      return preparing.finally(() => cancel.dispose());
    },
  );

  try {
    const initialSize = await pty.initialSize();
    const promptSource = optionOf<'model' | 'templates' | 'auto'>(arg, 'promptSource') ?? 'auto';
    const result = await chunk.runPlan(deps, {
      repoRoot,
      plan,
      processEnv: process.env,
      userModel: userModelSetting(settings),
      promptSource,
      ...(settings.openRouterBaseUrl ? { userBaseUrl: settings.openRouterBaseUrl } : {}),
      ...(settings.agentCommand ? { agentCommandOverride: settings.agentCommand } : {}),
      secretLookup: secretLookupOf(ctx.extension.secrets),
      confirmEndpoint: confirmEndpointModal,
      allowDangerousRunArgs: allowDangerousRunArgsModal,
      confirmCredentials: confirmCredentialsModal,
      ...(optionOf<boolean>(arg, 'acceptCredentials') === true ? { acceptCredentials: true } : {}),
      attach: pty.attach,
      ...(initialSize ? { initialSize } : {}),
      onEvent,
      signal: controller.signal,
      owner: 'editor',
    });
    logger.info(`${result.planId}: ${result.cancelled ? 'cancelled' : `the agent exited with ${result.exitCode}`}; plan ${result.status}; run directory ${result.runDir}`);
    return { ran: true, runDir: result.runDir, exitCode: result.exitCode, status: result.status, cancelled: result.cancelled, worktreeChanged: result.worktreeChanged, image: result.image };
  } catch (error) {
    // Another process claimed the plan between the check above and the run's own claim: nothing was started.
    if (isRunningElsewhere(error)) {
      terminal.dispose();
      return refuseElsewhere(logger, error, deps.worktree.process.hostname, uri);
    }
    pty.note(`LW Coder: the run failed: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  } finally {
    forget();
    sessionStarted();
    void ctx.runs.refresh();
    void ctx.plans.refresh();
  }
}

/** The session runs in another process (or, headless, in this one): say where, in the editor's words, and start nothing. */
function refuseElsewhere(logger: ReturnType<LwContext['logger']>, running: Omit<RunningElsewhere, 'name'>, localHost: string, uri: vscode.Uri): RunOutcome {
  const message = elsewhereMessage(running, localHost);
  logger.info(message);
  void vscode.window.showInformationMessage(message);
  return { ran: false, reason: 'already-running', message, plan: uri.fsPath };
}
