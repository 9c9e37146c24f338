import { oneAtATime } from '../../core/fleet/oneAtATime';
import { describeWorkerStop } from '../../core/fleet/workerStop';
import { commandInfo } from '../commandInfo';
import { createFleetDeps } from '../../adapters/fleet/fleetDeps';
import { createTextFilesPort } from '../../adapters/fs/textFiles';
import { ConfigError, loadRepoConfig } from '../../app/config';
import { runFleet } from '../../app/fleet/supervisor';
import type { FleetEvent } from '../../app/fleet/types';
import { MAX_FLEET_WORKERS } from '../../core/config/schema';
import { parseCommandArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';
import { agentOf } from './codeHeadless';
import { agentCommandFrom, askOnTerminal, confirmRunArgs, credentialChoicesOf } from './session';
import { repoContext } from './worktree';

function workersOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_FLEET_WORKERS) throw new UsageError(`-n takes a number of workers from 1 to ${MAX_FLEET_WORKERS}, got '${String(value)}'`);
  return n;
}

function secondsOf(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`${flag} takes a number of seconds greater than 0, got '${String(value)}'`);
  return s * 1000;
}

/** Progress on stderr, one line per thing that happened, each with the worker and its plan. */
export function fleetEventPrinter(io: CliIO): (e: FleetEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'started': io.stderr(`lwc up: supervisor ${e.pid} runs ${e.workers} worker(s); leases of ${Math.round(e.leaseMs / 1000)} s\n`); break;
      case 'recovered': io.stderr(`lwc up: recovered after a crash: ${[...e.removedContainers.map((c) => `removed container ${c}`), ...e.restoredWorktrees.map((w) => `restored pointers of ${w}`), ...e.releasedTasks.map((t) => `released ${t}`)].join('; ')}\n`); break;
      case 'claimed': io.stderr(`lwc up: [${e.worker}] claimed ${e.planId}\n`); break;
      case 'committed': io.stderr(`lwc up: [${e.worker}] committed ${e.sha.slice(0, 12)} on branch ${e.planId}\n`); break;
      case 'finished': io.stderr(`lwc up: [${e.worker}] ${e.planId}: ${e.outcome}${e.reason ? ` (${e.reason})` : ''}\n`); break;
      case 'warning': io.stderr(`lwc up: warning: ${e.message}\n`); break;
      case 'worker-stopping': io.stderr(`lwc up: [${e.worker}] stopping: ${e.reason}\n`); break;
      case 'worker-stopped': io.stderr(`lwc up: ${describeWorkerStop(e.worker, e.record)}\n`); break;
      case 'stopping': io.stderr(`lwc up: stopping: ${e.reason}\n`); break;
      case 'stopped': io.stderr(`lwc up: stopped (${e.reason})\n`); break;
      case 'run': {
        const r = e.event;
        const tag = `[${e.worker} ${e.planId}]`;
        if (r.type === 'stage') io.stderr(`lwc up: ${tag} ${r.message}\n`);
        else if (r.type === 'warning') io.stderr(`lwc up: ${tag} warning: ${r.message}\n`);
        else if (r.type === 'attempt-ended' && r.outcome !== 'success') io.stderr(`lwc up: ${tag} attempt ${r.attempt} failed (${r.kind ?? 'cancelled'}): ${r.reasons.join('; ')}\n`);
        else if (r.type === 'container' && r.event.type === 'container-started') io.stderr(`lwc up: ${tag} container ${r.event.name} started\n`);
        break;
      }
    }
  };
}

const up: CliCommand = {
  ...commandInfo('up'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      workers: { type: 'string', short: 'n' },
      agent: { type: 'string' },
      'until-empty': { type: 'boolean' },
      json: { type: 'boolean' },
      model: { type: 'string' },
      timeout: { type: 'string' },
      templates: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'accept-credentials': { type: 'boolean' },
      'trust-endpoint': { type: 'boolean' },
      'yes-dangerous-run-args': { type: 'boolean' },
      'agent-command': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`up takes no arguments (add plans with \`lwc task add\`), got '${positionals[0]}'`);
    const workersFlag = workersOf(values.workers);
    const agentFlag = agentOf(values.agent);
    const timeoutMs = secondsOf('--timeout', values.timeout);
    const model = typeof values.model === 'string' && values.model.trim() !== '' ? values.model.trim() : undefined;
    const json = values.json === true;
    const ctx = await repoContext(io);
    const loaded = await loadRepoConfig(ctx.root, createTextFilesPort(), io.signal);
    if (!loaded.config) throw new ConfigError(loaded.path, loaded.diagnostics);
    const fleet = loaded.config.fleet;
    const agentCommandOverride = agentCommandFrom(values['agent-command'], io);
    const credentials = credentialChoicesOf(io, { accept: values['accept-credentials'] === true, json });
    const report = await runFleet(createFleetDeps(ctx.root, { env: io.env }), {
      repoRoot: ctx.root,
      workers: workersFlag ?? fleet.workers,
      ...((agentFlag ?? fleet.agent) ? { agent: agentFlag ?? fleet.agent } : {}),
      leaseMs: fleet.leaseSeconds * 1000,
      untilEmpty: values['until-empty'] === true,
      run: {
        processEnv: io.env,
        promptSource: values.templates ? 'templates' : 'auto',
        ...(model !== undefined ? { model } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(values['no-cache'] ? { noCache: true } : {}),
        ...(values['trust-endpoint'] ? { trustEndpoint: true } : {}),
        ...(agentCommandOverride !== undefined ? { agentCommandOverride } : {}),
        ...(credentials.acceptCredentials ? { acceptCredentials: true } : {}),
        ...(credentials.confirmCredentials ? { confirmCredentials: oneAtATime(credentials.confirmCredentials) } : {}),
        allowDangerousRunArgs: oneAtATime(confirmRunArgs(io, values['yes-dangerous-run-args'] === true)),
        confirmEndpoint: oneAtATime((request) => askOnTerminal(io, request.question)),
      },
      signal: io.signal,
      onEvent: fleetEventPrinter(io),
    });
    const failed = report.tasks.filter((t) => t.outcome === 'failed');
    if (json) io.stdout(`${JSON.stringify({ stopReason: report.stopReason, tasks: report.tasks }, null, 2)}\n`);
    else {
      const done = report.tasks.filter((t) => t.outcome === 'done').length;
      io.stdout(`${done} done, ${failed.length} failed, ${report.tasks.length - done - failed.length} released; ${report.stopReason}\n`);
    }
    return failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

/** `lwc up` */
export const fleetUpCommands: readonly CliCommand[] = [up];
