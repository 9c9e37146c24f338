import * as vscode from 'vscode';
import type { Logger } from '../../core/ports/logger';

/**
 * The feedback summary panel's command (registered by the feedback webview; it follows a run live until result.json
 * appears). Named here rather than in COMMAND_IDS so a headless run works, and says why, in a build without the panel.
 */
export const SHOW_FEEDBACK_COMMAND = 'lwCoder.runs.showFeedback';

/**
 * Opens the feedback panel on a run directory. Returns whether it did: a missing or failing panel is logged and never
 * fails the run it belongs to (the run directory holds everything the panel would show).
 */
export async function openFeedback(runDir: string, logger: Logger): Promise<boolean> {
  try {
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes(SHOW_FEEDBACK_COMMAND)) {
      logger.info(`feedback view not available in this build (${SHOW_FEEDBACK_COMMAND} is not registered); the run directory has the record: ${runDir}`);
      return false;
    }
    await vscode.commands.executeCommand(SHOW_FEEDBACK_COMMAND, { runDir });
    logger.info(`feedback view opened for ${runDir}`);
    return true;
  } catch (error) {
    logger.warn(`could not open the feedback view for ${runDir}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
