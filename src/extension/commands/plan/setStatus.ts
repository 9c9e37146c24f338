import * as vscode from 'vscode';
import { PLAN_STATUSES, type PlanStatus } from '../../../core/plan/types';
import type { LwContext } from '../../context';
import { loadPlanApp } from '../../lazy';
import { UserError } from '../../notify';
import { openDocumentAt } from '../../openDocuments';
import { resolvePlanArgument } from '../../planUris';

const DESCRIPTIONS: Readonly<Record<PlanStatus, string>> = {
  draft: 'being written; git_sha may still be zeros',
  ready: 'complete and ready to run',
  coding: 'an agent is working on it',
  implemented: 'the agent finished; awaiting review',
  done: 'reviewed and merged',
  abandoned: 'will not be done',
};

export interface SetStatusResult {
  readonly uri: vscode.Uri;
  readonly status: PlanStatus;
  /** 'editor' when an unsaved editor got the edit (left unsaved), 'file' when the file was rewritten. */
  readonly wrote: 'editor' | 'file';
}

function parseStatus(value: unknown): PlanStatus | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  const status = PLAN_STATUSES.find((s) => s === lower);
  if (!status) throw new UserError(`'${value}' is not a plan status: use one of ${PLAN_STATUSES.join(', ')}.`);
  return status;
}

/**
 * lwCoder.plan.setStatus [uri] [status]: changes only the status value's bytes (setFrontMatterValue). An open editor
 * with unsaved changes gets a WorkspaceEdit instead, so the user's unsaved text is neither lost nor saved behind
 * their back.
 */
export function setPlanStatus(ctx: LwContext) {
  const logger = ctx.logger('set-status');
  return async (arg?: unknown, statusArg?: unknown): Promise<SetStatusResult | undefined> => {
    const uri = resolvePlanArgument(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a plan (a markdown file in .lw_coder/tasks/) to set its status.');
      return undefined;
    }
    let status = parseStatus(statusArg);
    if (!status) {
      const picked = await vscode.window.showQuickPick(
        PLAN_STATUSES.map((s) => ({ label: s, description: DESCRIPTIONS[s] })),
        { title: `Set status of ${vscode.workspace.asRelativePath(uri)}`, placeHolder: 'New status' },
      );
      if (!picked) return undefined;
      status = picked.label;
    }
    const edit = await loadPlanApp();
    const document = openDocumentAt(uri.fsPath);
    let wrote: SetStatusResult['wrote'];
    if (document?.isDirty) {
      const { parsePlan } = edit;
      const change = edit.setValueEdit(parsePlan(document.getText()), 'status', status);
      const workspaceEdit = new vscode.WorkspaceEdit();
      const { start, end } = change.range;
      workspaceEdit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), change.newText);
      if (!(await vscode.workspace.applyEdit(workspaceEdit))) throw new UserError(`VS Code refused the edit to ${vscode.workspace.asRelativePath(uri)}; save or close the editor and try again.`);
      wrote = 'editor';
    } else {
      const text = await ctx.files.readText(uri.fsPath);
      await ctx.files.writeTextAtomic(uri.fsPath, edit.setFrontMatterValue(text, 'status', status));
      wrote = 'file';
    }
    logger.info(`${vscode.workspace.asRelativePath(uri)}: status ${status} (${wrote})`);
    void ctx.plans.refresh();
    return { uri, status, wrote };
  };
}
