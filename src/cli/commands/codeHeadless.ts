import { createHeadlessRunFiles } from '../../adapters/session/headlessFiles';
import type { CredentialChoices } from '../../app/run/credentialGate';
import type { RunPlanDeps } from '../../app/run/runPlanTypes';
import type { PlanFileReport } from '../../app/plans';
import { runHeadless } from '../../app/run/runHeadless';
import type { HeadlessEvent } from '../../app/run/runHeadlessTypes';
import { AGENT_IDS, type AgentId } from '../../core/agent/backend';
import { UsageError, type CliIO } from '../types';
import { askOnTerminal, confirmRunArgs, runEventPrinter } from './session';

/** `lwc code <plan> --headless`: the agent runs unattended; progress on stderr, the verdict (or --json) on stdout. */
export interface HeadlessCliChoices {
  readonly root: string;
  readonly plan: PlanFileReport;
  readonly deps: RunPlanDeps;
  readonly agent: unknown;
  readonly model: unknown;
  readonly timeout: unknown;
  readonly json: boolean;
  readonly templates: boolean;
  readonly noCache: boolean;
  readonly trustEndpoint: boolean;
  readonly yesDangerousRunArgs: boolean;
  readonly repoGitWritable: boolean;
  readonly agentCommandOverride: string | undefined;
  readonly credentials: CredentialChoices;
}

/** `--agent`, or undefined to take `[headless] agent` from config.toml (codex when unset). */
export function agentOf(value: unknown): AgentId | undefined {
  if (value === undefined) return undefined;
  const agent = String(value);
  if (!(AGENT_IDS as readonly string[]).includes(agent)) throw new UsageError(`--agent must be one of ${AGENT_IDS.join(', ')}, got '${agent}'`);
  return agent as AgentId;
}

function modelOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const model = String(value).trim();
  if (model === '') throw new UsageError('--model needs a model id, e.g. --model openai/gpt-5.2');
  return model;
}

function timeoutOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds greater than 0, got '${String(value)}'`);
  return seconds * 1000;
}

export async function runHeadlessCli(io: CliIO, c: HeadlessCliChoices): Promise<number> {
  const chosenAgent = agentOf(c.agent);
  const model = modelOf(c.model);
  const timeoutMs = timeoutOf(c.timeout);
  // The agent is known once the run has read [headless]; the first attempt names it.
  let agent: string = chosenAgent ?? 'agent';
  const printRun = runEventPrinter(io);
  const onEvent = (e: HeadlessEvent): void => {
    switch (e.type) {
      case 'attempt-started': agent = e.agent; io.stderr(`lwc: ${agent} attempt ${e.attempt} of ${e.maxAttempts}\n`); break;
      case 'attempt-ended': if (e.outcome !== 'success') io.stderr(`lwc: attempt ${e.attempt} failed (${e.kind ?? 'cancelled'}): ${e.reasons.join('; ')}\n`); break;
      case 'agent':
        if (e.event.kind === 'command' && e.event.status === 'started') io.stderr(`lwc: [${agent}] $ ${e.event.command}\n`);
        else if (e.event.kind === 'file-change') io.stderr(`lwc: [${agent}] ${e.event.change} ${e.event.path}\n`);
        break;
      default: printRun(e);
    }
  };
  const result = await runHeadless({ ...c.deps, runFiles: createHeadlessRunFiles() }, {
    repoRoot: c.root,
    plan: c.plan,
    ...(chosenAgent !== undefined ? { agent: chosenAgent } : {}),
    ...(model !== undefined ? { model } : {}),
    processEnv: io.env,
    promptSource: c.templates ? 'templates' : 'auto',
    ...(c.noCache ? { noCache: true } : {}),
    ...(c.trustEndpoint ? { trustEndpoint: true } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(c.agentCommandOverride !== undefined ? { agentCommandOverride: c.agentCommandOverride } : {}),
    ...(c.repoGitWritable ? { repoGitWritable: true } : {}),
    allowDangerousRunArgs: confirmRunArgs(io, c.yesDangerousRunArgs),
    ...c.credentials,
    confirmEndpoint: (request) => askOnTerminal(io, request.question),
    onEvent,
    signal: io.signal,
    owner: 'cli',
  });
  const o = result.outcome;
  if (c.json) io.stdout(`${JSON.stringify(o.ok ? o.result : { ok: false, reasons: o.reasons }, null, 2)}\n`);
  else if (o.ok) io.stdout(`${result.planId}: ${o.result.implementation_summary}\nrun directory ${result.runDir}\n`);
  io.stderr(o.ok ? `lwc: ${result.planId}: succeeded; plan is ${result.status}; run directory ${result.runDir}\n` : `lwc: ${result.planId}: failed: ${o.reasons.join('; ')}\nlwc: run directory ${result.runDir}\n`);
  return o.ok ? 0 : 1;
}
