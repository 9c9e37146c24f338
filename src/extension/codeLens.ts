import * as vscode from 'vscode';
import { COMMAND_IDS } from './commands/ids';
import { isPlanUri, PLAN_GLOB } from './planUris';

const TOP = new vscode.Range(0, 0, 0, 0);

/** Validate / Run plan / Run headless at the top of every plan file; nothing on other markdown. */
export class PlanCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // The selector's glob already limits this; the check keeps nested non-plan paths and odd schemes out.
    if (!isPlanUri(document.uri)) return [];
    const uri = document.uri;
    return [
      new vscode.CodeLens(TOP, { title: '$(check) Validate', tooltip: 'Validate this plan', command: COMMAND_IDS.planValidate, arguments: [uri] }),
      new vscode.CodeLens(TOP, { title: '$(play) Run plan', tooltip: 'Run this plan with an interactive agent', command: COMMAND_IDS.planRun, arguments: [uri] }),
      new vscode.CodeLens(TOP, { title: '$(run-all) Run headless', tooltip: 'Run this plan headless', command: COMMAND_IDS.planRunHeadless, arguments: [uri] }),
    ];
  }
}

export function registerPlanCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider({ scheme: 'file', language: 'markdown', pattern: PLAN_GLOB }, new PlanCodeLensProvider());
}
