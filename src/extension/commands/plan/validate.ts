import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import { resolvePlanArgument } from '../../planUris';
import { announce, plural, summarize, validatePaths, type PlanValidationSummary } from './validation';

/**
 * lwCoder.plan.validate [uri]: judges one plan and says so ("valid" or "N problems"). The problems themselves reach
 * the Problems panel through the language server, so the plan is opened (not shown) for the server to diagnose it.
 */
export function validatePlan(ctx: LwContext) {
  return async (arg?: unknown): Promise<PlanValidationSummary | undefined> => {
    const uri = resolvePlanArgument(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a plan (a markdown file in .lw_coder/tasks/) to validate it, or use "Validate All Plans".');
      return undefined;
    }
    await vscode.workspace.openTextDocument(uri);
    ctx.languageClient.ensureStarted('validate command').catch((e: unknown) => ctx.reportFailure('Starting the plan language server', e));
    const [report] = await validatePaths(ctx, [uri]);
    if (!report) return undefined;
    const summary = summarize(report);
    const name = vscode.workspace.asRelativePath(uri);
    const errors = summary.problems.filter((p) => p.severity === 'error').length;
    const first = summary.problems[0];
    announce(
      summary.valid
        ? `${name} is valid${summary.problems.length ? ` (${plural(summary.problems.length, 'warning')})` : ''}.`
        : `${name} has ${plural(errors, 'problem')}${first ? `: line ${first.line}: ${first.message}` : '.'}`,
      !summary.valid,
    );
    void ctx.plans.refresh();
    return summary;
  };
}
