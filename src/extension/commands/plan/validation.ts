import * as vscode from 'vscode';
import type { PlanFileReport } from '../../../app/plans';
import type { PlanDiagnostic } from '../../../core/plan/types';
import type { LwContext } from '../../context';
import { loadPlanApp } from '../../lazy';
import { withOpenDocuments } from '../../openDocuments';
import { BUILTIN_COMMANDS } from '../ids';

/** What the validate commands return (to tests and other commands), with 1-based lines like the CLI's `--json`. */
export interface PlanValidationSummary {
  readonly path: string;
  readonly planId: string | null;
  readonly valid: boolean;
  readonly problems: readonly { readonly code: string; readonly severity: string; readonly message: string; readonly line: number }[];
}

export function summarize(report: PlanFileReport): PlanValidationSummary {
  return {
    path: report.path,
    planId: report.validated.fields.planId,
    valid: report.validated.valid,
    problems: report.validated.diagnostics.filter(isProblem).map((d) => ({ code: d.code, severity: d.severity, message: d.message, line: d.range.start.line + 1 })),
  };
}

/** Errors and warnings: what the Problems panel lists by default. Hints (e.g. status case) are not problems. */
function isProblem(d: PlanDiagnostic): boolean {
  return d.severity === 'error' || d.severity === 'warning';
}

/** The workspace folder a plan belongs to; plans outside any folder are judged from their own folder. */
function rootOf(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
}

/** Validates plan files as the editors show them (unsaved text included), with git_sha resolved when trusted. */
export async function validatePaths(ctx: LwContext, uris: readonly vscode.Uri[]): Promise<PlanFileReport[]> {
  const { validatePlanFiles } = await loadPlanApp();
  const byRoot = new Map<string | undefined, vscode.Uri[]>();
  for (const uri of uris) byRoot.set(rootOf(uri), [...(byRoot.get(rootOf(uri)) ?? []), uri]);
  const files = withOpenDocuments(ctx.files);
  const results = await Promise.all(
    [...byRoot].map(async ([root, list]) => {
      const repo = root ? await ctx.repositories.forFolder(root) : undefined;
      return validatePlanFiles(list.map((u) => u.fsPath), { files, ...(repo ? { git: repo.git } : {}), ...(root ? { repoRoot: root } : {}) });
    }),
  );
  return results.flat();
}

/** Shows the outcome without waiting for the user; problems come with a way to the Problems panel. */
export function announce(message: string, hasProblems: boolean): void {
  if (!hasProblems) {
    void vscode.window.showInformationMessage(message);
    return;
  }
  void vscode.window.showWarningMessage(message, 'Open Problems').then((choice) => {
    if (choice === 'Open Problems') void vscode.commands.executeCommand(BUILTIN_COMMANDS.showProblems);
  });
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
