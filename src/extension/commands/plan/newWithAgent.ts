import * as vscode from 'vscode';
import type { RunPlanEvent } from '../../../app/run/runPlanTypes';
import { allowDangerousRunArgsModal, confirmCredentialsModal } from '../../run/choices';
import type { LwContext } from '../../context';
import { loadRun } from '../../lazy';
import { UserError } from '../../notify';
import { tasksFolderOf } from '../../planUris';
import { describeRunEvent } from '../../run/events';
import { SessionTerminal } from '../../run/sessionTerminal';
import { editorRunOptions, runSettings } from '../../run/settings';
import { optionOf } from '../args';
import { pickFolder, planIdInputProblem, usedIds } from './new';
import { runNotice, type RunOutcome } from './runNotice';

/** How many validation problems the notice names; the rest are in the Problems view once the plan is open. */
const SHOWN_PROBLEMS = 3;

export interface NewPlanWithAgentResult {
  readonly planPath: string;
  /** The agent's exit code; null when it wrote no plan (the error names the code). */
  readonly exitCode: number | null;
  readonly valid: boolean;
}

/**
 * lwCoder.plan.newWithAgent [folderUri|{ folderUri, planId, request, wait, acceptCredentials }]: asks for a plan_id and what the plan should
 * achieve, then droid writes `.lw_coder/tasks/<plan_id>.md` in a temporary worktree, in a terminal named after the plan
 * (issue 5 item 5, the twin of `lwc plan new`). The written plan is validated and opened. Without `wait` the command
 * returns once started (the session may last long); `wait: true` (tests, scripts) returns the outcome.
 */
export function newPlanWithAgent(ctx: LwContext) {
  const untrusted = runNotice('interactive');
  const logger = ctx.logger('new-plan-agent');
  return async (arg?: unknown): Promise<NewPlanWithAgentResult | RunOutcome | undefined> => {
    if (!vscode.workspace.isTrusted) return untrusted(undefined);
    const folderUri = arg instanceof vscode.Uri ? arg : optionOf<vscode.Uri>(arg, 'folderUri');
    const folder = await pickFolder(folderUri);
    if (!folder) {
      void vscode.window.showInformationMessage('Open a folder that holds a git repository first, then create a plan.');
      return undefined;
    }
    const repo = await ctx.repositories.forFolder(folder.uri.fsPath);
    if (!repo) throw new UserError(`${folder.name} is not a git repository: the agent writes plans from a commit. Run git init and commit, then try again.`);
    const used = await usedIds(ctx, tasksFolderOf(folder).fsPath);

    let planId = optionOf<string>(arg, 'planId');
    if (planId === undefined) {
      planId = await vscode.window.showInputBox({
        title: 'New Plan with Agent (1/2)',
        prompt: 'plan_id: also the file name, the worktree folder and the git branch of its runs',
        placeHolder: 'e.g. add-login',
        validateInput: (value) => (value.length === 0 ? undefined : planIdInputProblem(value, used)),
        ignoreFocusOut: true,
      });
      if (!planId) return undefined;
    }
    const problem = planIdInputProblem(planId, used);
    if (problem) throw new UserError(problem);
    let request = optionOf<string>(arg, 'request');
    if (request === undefined) {
      request = await vscode.window.showInputBox({
        title: 'New Plan with Agent (2/2)',
        prompt: 'What should the plan achieve? One line; the agent asks for the details in the terminal (empty: tell it there).',
        placeHolder: 'e.g. Users can log in with their GitHub account',
        ignoreFocusOut: true,
      });
      if (request === undefined) return undefined;
    }

    const authoring = execute(ctx, logger, repo.repoRoot, planId, request.trim(), optionOf<boolean>(arg, 'acceptCredentials') === true);
    if (optionOf<boolean>(arg, 'wait') === true) return authoring;
    // Failures are reported here because nobody awaits the session.
    authoring.catch((error: unknown) => ctx.reportFailure('New Plan with Agent', error));
    return undefined;
  };
}

async function execute(ctx: LwContext, logger: ReturnType<LwContext['logger']>, repoRoot: string, planId: string, request: string, acceptCredentials: boolean): Promise<NewPlanWithAgentResult> {
  const chunk = await loadRun();
  const settings = runSettings();
  const deps = chunk.createRunPlanDeps(repoRoot, editorRunOptions(ctx.extension, settings, logger));

  const controller = new AbortController();
  const pty = new SessionTerminal(() => controller.abort());
  const terminal = vscode.window.createTerminal({ name: `LW Coder: new plan ${planId}`, pty, iconPath: new vscode.ThemeIcon('sparkle') });
  terminal.show();

  // The notification covers the preparation (image builds can take minutes); the terminal carries the session.
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
  };
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `LW Coder: new plan ${planId}`, cancellable: true },
    (progress, token) => {
      report = (message) => progress.report({ message });
      const cancel = token.onCancellationRequested(() => controller.abort());
      return preparing.finally(() => cancel.dispose());
    },
  );

  const planPath = vscode.Uri.joinPath(vscode.Uri.file(repoRoot), '.lw_coder', 'tasks', `${planId}.md`).fsPath;
  try {
    const initialSize = await pty.initialSize();
    const result = await chunk.authorPlan(deps, {
      repoRoot,
      planId,
      ...(request ? { request } : {}),
      processEnv: process.env,
      ...(settings.agentCommand ? { agentCommandOverride: settings.agentCommand } : {}),
      allowDangerousRunArgs: allowDangerousRunArgsModal,
      confirmCredentials: confirmCredentialsModal,
      ...(acceptCredentials ? { acceptCredentials: true } : {}),
      attach: pty.attach,
      ...(initialSize ? { initialSize } : {}),
      onEvent,
      signal: controller.signal,
    });
    const valid = result.plan.validated.valid;
    logger.info(`${planId}: the agent exited with ${result.exitCode}; wrote ${result.planPath} (${valid ? 'valid' : 'invalid'})`);
    if (!valid) {
      const errors = result.plan.validated.diagnostics.filter((d) => d.severity === 'error');
      const shown = errors.slice(0, SHOWN_PROBLEMS).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
      const more = errors.length > SHOWN_PROBLEMS ? ` (and ${errors.length - SHOWN_PROBLEMS} more)` : '';
      void vscode.window.showWarningMessage(`The agent wrote ${result.plan.relativePath}, but it is not a valid plan: ${shown.join('; ')}${more}. Fix it in the editor before running it.`);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(result.planPath), { preview: false });
    return { planPath: result.planPath, exitCode: result.exitCode, valid };
  } catch (error) {
    pty.note(`LW Coder: writing the plan failed: ${error instanceof Error ? error.message : String(error)}`);
    // No file is not a crash: the session ran, the agent just wrote nothing. Say so instead of reporting a failure.
    if (error instanceof Error && (error as { code?: unknown }).code === 'plan-not-written') {
      void vscode.window.showWarningMessage(error.message);
      return { planPath, exitCode: null, valid: false };
    }
    throw error;
  } finally {
    sessionStarted();
    void ctx.plans.refresh();
  }
}
