import * as vscode from 'vscode';
import type { RunPlanEvent } from '../../app/run/runPlanTypes';
import type { Logger } from '../../core/ports/logger';

type SessionEnded = Extract<RunPlanEvent, { type: 'session-ended' }>;

/** "droid exited without changing the worktree; …" as a sentence on its own. */
export function sessionEndedText(e: Pick<SessionEnded, 'message'>): string {
  return `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`;
}

/**
 * Tells the user how an interactive session ended and what it made of the plan (issue 10): implemented, back to its
 * status from before, still coding, or cancelled — never a bare exit code. Logged too, with the same words, so the
 * log (and the tests reading it) keep what the notification said. Not awaited: nobody waits for a dismissal.
 */
export function announceSessionEnd(e: SessionEnded, logger: Logger): void {
  const text = sessionEndedText(e);
  const failed = !e.cancelled && e.exitCode !== 0;
  logger[failed ? 'warn' : 'info'](`session ended: ${text}`);
  void (failed ? vscode.window.showWarningMessage(`LW Coder: ${text}`) : vscode.window.showInformationMessage(`LW Coder: ${text}`));
}
