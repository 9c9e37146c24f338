import * as vscode from 'vscode';
import { createTextFilesPort } from '../../adapters/fs/textFiles';
import { ConfigError, loadRepoConfig } from '../../app/config';
import { runFleet } from '../../app/fleet/supervisor';
import { FleetError, type FleetEvent, type FleetUpReport } from '../../app/fleet/types';
import { AGENT_IDS, type AgentId } from '../../core/agent/backend';
import { MAX_FLEET_WORKERS } from '../../core/config/schema';
import { oneAtATime } from '../../core/fleet/oneAtATime';
import { supervisorLiveness } from '../../core/fleet/supervisorState';
import { workerShortName } from '../../core/fleet/workerId';
import type { Logger } from '../../core/ports/logger';
import { optionOf } from '../commands/args';
import type { LwContext } from '../context';
import { UserError } from '../notify';
import { allowDangerousRunArgsModal, confirmCredentialsModal, confirmEndpointModal, userModelSetting } from '../run/choices';
import { headlessSettings, runSettings } from '../run/settings';
import { secretLookupOf } from '../secrets';
import { describeFleetEvent } from './fleetEvents';
import { hostedSupervisor, hostSupervisor } from './running';
import { fleetTarget, type FleetTarget } from './target';
import type { FleetTerminals } from './terminals';

/** What `lwCoder.fleet.start` resolves to (tests and scripts; the palette ignores it). */
export type StartWorkersResult =
  | { readonly started: true; readonly workers: number; readonly agent?: AgentId; readonly report?: FleetUpReport }
  | { readonly started: false; readonly reason: 'untrusted' | 'cancelled' | 'running-here' }
  | { readonly started: false; readonly reason: 'attached'; readonly pid: number; readonly hostname: string; readonly workers: readonly string[] };

export function validateWorkerCount(value: string): string | undefined {
  const n = Number(value.trim());
  return Number.isInteger(n) && n >= 1 && n <= MAX_FLEET_WORKERS ? undefined : `A number of workers from 1 to ${MAX_FLEET_WORKERS}.`;
}

/**
 * lwCoder.fleet.start [{ workers, agent, untilEmpty, wait, acceptCredentials, promptSource, terminals }] (issue 13
 * item 2): the supervisor of `lwc up` (runFleet) inside the extension host, with the count and agent of `[fleet]`
 * (an input box overrides the count; a quick pick asks for the agent when `[fleet]` names none). When a supervisor
 * already runs for the repository — `lwc up` in a terminal — it attaches instead: the terminals and the status follow
 * that one. The supervisor stops on "Stop Workers", on the progress's Cancel, or when the window closes (running.ts).
 * The arguments are for tests and scripts, as Run Plan Headless's are; `wait: true` resolves when the supervisor ends.
 */
