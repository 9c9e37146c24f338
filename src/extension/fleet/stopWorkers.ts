import * as vscode from 'vscode';
import { fleetDown, type FleetDownReport } from '../../app/fleet/down';
import { inspectForDown, type DownInspection } from '../../app/fleet/downInspect';
import type { LwContext } from '../context';
import { doomedWorktrees, outcomeLines, outcomeSummary } from './downText';
import { hostedSupervisor } from './running';
import { modalQuestions, scriptedQuestions } from './stopQuestions';
import { fleetTarget } from './target';

/** What `lwCoder.fleet.stop` resolves to (tests and scripts). */
export type StopWorkersResult =
  | { readonly stopped: true; readonly work: 'salvage' | 'discard'; readonly save: boolean; readonly destroy: boolean; readonly report: FleetDownReport; readonly asked: readonly string[] }
  | { readonly stopped: false; readonly reason: 'untrusted' | 'cancelled' | 'destroy-not-confirmed'; readonly asked: readonly string[] };

const SHOW_SALVAGE = 'Show in Plans View';
const OPEN_LOG = 'Open Log';

/**
 * lwCoder.fleet.stop [{ answers }] (issue 13 item 2): `lwc down` with native UI. It looks first and changes nothing
 * (inspectForDown), asks salvage / discard / cancel as a modal whose detail names the work at risk and what each
 * choice does, then the options (save snapshots, destroy worktrees) as a multi-select pick, and for destroy an input
 * box that takes only the word `destroy`; then fleetDown under a progress notification. A supervisor in this window
 * or in a terminal is stopped the same way (the stop request it polls). The outcome names each salvage ref and
 * snapshot image, with a button to the Plans view's Recover node, where salvage refs are listed and restored.
 */
export async function stopWorkers(ctx: LwContext, arg: unknown): Promise<StopWorkersResult> {
  const logger = ctx.logger('fleet');
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('LW Coder changes nothing in an untrusted workspace: trust the workspace first to stop workers (`lwc down` in a terminal works too).');
    return { stopped: false, reason: 'untrusted', asked: [] };
  }
  const target = await fleetTarget(ctx, logger);
  const deps = target.deps();
  const questions = scriptedQuestions(arg) ?? modalQuestions();
  const { asked } = questions;
  const look = (destroy: boolean): Thenable<DownInspection> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'LW Coder: looking at the workers…' }, () => inspectForDown(deps, target.repoRoot, { destroy }));

  let inspection = await look(false);
  if (inspection.engineUnavailable) logger.warn(`Docker is not reachable (${inspection.engineUnavailable}): containers cannot be looked at or snapshotted`);
  const work = await questions.work(inspection);
  if (!work) return cancelled(logger, asked);
  const options = await questions.options(inspection);
  if (!options) return cancelled(logger, asked);
  if (options.destroy) {
    inspection = await look(true);
    if (!(await questions.confirmDestroy(doomedWorktrees(inspection)))) {
      logger.info('Stop Workers: destroy was not confirmed; nothing was changed');
      void vscode.window.showInformationMessage('Destroy was not confirmed: nothing was changed.');
      return { stopped: false, reason: 'destroy-not-confirmed', asked };
    }
  }

  const hosted = hostedSupervisor(target.repoRoot);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'LW Coder: stopping workers', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        return await fleetDown(deps, inspection, {
          work,
          save: options.save,
          destroy: options.destroy,
          requestedBy: 'Stop Workers in the editor',
          signal: controller.signal,
          onProgress: (text) => {
            logger.info(`stop: ${text}`);
            progress.report({ message: text });
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  // fleetDown waited until the supervisor said it stopped; this window's runFleet returns just after.
  await hosted?.done;
  for (const line of outcomeLines(report)) logger.info(`stop: ${line}`);
  void ctx.worktrees.refresh();
  void ctx.plans.refresh();
  const salvaged = report.worktrees.some((w) => w.ref);
  const buttons = salvaged ? [SHOW_SALVAGE, OPEN_LOG] : [OPEN_LOG];
  void vscode.window.showInformationMessage(outcomeSummary(report), ...buttons).then((choice) => {
    if (choice === SHOW_SALVAGE) void vscode.commands.executeCommand('lwCoder.plans.focus');
    if (choice === OPEN_LOG) ctx.log.show();
  });
  return { stopped: true, work, save: options.save, destroy: options.destroy, report, asked };
}

function cancelled(logger: { info(message: string): void }, asked: readonly string[]): StopWorkersResult {
  logger.info('Stop Workers: cancelled; nothing was changed');
  return { stopped: false, reason: 'cancelled', asked };
}
