import * as vscode from 'vscode';
import { planIdProblem } from '../../../core/plan/planId';
import { ZERO_SHA } from '../../../core/plan/types';
import type { LwContext } from '../../context';
import { loadPlanApp } from '../../lazy';
import { UserError } from '../../notify';
import { localWorkspaceFolders, tasksFolderOf } from '../../planUris';

/** plan_ids (and file names) already taken in a folder's tasks/, for the input box's live check. */
export async function usedIds(ctx: LwContext, tasksDir: string): Promise<Map<string, string>> {
  await ctx.plans.refresh();
  const used = new Map<string, string>();
  for (const group of ctx.plans.state.groups) {
    for (const plan of group.plans) {
      if (!plan.path.startsWith(tasksDir)) continue;
      if (plan.planId) used.set(plan.planId, plan.relativePath);
      used.set(plan.path.slice(tasksDir.length + 1).replace(/\.md$/i, ''), plan.relativePath);
    }
  }
  return used;
}

export function planIdInputProblem(id: string, used: ReadonlyMap<string, string>): string | undefined {
  const problem = planIdProblem(id);
  if (problem) return problem.message;
  const holder = used.get(id);
  return holder ? `plan_id '${id}' is already used by ${holder}. Choose another.` : undefined;
}

export async function pickFolder(arg: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.getWorkspaceFolder(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  const folders = localWorkspaceFolders();
  if (folders.length <= 1) return folders[0];
  const ofActive = active && vscode.workspace.getWorkspaceFolder(active);
  return ofActive ?? vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the plan in which folder?' });
}

/**
 * lwCoder.plan.new [folderUri] [planId]: asks for a plan_id (checked as you type: pattern, safety, not taken), writes
 * `.lw_coder/tasks/<id>.md` from the template with git_sha = HEAD and status draft, and opens it. A string first
 * argument is taken as the plan_id. Returns the new plan's uri.
 */
export function newPlan(ctx: LwContext) {
  const logger = ctx.logger('new-plan');
  return async (folderArg?: unknown, planIdArg?: unknown): Promise<vscode.Uri | undefined> => {
    const presetId = typeof folderArg === 'string' ? folderArg : typeof planIdArg === 'string' ? planIdArg : undefined;
    const folder = await pickFolder(folderArg);
    if (!folder) {
      void vscode.window.showInformationMessage('Open a folder that holds a git repository first, then create a plan.');
      return undefined;
    }
    const tasks = tasksFolderOf(folder);
    const used = await usedIds(ctx, tasks.fsPath);
    let planId = presetId;
    if (planId === undefined) {
      planId = await vscode.window.showInputBox({
        title: 'New Plan',
        prompt: 'plan_id: also the file name, the worktree folder and the git branch of its runs',
        placeHolder: 'e.g. add-login',
        validateInput: (value) => (value.length === 0 ? undefined : planIdInputProblem(value, used)),
        ignoreFocusOut: true,
      });
      if (!planId) return undefined;
    }
    const problem = planIdInputProblem(planId, used);
    if (problem) throw new UserError(problem);

    const repo = await ctx.repositories.forFolder(folder.uri.fsPath);
    const head = await repo?.git.headSha();
    if (!head) logger.info(`no HEAD commit for ${folder.uri.fsPath}: the new plan starts with a zero git_sha (allowed while draft)`);
    const { renderNewPlan } = await loadPlanApp();
    const text = renderNewPlan({ planId, gitSha: head ?? ZERO_SHA, status: 'draft', createdAt: new Date().toISOString() });
    const uri = vscode.Uri.joinPath(tasks, `${planId}.md`);
    await vscode.workspace.fs.createDirectory(tasks);
    // A file the scan could not read (or made since) is never overwritten.
    const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
    if (exists) throw new UserError(`${vscode.workspace.asRelativePath(uri)} already exists. Choose another plan_id.`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    logger.info(`created ${vscode.workspace.asRelativePath(uri)}`);
    void ctx.plans.refresh();
    await vscode.window.showTextDocument(uri, { preview: false });
    return uri;
  };
}
