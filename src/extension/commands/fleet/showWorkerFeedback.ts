import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import { UserError } from '../../notify';
import { COMMAND_IDS } from '../ids';
import { resolveWorkerTarget } from './targets';

/**
 * lwCoder.fleet.showWorkerFeedback [worker row|{ name }]: the feedback summary panel of the worker's current run,
 * following its events as they are written (the panel of Show Feedback Summary in the Runs view).
 */
export function showWorkerFeedback(ctx: LwContext) {
  return async (arg?: unknown): Promise<unknown> => {
    const worker = await resolveWorkerTarget(ctx, arg);
    if (!worker.runDir) {
      throw new UserError(worker.planId ? `${worker.name} has not started a run of ${worker.planId} yet: try again in a moment.` : `${worker.name} has no task right now, so no run to show.`);
    }
    return vscode.commands.executeCommand(COMMAND_IDS.runsShowFeedback, { runDir: worker.runDir, follow: true });
  };
}
