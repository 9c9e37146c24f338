import { basename, join } from 'node:path';
import { AGENT_IDS } from '../../core/agent/backend';
import { resolveHeadlessSettings, type HeadlessSettings } from '../../core/agent/headlessSettings';
import { API_KEY_VARIABLE, resolveOpenRouterSettings } from '../../core/env/openrouter';
import { PromptGenerationError } from '../../core/prompts/errors';
import { containerNameFor } from '../../core/container/session';
import { agentBackend } from '../../core/agent/backends/registry';
import type { AgentEvent } from '../../core/agent/events';
import { CodingResultSchema } from '../../core/agent/result';
import { toStrictJsonSchema } from '../../core/agent/strictSchema';
import { DROIDS_DIR, HEADLESS_PROMPT_FILE, MAIN_PROMPT_FILE } from '../../core/runs/layout';
import { buildHeadlessPrompt } from '../../core/agent/headlessPrompt';
import { GENERATED_DROIDS } from '../../core/prompts/output';
import type { AgentId } from '../../core/agent/backend';
import { loadRunEnvironment, type RunEnvironment } from '../config';
import { headlessCredentials, headlessRedactor, secretFinder } from './runHeadlessCredentials';
import { prepareRun } from './runPrepare';
import { recordRunOutcome } from './runPlanOutcome';
import { planStatusTracker, sessionEndedMessage } from './runPlanStatus';
import { requireValidPlan } from './runPlanSteps';
import { claimPlanSession } from './sessionClaim';
import type { RunPlanEvent } from './runPlanTypes';
import { agentEventRecorder, runAttemptLoop } from './attemptLoop';
import type { HeadlessEvent, RunHeadlessDeps, RunHeadlessOptions, RunHeadlessResult } from './runHeadlessTypes';

/** Where a headless run's common events and final verdict go, beside run.json and the prompts. */
export const EVENTS_FILE = 'events.jsonl';
export const RESULT_FILE = 'result.json';

/**
 * A headless coding run (issue 6): refused at once while the plan's session runs elsewhere (sessionClaim.ts), then the
 * same preparation as runPlan (plan, config, run args, worktree, prompts, images — the agent's own; the plan becomes
 * `coding` when the first attempt's container starts, runPlanStatus.ts), then up to `maxAttempts` attempts of the
 * agent CLI with the prompt on stdin, each judged by the pure policy — success needs exit 0, a completion event, a
 * schema-valid result AND a worktree changed since the run started (worktreeChange.ts, shared with Run plan).
 * Every agent event goes to `<runDir>/events.jsonl` as it arrives; `<runDir>/result.json` ends every run that got a
 * run directory, success or not, so a failed run is as inspectable as a good one.
 *
 * Agent, model, provider, timeout and attempts come from `[headless]` in config.toml, overridden by the options.
 */
export async function runHeadless(deps: RunHeadlessDeps, options: RunHeadlessOptions): Promise<RunHeadlessResult> {
  // One session per plan, refused before anything is asked or changed (sessionClaim.ts).
  const { planId: claimed } = requireValidPlan(options.plan.validated, options.plan.relativePath);
  const release = await claimPlanSession(deps.worktree, claimed, options.owner);
  try {
    return await runClaimedHeadless(deps, options);
  } finally {
    await release();
  }
}

