import { join } from 'node:path';
import type { AgentId } from '../../core/agent/backend';
import { agentBackend } from '../../core/agent/backends/registry';
import { buildHeadlessPrompt } from '../../core/agent/headlessPrompt';
import type { AgentEvent } from '../../core/agent/events';
import { CodingResultSchema } from '../../core/agent/result';
import { toStrictJsonSchema } from '../../core/agent/strictSchema';
import type { RunArgFinding } from '../../core/container/runArgs';
import type { ConfirmEndpoint, SecretLookup } from '../../core/ports/secrets';
import { tasksDirOf } from '../plans';
import { gateCredentials, runExposure, type CredentialChoices } from '../run/credentialGate';
import { headlessSettings } from '../run/runHeadless';
import { agentEventRecorder, runAttemptLoop } from '../run/attemptLoop';
import { headlessCredentials, headlessRedactor, secretFinder } from '../run/runHeadlessCredentials';
import type { RunHeadlessDeps } from '../run/runHeadlessTypes';
import { gateRunArgs } from '../run/runPlanSession';
import { ensureRunImages } from '../run/runPlanSteps';
import { worktreeFingerprint } from '../worktree/worktreeChange';
import type { RunAgentPort, RunAgentRequest, RunAgentResult } from './runTypes';

/** How a composition root wants command agent runs made (the same choices `lwc code --headless` takes). */
export interface CommandAgentChoices extends CredentialChoices {
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly agent?: AgentId;
  readonly model?: string;
  readonly agentCommandOverride?: string;
  readonly trustEndpoint?: boolean;
  readonly allowDangerousRunArgs?: (findings: readonly RunArgFinding[]) => Promise<boolean>;
  /** The editor's: the key from its secret storage, its base-URL setting and the modal before a repository's endpoint. */
  readonly secretLookup?: SecretLookup;
  readonly userBaseUrl?: string;
  readonly confirmEndpoint?: ConfirmEndpoint;
}

/**
 * `run-agent` for command sessions: issue 6's headless run — the same settings (`[headless]`), run-args and credentials
 * gates, images, container confinement, attempt loop and result schema — on the session's worktree with the
 * command's prompt (already substituted) instead of a plan's generated one. No plan is claimed or changed: the session
 * owns the worktree. The run's files (events.jsonl, result.json, attempt logs, the agent's files) go into the step's
 * directory in the session's artifacts.
 */
export function commandAgentRunner(deps: RunHeadlessDeps, choices: CommandAgentChoices): RunAgentPort {
  return (request) => runCommandAgent(deps, choices, request);
}