export async function startWorkers(ctx: LwContext, terminals: FleetTerminals, arg: unknown): Promise<StartWorkersResult> {
  const logger = ctx.logger('fleet');
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('LW Coder runs no workers in an untrusted workspace: trust the workspace first (agents run its code in containers).');
    return { started: false, reason: 'untrusted' };
  }
  const target = await fleetTarget(ctx, logger);
  const root = target.repoRoot;
  if (hostedSupervisor(root)) {
    void vscode.window.showInformationMessage('Workers already run in this window for this repository. "Stop Workers" stops them.');
    return { started: false, reason: 'running-here' };
  }
  const deps = target.deps();
  const attached = await attachIfRunning(target, terminals, logger);
  if (attached) return attached;

  const loaded = await loadRepoConfig(root, createTextFilesPort());
  if (!loaded.config) throw new ConfigError(loaded.path, loaded.diagnostics);
  const { fleet, headless } = loaded.config;
  const count = await workerCount(arg, fleet.workers);
  if (count === undefined) return { started: false, reason: 'cancelled' };
  const agent = await agentChoice(arg, fleet.agent, headless.agent);
  if (agent === null) return { started: false, reason: 'cancelled' };

  const settings = runSettings();
  const { timeoutMs } = headlessSettings();
  const controller = new AbortController();
  const promptSource = optionOf<'model' | 'templates' | 'auto'>(arg, 'promptSource') ?? 'auto';
  let startedNotice: (() => void) | undefined;
  let began = false;
  const untilStarted = new Promise<void>((resolve) => (startedNotice = resolve));
  let windowProgress: (message: string) => void = () => {};
  const events = (e: FleetEvent): void => {
    const line = describeFleetEvent(e, agent ?? headless.agent);
    if (line) {
      logger[line.warning ? 'warn' : 'info'](line.text);
      if (e.type !== 'run') windowProgress(line.text);
    }
    if (e.type === 'started') {
      began = true;
      startedNotice?.();
      if (optionOf<boolean>(arg, 'terminals') !== false) {
        const names = Array.from({ length: e.workers }, (_, i) => workerShortName(i + 1));
        terminals.arrange(root, names, () => deps).catch((error: unknown) => logger.warn(`could not open the worker terminals: ${error instanceof Error ? error.message : String(error)}`));
      }
    }
    if (e.type === 'finished') void ctx.plans.refresh();
  };

  logger.info(`starting ${count} worker(s) for ${root}${agent ? ` with ${agent}` : ''}${settings.agentCommand ? ' (lwCoder.agent.command replaces the agent CLI)' : ''}`);
  const run = runFleet(deps, {
    repoRoot: root,
    workers: count,
    ...(agent ? { agent } : {}),
    leaseMs: fleet.leaseSeconds * 1000,
    untilEmpty: optionOf<boolean>(arg, 'untilEmpty') === true,
    run: {
      processEnv: process.env,
      promptSource,
      ...(settings.openRouterBaseUrl ? { userBaseUrl: settings.openRouterBaseUrl } : {}),
      userModel: userModelSetting(settings),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(settings.agentCommand ? { agentCommandOverride: settings.agentCommand } : {}),
      secretLookup: secretLookupOf(ctx.extension.secrets),
      confirmEndpoint: oneAtATime(confirmEndpointModal),
      allowDangerousRunArgs: oneAtATime(allowDangerousRunArgsModal),
      confirmCredentials: oneAtATime(confirmCredentialsModal),
      ...(optionOf<boolean>(arg, 'acceptCredentials') === true ? { acceptCredentials: true } : {}),
    },
    signal: controller.signal,
    onEvent: events,
  });
  const release = hostSupervisor({ repoRoot: root, pid: process.pid, stop: (reason) => controller.abort(new Error(reason)), done: run.catch(() => undefined) });
  const settled = run.finally(() => {
    release();
    startedNotice?.();
  });

  // A notification while it starts (recovery, first claims), then the window's progress for as long as it runs.
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `LW Coder: starting ${count} worker(s)`, cancellable: true }, async (_progress, token) => {
    const cancel = token.onCancellationRequested(() => controller.abort(new Error('cancelled from the notification')));
    await untilStarted;
    cancel.dispose();
  });
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'LW Coder workers' }, async (progress) => {
    windowProgress = (message) => progress.report({ message });
    await settled.catch(() => undefined);
  });

  const outcome = settled.then(
    (report) => {
      announce(report, logger);
      void ctx.plans.refresh();
      void ctx.worktrees.refresh();
      return { started: true as const, workers: count, ...(agent ? { agent } : {}), report };
    },
    async (error: unknown) => {
      if (error instanceof FleetError && error.code === 'supervisor-running') {
        // Another process won the lock between the look and the start: follow it instead.
        const followed = await attachIfRunning(target, terminals, logger);
        if (followed) return followed;
      }
      throw error;
    },
  );
  if (optionOf<boolean>(arg, 'wait') === true) return outcome;
  outcome.catch((error: unknown) => ctx.reportFailure('Start Workers', error));
  await untilStarted;
  // It ended before it started (another supervisor won the lock: attached; or a failure, already reported).
  if (!began) return outcome.catch(() => ({ started: false as const, reason: 'cancelled' as const }));
  return { started: true, workers: count, ...(agent ? { agent } : {}) };
}