async function runClaimedHeadless(deps: RunHeadlessDeps, options: RunHeadlessOptions): Promise<RunHeadlessResult> {
  const started = Date.now();
  const emit = (event: HeadlessEvent): void => options.onEvent?.(event);
  const stage = (s: Extract<RunPlanEvent, { type: 'stage' }>['stage'], message: string): void => emit({ type: 'stage', stage: s, message });
  const { signal } = options;
  if (options.agent !== undefined && !AGENT_IDS.includes(options.agent)) throw new RangeError(`Unknown agent '${String(options.agent)}'. Use one of: ${AGENT_IDS.join(', ')}.`);
  // Decided before anything changes, like the prompts' key check: a bad setting or a refused endpoint leaves no
  // worktree, status or run directory behind. prepareRun reads the same files again (a few milliseconds).
  const { settings, environment: early } = await headlessSettings(deps, options);
  for (const message of settings.warnings) emit({ type: 'warning', message });
  const { agent, maxAttempts } = settings;
  const backend = agentBackend(agent);
  // The agent's keys and files join the forwarded variables in the credentials gate (prepareRun), before anything changes.
  const credentials = await headlessCredentials(backend, settings, secretFinder(early, options));
  // The attach step and terminal are runPlan's; each headless attempt brings its own container.
  const prepared = await prepareRun(deps, {
    imageAgent: agent,
    repoRoot: options.repoRoot,
    plan: options.plan,
    processEnv: options.processEnv,
    promptSource: options.promptSource ?? 'auto',
    ...(options.allowDangerousRunArgs ? { allowDangerousRunArgs: options.allowDangerousRunArgs } : {}),
    agentCredentials: credentials,
    ...(options.acceptCredentials ? { acceptCredentials: true } : {}),
    ...(options.confirmCredentials ? { confirmCredentials: options.confirmCredentials } : {}),
    ...(options.secretLookup ? { secretLookup: options.secretLookup } : {}),
    ...(options.confirmEndpoint ? { confirmEndpoint: options.confirmEndpoint } : {}),
    ...(options.trustEndpoint ? { trustEndpoint: true } : {}),
    ...(options.userBaseUrl ? { userBaseUrl: options.userBaseUrl } : {}),
    ...(options.userModel ? { userModel: options.userModel } : {}),
    ...(options.noCache ? { noCache: true } : {}),
    ...(signal ? { signal } : {}),
    ...(options.now ? { now: options.now } : {}),
  }, emit, started);
  const { planId, root, environment, runArgs, worktree, runDir, image, baseImage, tasksDir, startHead, startState } = prepared;
  const { prepareMs, imagesMs } = prepared.timings;
  const planStatus = planStatusTracker(deps, { path: options.plan.path, planId, gitSha: prepared.gitSha }, emit);
  const promptFile = join(runDir, ...MAIN_PROMPT_FILE.split('/'));
  const promptBytes = await deps.worktree.files.read(promptFile);
  if (promptBytes === undefined) throw new Error(`${promptFile} is missing right after prompt generation wrote it; check that nothing prunes ${runDir}.`);
  const prompt = await headlessPromptOf(deps, runDir, Buffer.from(promptBytes).toString('utf8'), agent, emit);

  const eventsPath = join(runDir, EVENTS_FILE);
  await deps.runFiles.writeFile(eventsPath, '', 0o644);
  const find = secretFinder(environment, options);
  const secretValue = async (name: string): Promise<string | undefined> => (await find(name))?.value;
  // What the agent prints is kept on disk and shown: a key it echoes must not land there (issue 10 item 5).
  const redact = headlessRedactor(environment, credentials);
  const record = agentEventRecorder(deps.runFiles, eventsPath, redact, { agent, ...(settings.model ? { model: settings.model } : {}) });
  const context = {
    deps,
    backend,
    runDir,
    worktreePath: worktree.path,
    startState,
    // The first attempt's container start makes the plan `coding`; later attempts find it done.
    onStarted: () => planStatus.started().catch((error: unknown) => emit({ type: 'warning', message: `Could not mark ${planId} coding: ${error instanceof Error ? error.message : String(error)}` })),
    session: { image, baseImage, planId, runId: basename(runDir), repoRoot: root, ...(options.repoGitWritable ? { repoGitWritable: true } : {}), tasksDir, promptFile, droidsDir: join(runDir, DROIDS_DIR), runArgs },
    env: environment.forwarded.variables,
    secretValue,
    redact,
    droidCredentials: credentials.droidCredentials,
    outputSchema: toStrictJsonSchema(CodingResultSchema),
    ...(settings.model ? { model: settings.model } : {}),
    ...(settings.provider ? { provider: settings.provider } : {}),
    ...(options.agentCommandOverride !== undefined ? { agentCommandOverride: options.agentCommandOverride } : {}),
    timeoutMs: settings.timeoutMs,
    ...(signal ? { signal } : {}),
    emit,
    onAgentEvent: async (raw: AgentEvent, attempt: number) => emit({ type: 'agent', attempt, event: await record(raw, attempt) }),
  };

  stage('session', `Running ${agent}${settings.model ? ` (${settings.model}${settings.provider ? ` on ${settings.provider.name}` : ''})` : ''} headless for ${planId}`);
  const sessionStarted = Date.now();
  const { outcome, last, attempts: attempt } = await runAttemptLoop(context, { agent, maxAttempts, prompt }, {
    started: (n) => emit({ type: 'attempt-started', attempt: n, maxAttempts, agent }),
    ran: (_n, ran) => {
      for (const name of ran.missingSecrets) emit({ type: 'warning', message: `${name} is not set (env file, forward_env or the environment): ${agent} may not reach its model.` });
    },
    ended: (n, verdict, cancelledReasons) => emit({
      type: 'attempt-ended',
      attempt: n,
      ...(verdict === 'cancelled' ? { outcome: 'final' as const, reasons: [...cancelledReasons] } : verdict.outcome === 'success' ? { outcome: verdict.outcome, reasons: [] } : { outcome: verdict.outcome, kind: verdict.kind, reasons: verdict.reasons.map(redact) }),
    }),
  });
  const sessionMs = Date.now() - sessionStarted;

  stage('cleanup', 'Recording the outcome');
  await deps.runFiles.writeFile(join(runDir, RESULT_FILE), `${JSON.stringify(outcome, null, 2)}\n`, 0o644);
  const cleanExit = last !== undefined && last.exitCode === 0 && !last.cancelled && !last.observation.timedOut;
  const final = await planStatus.finish({ succeeded: outcome.ok, cleanExit, worktreeChanged: last?.worktreeChanged });
  const status = final.status;
  const now = new Date();
  await recordRunOutcome(deps.worktree.files, runDir, {
    exitCode: last?.exitCode ?? -1,
    cancelled: last?.cancelled ?? false,
    worktreeChanged: last?.worktreeChanged ?? null,
    startedAt: new Date(sessionStarted).toISOString(),
    endedAt: now.toISOString(),
    containerName: containerNameFor(planId, basename(runDir)),
    image,
    command: [...(last?.command ?? [])],
    worktreeHead: startHead,
    planStatus: status,
    timings: { prepareMs, imagesMs, sessionMs, totalMs: Date.now() - started },
  });
  if (planStatus.hasStarted && last) {
    const message = sessionEndedMessage({ agent, planId, exitCode: last.exitCode, cancelled: last.cancelled, worktreeChanged: last.worktreeChanged, final });
    emit({ type: 'session-ended', planId, exitCode: last.exitCode, cancelled: last.cancelled, worktreeChanged: last.worktreeChanged, status, message });
  }
  stage('done', outcome.ok ? `${planId}: ${agent} succeeded after ${attempt} attempt(s); plan status ${status}` : `${planId}: ${agent} failed: ${outcome.reasons.join('; ')}`);
  return { planId, runDir, worktreePath: worktree.path, outcome, status };
}