async function runCommandAgent(deps: RunHeadlessDeps, choices: CommandAgentChoices, request: RunAgentRequest): Promise<RunAgentResult> {
  const { signal } = request;
  const say = (text: string): void => {
    request.onOutput?.(text);
    void deps.runFiles.appendText(request.logFile, text).catch(() => undefined);
  };
  const pseudoPlan = `cmd-${request.sessionId}`;
  const root = await deps.worktree.files.realpath(request.repoRoot);
  const { settings, environment } = await headlessSettings(deps, {
    repoRoot: root,
    processEnv: choices.processEnv,
    ...(choices.agent ? { agent: choices.agent } : {}),
    ...(choices.model ? { model: choices.model } : {}),
    ...(choices.trustEndpoint ? { trustEndpoint: true } : {}),
    ...(choices.secretLookup ? { secretLookup: choices.secretLookup } : {}),
    ...(choices.userBaseUrl ? { userBaseUrl: choices.userBaseUrl } : {}),
    ...(choices.confirmEndpoint ? { confirmEndpoint: choices.confirmEndpoint } : {}),
    timeoutMs: request.timeoutMs,
    ...(signal ? { signal } : {}),
  });
  for (const message of settings.warnings) say(`lwc: ${message}\n`);
  const { agent, maxAttempts } = settings;
  const backend = agentBackend(agent);
  const credentials = await headlessCredentials(backend, settings, secretFinder(environment, { processEnv: choices.processEnv }));
  const runArgs = await gateRunArgs(deps, { root, environment, planId: pseudoPlan, ...(signal ? { signal } : {}) }, choices.allowDangerousRunArgs);
  await gateCredentials(deps, root, await runExposure(deps, environment, credentials), choices);
  say(`lwc: preparing the ${agent} image\n`);
  const { image, baseImage } = await ensureRunImages(deps, root, environment.config.code, () => undefined, signal, agent);

  const runDir = request.runDir;
  const tasksDir = tasksDirOf(root);
  await deps.worktree.files.makeDirectory(tasksDir);
  await deps.worktree.files.makeDirectory(join(request.worktreePath, '.lw_coder', 'tasks'));
  await deps.worktree.files.makeDirectory(join(runDir, 'droids'));
  await deps.worktree.files.makeDirectory(join(runDir, 'prompts'));
  const promptFile = join(runDir, 'prompts', 'main.md');
  await deps.runFiles.writeFile(promptFile, request.prompt, 0o644);
  const built = buildHeadlessPrompt({ mainPrompt: request.prompt, agent, reviewers: [] });
  await deps.runFiles.writeFile(join(runDir, 'prompts', 'headless.md'), built.text, 0o644);
  const startState = await worktreeFingerprint(deps.worktree.git, request.worktreePath, signal).catch(() => undefined);

  const eventsPath = join(runDir, 'events.jsonl');
  await deps.runFiles.writeFile(eventsPath, '', 0o644);
  const find = secretFinder(environment, { processEnv: choices.processEnv });
  const redact = headlessRedactor(environment, credentials);
  const record = agentEventRecorder(deps.runFiles, eventsPath, redact, { agent, ...(settings.model ? { model: settings.model } : {}) });
  const context = {
    deps,
    backend,
    runDir,
    worktreePath: request.worktreePath,
    startState,
    session: { image, baseImage, planId: pseudoPlan, runId: `step-${request.stepName}`.replace(/[^a-zA-Z0-9_.-]/g, '-'), repoRoot: root, tasksDir, promptFile, droidsDir: join(runDir, 'droids'), runArgs },
    env: environment.forwarded.variables,
    secretValue: async (name: string) => (await find(name))?.value,
    redact,
    droidCredentials: credentials.droidCredentials,
    outputSchema: toStrictJsonSchema(CodingResultSchema),
    ...(settings.model ? { model: settings.model } : {}),
    ...(settings.provider ? { provider: settings.provider } : {}),
    ...(choices.agentCommandOverride !== undefined ? { agentCommandOverride: choices.agentCommandOverride } : {}),
    timeoutMs: request.timeoutMs,
    ...(signal ? { signal } : {}),
    emit: () => undefined,
    onAgentEvent: async (raw: AgentEvent, attempt: number) => {
      const event = await record(raw, attempt);
      if (event.kind === 'message') say(`[${agent}] ${event.text}\n`);
      else if (event.kind === 'file-change') say(`[${agent}] ${event.change} ${event.path}\n`);
    },
  };
  const { outcome, last } = await runAttemptLoop(context, { agent, maxAttempts, prompt: built.text }, {
    started: (attempt) => say(`lwc: ${agent} attempt ${attempt} of ${maxAttempts}\n`),
  });
  const timedOut = last?.observation.timedOut === true;
  await deps.runFiles.writeFile(join(runDir, 'result.json'), `${JSON.stringify(outcome, null, 2)}\n`, 0o644);
  const message = outcome.ok ? outcome.result.implementation_summary : `${agent} failed: ${outcome.reasons.join('; ')}`;
  say(`lwc: ${message}\n`);
  return { ok: outcome.ok, message, ...(outcome.ok ? {} : outcome.kind === 'cancelled' ? { cancelled: true } : {}), ...(timedOut ? { timedOut: true } : {}) };
}
