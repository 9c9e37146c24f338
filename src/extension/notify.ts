import * as vscode from 'vscode';
import type { Logger } from '../core/ports/logger';

const OPEN_OUTPUT = 'Open Output';

/**
 * A failure caused by the user's input or files, whose message already says how to fix it: logged as a warning
 * without a stack, since the stack would only bury the fix.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** UserError, and the core's errors of the same kind (they carry their fix in the message). */
const EXPECTED_ERRORS = new Set(['UserError', 'PlanEditError', 'PlanNotFoundError', 'SessionRunningError']);

/** Cancellation is a sentinel, never an error the user sees (CONVENTIONS 10). */
export function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'AbortError');
}

/**
 * A user action failed: log it with its stack and tell the user where they look, with a way to the log. The
 * notification is not awaited: a handler must not hang until the user dismisses it.
 */
export function reportFailure(logger: Logger, showLog: () => void, action: string, error: unknown): void {
  if (isCancellation(error)) return;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && EXPECTED_ERRORS.has(error.name)) logger.warn(`${action}: ${message}`);
  else logger.error(error instanceof Error ? error : `${action} failed: ${message}`);
  void vscode.window.showErrorMessage(`LW Coder: ${action} failed. ${message}`, OPEN_OUTPUT).then((choice) => {
    if (choice === OPEN_OUTPUT) showLog();
  });
}