/**
 * `[headless]` merged with the options. The OpenRouter endpoint follows the prompts' rules (user settings, then the
 * env file, then the environment, then OpenRouter), including the trust rule: a base URL the repository's env file
 * chose receives the key only after the user confirms it (or passed trustEndpoint).
 */
export async function headlessSettings(deps: RunHeadlessDeps, options: Omit<RunHeadlessOptions, 'plan'>): Promise<{ settings: HeadlessSettings; environment: RunEnvironment }> {
  const root = await deps.worktree.files.realpath(options.repoRoot);
  const environment = await loadRunEnvironment(root, deps.textFiles, options.processEnv, options.signal);
  const config = environment.config.headless;
  const wantsOpenRouter = options.provider === undefined && config.provider === 'openrouter';
  const baseUrl = wantsOpenRouter ? await confirmedOpenRouterBaseUrl(environment, options) : '';
  const settings = resolveHeadlessSettings(config, {
    ...(options.agent !== undefined ? { agent: options.agent } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
  }, baseUrl);
  return { settings, environment };
}

async function confirmedOpenRouterBaseUrl(environment: RunEnvironment, options: Omit<RunHeadlessOptions, 'plan'>): Promise<string> {
  const storedKey = await options.secretLookup?.(API_KEY_VARIABLE);
  const endpoint = resolveOpenRouterSettings({
    ...(storedKey ? { storedKey } : {}),
    envFile: environment.envFile.values,
    envFileLabel: environment.envFile.label,
    processEnv: options.processEnv,
    ...(options.userBaseUrl ? { userBaseUrl: options.userBaseUrl } : {}),
  });
  if (endpoint.confirmation && !options.trustEndpoint) {
    const yes = options.confirmEndpoint ? await options.confirmEndpoint(endpoint.confirmation) : false;
    if (!yes) {
      throw new PromptGenerationError(
        'endpoint-not-confirmed',
        `Not sending ${API_KEY_VARIABLE} to ${endpoint.confirmation.baseUrl} for the headless agent: the repository's ${environment.envFile.label} chose that endpoint. Remove OPENROUTER_BASE_URL from ${environment.envFile.label}, set it in your own environment or user settings, confirm it (lwc: --trust-endpoint), or set [headless] provider = "agent" to use the agent CLI's own login.`,
      );
    }
  }
  return endpoint.baseUrl;
}

/**
 * The main prompt with the headless overrides (core/agent/headlessPrompt.ts) and the run's own review droids, saved as
 * prompts/headless.md so the run directory shows exactly what the agent was sent; every cut becomes a warning.
 */
async function headlessPromptOf(deps: RunHeadlessDeps, runDir: string, mainPrompt: string, agent: AgentId, emit: (event: HeadlessEvent) => void): Promise<string> {
  const reviewers = [];
  for (const name of GENERATED_DROIDS) {
    const bytes = await deps.worktree.files.read(join(runDir, DROIDS_DIR, `${name}.md`));
    if (bytes !== undefined) reviewers.push({ name, text: Buffer.from(bytes).toString('utf8') });
  }
  const built = buildHeadlessPrompt({ mainPrompt, agent, reviewers });
  for (const message of built.truncated) emit({ type: 'warning', message });
  await deps.runFiles.writeFile(join(runDir, ...HEADLESS_PROMPT_FILE.split('/')), built.text, 0o644);
  return built.text;
}
