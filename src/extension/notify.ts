import * as vscode from 'vscode';
import type { Logger } from '../core/ports/logger';

const OPEN_OUTPUT = 'Open Output';

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
  logger.error(error instanceof Error ? error : `${action} failed: ${message}`);
  void vscode.window.showErrorMessage(`LW Coder: ${action} failed. ${message}`, OPEN_OUTPUT).then((choice) => {
    if (choice === OPEN_OUTPUT) showLog();
  });
}
