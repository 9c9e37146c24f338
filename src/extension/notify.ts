import * as vscode from 'vscode';
import type { Logger } from '../core/ports/logger';
import { BUILTIN_COMMANDS, COMMAND_IDS } from './commands/ids';
import { ACTION_TITLES, editorFailureOf, ENDPOINT_SETTING, MODEL_SETTING, type EditorAction } from './editorFailures';

/**
 * A failure caused by the user's input or files, whose message already says how to fix it: logged as a warning
 * without a stack, since the stack would only bury the fix.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Cancellation is a sentinel, never an error the user sees (CONVENTIONS 10). */
export function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'AbortError');
}

/** What a failure notification can offer beyond its text; without `useTemplates`, no "Use Templates" button. */
export interface FailureRemedies {
  /** Redo the action with the built-in prompt templates. */
  readonly useTemplates?: () => unknown;
}

/**
 * A user action failed: tell the user where they look, in the editor's words (settings, commands, buttons — never a
 * CLI flag), with the buttons that fix it. Expected failures (network, endpoint, the user's files) log one line;
 * defects log their stack. The notification is not awaited: a handler must not hang until the user dismisses it.
 */
export function reportFailure(logger: Logger, showLog: () => void, action: string, error: unknown, remedies: FailureRemedies = {}): void {
  if (isCancellation(error)) return;
  const failure = editorFailureOf(error, remedies.useTemplates !== undefined);
  const raw = error instanceof Error ? error.message : String(error);
  if (failure.expected) logger.warn(`${action}: ${raw.split('\n')[0] ?? raw}`);
  else logger.error(error instanceof Error ? error : `${action} failed: ${raw}`);
  const actions = failure.actions.includes('open-output') ? failure.actions : [...failure.actions, 'open-output' as const];
  void vscode.window.showErrorMessage(`LW Coder: ${action} failed. ${failure.message}`, ...actions.map((a) => ACTION_TITLES[a])).then((choice) => {
    const picked = actions.find((a) => ACTION_TITLES[a] === choice);
    if (picked) runAction(picked, showLog, remedies);
  });
}

function runAction(action: EditorAction, showLog: () => void, remedies: FailureRemedies): void {
  switch (action) {
    case 'open-output': showLog(); return;
    case 'set-api-key': void vscode.commands.executeCommand(COMMAND_IDS.secretsSetOpenRouterKey); return;
    case 'open-model-setting': void vscode.commands.executeCommand(BUILTIN_COMMANDS.openSettings, MODEL_SETTING); return;
    case 'open-endpoint-setting': void vscode.commands.executeCommand(BUILTIN_COMMANDS.openSettings, ENDPOINT_SETTING); return;
    case 'use-templates': void remedies.useTemplates?.(); return;
  }
}
