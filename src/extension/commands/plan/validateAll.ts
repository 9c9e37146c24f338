import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import { loadPlanApp } from '../../lazy';
import { localWorkspaceFolders, tasksFolderOf } from '../../planUris';
import { announce, plural, summarize, validatePaths, type PlanValidationSummary } from './validation';

/** lwCoder.plan.validateAll: every plan in every workspace folder's `.lw_coder/tasks/`. */
export function validateAllPlans(ctx: LwContext) {
  return async (): Promise<readonly PlanValidationSummary[]> => {
    await loadPlanApp(); // warm before the progress UI shows, so the notification reflects real work only
    const paths = (await Promise.all(localWorkspaceFolders().map((f) => ctx.files.listPlanFiles(tasksFolderOf(f).fsPath)))).flat();
    if (paths.length === 0) {
      void vscode.window.showInformationMessage('No plans to validate: .lw_coder/tasks/ has no markdown files. Create one with "LW Coder: New Plan".');
      return [];
    }
    const reports = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Validating plans' },
      () => validatePaths(ctx, paths.map((p) => vscode.Uri.file(p))),
    );
    const summaries = reports.map(summarize);
    const invalid = summaries.filter((s) => !s.valid);
    // The server publishes every plan's problems, opened or not: starting it fills the Problems panel.
    if (invalid.length > 0) ctx.languageClient.ensureStarted('validate all').catch((e: unknown) => ctx.reportFailure('Starting the plan language server', e));
    const problems = invalid.reduce((n, s) => n + s.problems.filter((p) => p.severity === 'error').length, 0);
    announce(
      invalid.length === 0
        ? summaries.length === 1 ? 'The plan is valid.' : `All ${summaries.length} plans are valid.`
        : `${invalid.length} of ${plural(summaries.length, 'plan')} ${invalid.length === 1 ? 'has' : 'have'} problems (${plural(problems, 'problem')}).`,
      invalid.length > 0,
    );
    void ctx.plans.refresh();
    return summaries;
  };
}
