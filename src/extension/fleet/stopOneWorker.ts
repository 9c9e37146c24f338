import * as vscode from 'vscode';
import { findWorkerToStop, stopFleetWorker, type StopWorkerReport } from '../../app/fleet/stopWorker';
import { describeWorkerStop, type WorkChoice } from '../../core/fleet/workerStop';
import type { SupervisorWorker } from '../../core/fleet/supervisorState';
import { optionOf } from '../commands/args';
import type { LwContext } from '../context';
import { UserError } from '../notify';
import { fleetTarget } from './target';
import { workerNameOf } from './terminalCommands';

/** What `lwCoder.fleet.stopWorker` resolves to (tests and scripts). */
export type StopWorkerResult =
  | { readonly stopped: true; readonly work: WorkChoice; readonly report: StopWorkerReport; readonly asked: readonly string[] }
  | { readonly stopped: false; readonly reason: 'untrusted' | 'cancelled'; readonly asked: readonly string[] };

const SALVAGE = 'Salvage';
const DISCARD = 'Discard';
const SHOW_SALVAGE = 'Show in Plans View';

export const stopWorkerQuestion = (name: string): string => `Stop worker ${name}? The other workers go on.`;

export function stopWorkerDetail(w: SupervisorWorker): string {
  const task = w.planId ? `It is working on ${w.planId}: its run is cancelled and the task goes back to the queue (not counted as a failure).` : 'It has no task right now.';
  return `${task}\n\nSalvage: save its uncommitted and untracked files under refs/lw-coder/salvage/${w.planId ?? '<plan_id>'}/<timestamp> (the files also stay in the worktree).\nDiscard: stop without saving them anywhere (they stay in the worktree until the task runs again).`;
}

/**
 * lwCoder.fleet.stopWorker <worker id | { workerId } [, answers: { work }]> (the Workers view's "Stop Worker
 * (salvage)"): `lwc down --worker` with native UI. It checks first that the supervisor — in this window or in a
 * terminal — runs that worker (changing nothing otherwise), asks Salvage / Discard as a modal (or takes `answers.work`,
 * the same seam as Stop Workers), then waits under a progress notification for the supervisor to stop it; the outcome
 * names the salvage ref.
 */
export async function stopOneWorker(ctx: LwContext, arg: unknown): Promise<StopWorkerResult> {
  const logger = ctx.logger('fleet');
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('LW Coder changes nothing in an untrusted workspace: trust the workspace first to stop a worker (`lwc down --worker` in a terminal works too).');
    return { stopped: false, reason: 'untrusted', asked: [] };
  }
  const name = workerNameOf(arg);
  if (!name) throw new UserError('Stop Worker needs a worker: run it from a worker in the Workers view, or pass its id (w1).');
  const target = await fleetTarget(ctx, logger);
  const deps = target.deps();
  const found = await findWorkerToStop(deps, name);
  const question = stopWorkerQuestion(found.worker.name);
  const detail = stopWorkerDetail(found.worker);
  const asked = [`${question}\n${detail}`];
  const answers = optionOf<{ work?: unknown }>(arg, 'answers');
  let work: WorkChoice | undefined;
  if (answers && typeof answers === 'object') work = answers.work === 'salvage' || answers.work === 'discard' ? answers.work : undefined;
  else {
    const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, SALVAGE, DISCARD);
    work = choice === SALVAGE ? 'salvage' : choice === DISCARD ? 'discard' : undefined;
  }
  if (!work) {
    logger.info(`Stop Worker ${found.worker.name}: cancelled; nothing was changed`);
    return { stopped: false, reason: 'cancelled', asked };
  }
  const chosen = work;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `LW Coder: stopping worker ${found.worker.name}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        return await stopFleetWorker(deps, {
          worker: found.worker.name,
          work: chosen,
          by: 'the editor (Stop Worker)',
          signal: controller.signal,
          onProgress: (text) => {
            logger.info(`stop ${found.worker.name}: ${text}`);
            progress.report({ message: text });
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  const line = describeWorkerStop(report.worker, report.record);
  logger.info(`stop: ${line}`);
  void ctx.worktrees.refresh();
  void ctx.plans.refresh();
  if (report.record.work === 'failed') void vscode.window.showErrorMessage(line);
  else {
    void vscode.window.showInformationMessage(line, ...(report.record.ref ? [SHOW_SALVAGE] : [])).then((choice) => {
      if (choice === SHOW_SALVAGE) void vscode.commands.executeCommand('lwCoder.plans.focus');
    });
  }
  return { stopped: true, work: chosen, report, asked };
}