/** A live supervisor of this repository (a terminal's `lwc up`): its workers' terminals and the status pane follow it. */
async function attachIfRunning(target: FleetTarget, terminals: FleetTerminals, logger: Logger): Promise<StartWorkersResult | undefined> {
  const deps = target.deps();
  const proc = deps.run.worktree.process;
  const liveness = supervisorLiveness(await deps.state.readSupervisor(), { hostname: proc.hostname, isAlive: (pid) => proc.isAlive(pid), nowMs: Date.now() });
  if (liveness.kind !== 'alive') return undefined;
  const s = liveness.state;
  const names = s.workers.map((w) => w.name);
  logger.info(`a supervisor already runs for ${target.repoRoot} (process ${s.pid} on ${s.hostname}, ${names.length} worker(s)): following it`);
  await terminals.arrange(target.repoRoot, names, target.deps);
  void vscode.window.showInformationMessage(`A supervisor already runs for this repository (process ${s.pid} on ${s.hostname}, started ${s.startedAt}): its ${names.length} worker terminal(s) follow it. "Stop Workers" stops it.`);
  return { started: false, reason: 'attached', pid: s.pid, hostname: s.hostname, workers: names };
}

async function workerCount(arg: unknown, configured: number): Promise<number | undefined> {
  const given = optionOf<unknown>(arg, 'workers');
  if (given !== undefined) {
    const problem = validateWorkerCount(String(given));
    if (problem) throw new UserError(`The workers argument is '${String(given)}': ${problem}`);
    return Number(given);
  }
  const typed = await vscode.window.showInputBox({
    title: 'Start Workers',
    prompt: `How many workers? Each runs one plan of the queue at a time in its own container ([fleet] workers in .lw_coder/config.toml says ${configured}).`,
    value: String(configured),
    validateInput: validateWorkerCount,
    ignoreFocusOut: true,
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

/** The agent: the argument's, else `[fleet] agent`, else the user picks (`[headless] agent` first); null is Escape. */
async function agentChoice(arg: unknown, fleetAgent: AgentId | undefined, headlessAgent: AgentId): Promise<AgentId | undefined | null> {
  const given = optionOf<unknown>(arg, 'agent');
  if (given !== undefined) {
    if (!(AGENT_IDS as readonly unknown[]).includes(given)) throw new UserError(`The agent argument is '${String(given)}': use one of ${AGENT_IDS.join(', ')}.`);
    return given as AgentId;
  }
  if (fleetAgent) return fleetAgent;
  const order = [headlessAgent, ...AGENT_IDS.filter((a) => a !== headlessAgent)];
  const picked = await vscode.window.showQuickPick(order.map((a) => ({ label: a, agent: a, description: a === headlessAgent ? '[headless] agent' : '' })), {
    title: 'Start Workers: the agent every worker runs',
    placeHolder: 'Set [fleet] agent in .lw_coder/config.toml to skip this question',
    ignoreFocusOut: true,
  });
  return picked ? picked.agent : null;
}

function announce(report: FleetUpReport, logger: Logger): void {
  const done = report.tasks.filter((t) => t.outcome === 'done').length;
  const failed = report.tasks.filter((t) => t.outcome === 'failed');
  const text = `Workers stopped (${report.stopReason}): ${done} done, ${failed.length} failed, ${report.tasks.length - done - failed.length} released.`;
  logger.info(text);
  if (failed.length > 0) void vscode.window.showWarningMessage(`${text} Failed: ${failed.map((t) => `${t.planId}${t.reason ? ` (${t.reason})` : ''}`).join('; ')}`);
  else void vscode.window.showInformationMessage(text);
}
