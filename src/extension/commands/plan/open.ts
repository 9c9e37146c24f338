import * as vscode from 'vscode';
import { resolvePlanArgument } from '../../planUris';

/** lwCoder.plan.open <uri>: the Plans view's click. A preview editor, like the explorer's single click. */
export function openPlan() {
  return async (arg?: unknown): Promise<vscode.TextEditor | undefined> => {
    const uri = resolvePlanArgument(arg);
    if (!uri) return undefined;
    return vscode.window.showTextDocument(uri, { preview: true });
  };
}
