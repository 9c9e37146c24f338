import * as vscode from 'vscode';
import { parseFleetWorkerId, workerShortName } from '../../core/fleet/workerId';
import { optionOf } from '../commands/args';
import type { LwContext } from '../context';
import { UserError } from '../notify';
import type { FleetLayout } from './layout';
import { fleetTarget } from './target';
import type { FleetTerminals } from './terminals';

/** A worker named by the argument: `w2`, its claim name `w2@host:pid`, or a tree item's `workerId`. */
export function workerNameOf(arg: unknown): string | undefined {
  const raw = typeof arg === 'string' ? arg : optionOf<unknown>(arg, 'workerId');
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const id = parseFleetWorkerId(raw.trim());
  return id ? workerShortName(id.index) : raw.trim();
}

/**
 * lwCoder.fleet.showWorkerTerminal <worker id | { workerId }>: reveals the worker's terminal, opening it beside the
 * active editor when it is closed (the Workers view's "Show Terminal"). Reading only: allowed in untrusted workspaces.
 */
export async function showWorkerTerminal(ctx: LwContext, terminals: FleetTerminals, arg: unknown): Promise<{ readonly worker: string; readonly terminal: string } | undefined> {
  const worker = workerNameOf(arg);
  if (!worker) throw new UserError('Show Worker Terminal needs a worker: run it from a worker in the Workers view, or pass its id (w1).');
  const target = await fleetTarget(ctx, ctx.logger('fleet'));
  const terminal = terminals.reveal(target.repoRoot, worker);
  return { worker, terminal: terminal.name };
}

/**
 * lwCoder.fleet.showTerminals [{ workers }]: the workers' terminals in the editor area, laid out by
 * `lwCoder.fleet.layout`, and the status pane in the panel — for the supervisor's workers (running, or the last one's),
 * or the names given (tests, scripts).
 */
export async function showTerminals(ctx: LwContext, terminals: FleetTerminals, arg: unknown): Promise<(FleetLayout & { readonly workers: readonly string[] }) | undefined> {
  const target = await fleetTarget(ctx, ctx.logger('fleet'));
  const given = optionOf<unknown>(arg, 'workers');
  let workers: string[];
  if (Array.isArray(given) && given.every((w) => typeof w === 'string')) workers = given as string[];
  else {
    const state = await target.deps().state.readSupervisor();
    workers = state?.workers.map((w) => w.name) ?? [];
  }
  if (workers.length === 0) {
    void vscode.window.showInformationMessage('No workers have run in this repository yet: "Start Workers" starts them (or `lwc up` in a terminal).');
    return undefined;
  }
  const layout = await terminals.arrange(target.repoRoot, workers, target.deps);
  return { ...layout, workers };
}
