import * as vscode from 'vscode';
import type { Logger } from '../../core/ports/logger';
import { COMMAND_IDS } from '../commands/ids';
import { openFeedback } from './headlessFeedback';

export const SHOW_FEEDBACK = 'Show Feedback';
export const OPEN_WORKTREE = 'Open Worktree';
export const OPEN_RUN_DIRECTORY = 'Open Run Directory';

export interface HeadlessOutcomeNotice {
  readonly planId: string;
  readonly planUri: vscode.Uri;
  readonly runDir: string;
  readonly ok: boolean;
  readonly cancelled: boolean;
  readonly reasons: readonly string[];
}

/** The notification text for a finished headless run (exported so tests and the report name the same words). */
export function outcomeMessage(n: Pick<HeadlessOutcomeNotice, 'planId' | 'ok' | 'cancelled' | 'reasons'>): string {
  if (n.ok) return `${n.planId}: headless run succeeded — plan implemented`;
  if (n.cancelled) return `${n.planId}: headless run cancelled — the container was stopped; the plan stays coding`;
  return `${n.planId}: headless run failed — ${n.reasons.join('; ') || 'no reason recorded (see result.json)'}`;
}

/**
 * Tells the user (and the log) how a headless run ended, with the next step as buttons. Not awaited by the command:
 * the run's caller must not wait for the user to dismiss a notification.
 */
export function announceHeadlessOutcome(n: HeadlessOutcomeNotice, logger: Logger): void {
  const message = outcomeMessage(n);
  // The log keeps what the notification said, with the run directory the buttons lead to.
  logger[n.ok || n.cancelled ? 'info' : 'warn'](`${message} (run directory ${n.runDir})`);
  const shown = n.ok
    ? vscode.window.showInformationMessage(message, SHOW_FEEDBACK, OPEN_WORKTREE)
    : n.cancelled
      ? vscode.window.showInformationMessage(message, OPEN_RUN_DIRECTORY)
      : vscode.window.showErrorMessage(message, SHOW_FEEDBACK, OPEN_RUN_DIRECTORY);
  void shown.then(async (choice) => {
    if (choice === SHOW_FEEDBACK) {
      // Without the panel, result.json is the next best view of the outcome.
      if (!(await openFeedback(n.runDir, logger))) await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.Uri.file(n.runDir), 'result.json'));
    } else if (choice === OPEN_WORKTREE) await vscode.commands.executeCommand(COMMAND_IDS.worktreeOpen, n.planUri);
    else if (choice === OPEN_RUN_DIRECTORY) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(n.runDir));
  }).then(undefined, (error: unknown) => logger.warn(`${n.planId}: ${error instanceof Error ? error.message : String(error)}`));
}
