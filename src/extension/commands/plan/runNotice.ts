import * as vscode from 'vscode';
import { BUILTIN_COMMANDS } from '../ids';
import { resolvePlanArgument } from '../../planUris';

export const UNTRUSTED_MESSAGE = 'LW Coder does not run agents in an untrusted workspace: trust the workspace first.';
export const NOT_AVAILABLE_MESSAGE = 'Running plans arrives with the container runner (issue 5/6); not available in this version.';
const MANAGE_TRUST = 'Manage Workspace Trust';

export interface RunOutcome {
  readonly ran: false;
  /** already-running: the plan's session runs already (shown when it is this window's, else named). */
  readonly reason: 'untrusted' | 'not-available' | 'already-running';
  readonly message: string;
  readonly plan?: string;
  /** The name of the terminal that was shown instead (already-running, in this window). */
  readonly terminal?: string;
}

/**
 * Run Plan and Run Plan Headless until the container runner lands: an honest notice, never a fake run. The notice is
 * not awaited, so the command returns at once (tests, CodeLens) while the message stays on screen.
 */
export function runNotice(mode: 'interactive' | 'headless') {
  return (arg?: unknown): RunOutcome => {
    const plan = resolvePlanArgument(arg)?.fsPath;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(UNTRUSTED_MESSAGE, MANAGE_TRUST).then((choice) => {
        if (choice === MANAGE_TRUST) void vscode.commands.executeCommand(BUILTIN_COMMANDS.manageTrust);
      });
      return { ran: false, reason: 'untrusted', message: UNTRUSTED_MESSAGE, ...(plan ? { plan } : {}) };
    }
    const message = mode === 'headless' ? NOT_AVAILABLE_MESSAGE.replace('Running plans', 'Running plans headless') : NOT_AVAILABLE_MESSAGE;
    void vscode.window.showInformationMessage(message);
    return { ran: false, reason: 'not-available', message, ...(plan ? { plan } : {}) };
  };
}
