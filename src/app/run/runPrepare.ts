import { join } from 'node:path';
import { API_KEY_VARIABLE, missingKeyMessage } from '../../core/env/openrouter';
import type { ParsedRunArg } from '../../core/container/runArgs';
import type { ImageAgent } from '../../core/container/images';
import { PromptGenerationError } from '../../core/prompts/errors';
import { throwIfAborted } from '../../core/worktree/errors';
import { loadRunEnvironment, type RunEnvironment } from '../config';
import { gateCredentials, runExposure, type AgentCredentials } from './credentialGate';
import { tasksDirOf } from '../plans';
import { generatePrompts, type GeneratePromptsResult } from '../prompts/prompts';
import { gateRunArgs } from './runPlanSession';
import { ensureRunImages, requireValidPlan } from './runPlanSteps';
import type { RunPlanDeps, RunPlanEvent, RunPlanOptions } from './runPlanTypes';
import { recoverSessionContainers } from './sessionRecover';
import { worktreeFingerprint, type WorktreeFingerprint } from '../worktree/worktreeChange';
import { ensurePlanWorktree, type EnsuredWorktree } from '../worktree/worktreeEnsure';

/**
 * What preparing a run needs: Run plan's options without the terminal, which only the interactive session uses, and
 * whose images to ensure (default droid's, lw_coder's tags; a headless run names its agent).
 */
export type PrepareRunOptions = Omit<RunPlanOptions, 'attach' | 'initialSize' | 'tty' | 'onEvent'> & {
  readonly imageAgent?: ImageAgent;
  /** A headless agent's keys and files, listed with the forwarded variables by the credentials gate. */
  readonly agentCredentials?: AgentCredentials;
};

/** Everything up to the container, ready for an interactive session or headless attempts. */
export interface PreparedRun {
  readonly planId: string;
  /** The repository root, real path. */
  readonly root: string;
  readonly environment: RunEnvironment;
  readonly runArgs: readonly ParsedRunArg[];
  readonly worktree: EnsuredWorktree;
  readonly runDir: string;
  readonly image: string;
  readonly baseImage: string;
  readonly tasksDir: string;
  /** The plan's base commit: written with `coding` once the agent starts (runPlanStatus.ts). */
  readonly gitSha: string;
  /** The worktree's HEAD as the agent starts (run.json `session.worktreeHead`). */
  readonly startHead: string | null;
  /** The worktree as the agent starts, to tell afterwards whether it changed; undefined when git could not say. */
  readonly startState: WorktreeFingerprint | undefined;
  readonly timings: { readonly prepareMs: number; readonly imagesMs: number };
}

/**
 * The steps Run plan and headless runs share: validate the plan; read config and env and gate docker_run_args, and
 * decide model or templates, all before anything changes (a refused run leaves no worktree, status or run dir); ensure
 * the worktree; generate the prompts into a new run directory; ensure the images; remove a dead session's container;
 * create the mount points as the user; note the worktree's state. The plan's status is left alone: it becomes `coding`
 * only when the agent's container starts (runPlanStatus.ts), so a run that fails here leaves the plan as it was.
 */
export async function prepareRun(deps: RunPlanDeps, options: PrepareRunOptions, emit: (event: RunPlanEvent) => void, started: number): Promise<PreparedRun> {
  const stage = (s: Extract<RunPlanEvent, { type: 'stage' }>['stage'], message: string): void => emit({ type: 'stage', stage: s, message });
  const { signal } = options;
  throwIfAborted(signal);

  stage('validate', `Validating ${options.plan.relativePath}`);
  const { planId, gitSha } = requireValidPlan(options.plan.validated, options.plan.relativePath);
  const root = await deps.worktree.files.realpath(options.repoRoot);

  stage('config', 'Reading .lw_coder/config.toml and the env file');
  const environment = await loadRunEnvironment(root, deps.textFiles, options.processEnv, signal);
  for (const message of environment.warnings) emit({ type: 'warning', message });
  const runArgs = await gateRunArgs(deps, { root, environment, planId, ...(signal ? { signal } : {}) }, options.allowDangerousRunArgs);
  await gateCredentials(deps, root, await runExposure(deps, environment, options.agentCredentials), options);
  const templates = await usesTemplates(options, environment, emit);

  // The images depend on the config alone: they are checked (or built) while the worktree and the prompts are
  // prepared, which hides the engine's answers and the loading of its client behind git's (issue 11 item 2). Their
  // outcome is taken after the prompts, as before, so a failing build still surfaces at the same point; a failure
  // before that stops the build and waits for it, so nothing outlives the run.
  const imagesStarted = Date.now();
  const stopImages = new AbortController();
  const imagesSignal = signal ? AbortSignal.any([signal, stopImages.signal]) : stopImages.signal;
  let imagesMs = 0;
  const imagesReady = ensureRunImages(deps, root, environment.config.code, emit, imagesSignal, options.imageAgent).finally(() => {
    imagesMs = Date.now() - imagesStarted;
  });
  imagesReady.catch(() => undefined); // observed below; this only keeps an early rejection from counting as unhandled

  // The worktree and the prompts need nothing of each other: they are prepared side by side, which hides git's
  // answers behind the prompts' rendering and writing (issue 11 item 2). The outcome is the one of doing them in turn:
  // a worktree that fails stops the prompts and removes the run directory they may have written (only the pruning of
  // month-old runs, which every run does, stays done), and its error wins; prompts that fail leave the worktree made, as
  // when they ran after it. Neither is left running.
  let worktree: EnsuredWorktree;
  let runDir: string;
  let startStateNoted: Promise<WorktreeFingerprint | Error> | undefined;
  try {
    stage('worktree', `Preparing the worktree of ${planId}`);
    const stopPrompts = new AbortController();
    const promptsSignal = signal ? AbortSignal.any([signal, stopPrompts.signal]) : stopPrompts.signal;
    const worktreeReady = ensurePlanWorktree(deps.worktree, { repoRoot: root, planId, gitSha }, { ...(signal ? { signal } : {}), onEvent: (event) => emit({ type: 'worktree', event }) }).then((ensured) => {
      // The worktree as the agent will find it (nothing below touches its files), noted while prompts and images are
      // prepared so it adds no time before the agent starts. Never rejects: a failure is reported when it is needed.
      startStateNoted = worktreeFingerprint(deps.worktree.git, ensured.path, signal).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      return ensured;
    }, (error: unknown) => {
      stopPrompts.abort();
      throw error;
    });
    stage('prompts', 'Generating the prompts');
    const promptsReady = generateRunPrompts(deps, { ...options, repoRoot: root, signal: promptsSignal }, root, templates, emit);
    const [ensured, prompts] = await Promise.allSettled([worktreeReady, promptsReady]);
    if (ensured.status === 'rejected') {
      if (prompts.status === 'fulfilled') await deps.worktree.files.removeTree(prompts.value.runDir).catch(() => undefined);
      throw ensured.reason;
    }
    if (prompts.status === 'rejected') throw prompts.reason;
    worktree = ensured.value;
    ({ runDir } = prompts.value);
    emit({ type: 'run-dir', planId, runDir });
  } catch (error) {
    stopImages.abort();
    await imagesReady.catch(() => undefined);
    await startStateNoted;
    throw error;
  }
  const prepareMs = Date.now() - started;

  stage('images', 'Preparing the agent image');
  const { image, baseImage } = await imagesReady;
  throwIfAborted(signal);

  // A session of this worktree whose process died would keep writing into it: remove it before starting ours.
  const leftovers = await recoverSessionContainers(deps.engine, deps.worktree.process, { repoRoot: root, worktreePath: worktree.path, ...(signal ? { signal } : {}) });
  for (const name of leftovers.removed) emit({ type: 'warning', message: `Removed container ${name}, left running by a session whose process is gone.` });

  const tasksDir = tasksDirOf(root);
  // Mount points inside the worktree mount are created by the engine as root when missing: make them as the user.
  await deps.worktree.files.makeDirectory(tasksDir);
  await deps.worktree.files.makeDirectory(join(worktree.path, '.lw_coder', 'tasks'));
  const noted = await startStateNoted!;
  // The fingerprint resolved HEAD the same way (rev-parse --verify HEAD^{commit}); ask git again only when it failed.
  const startHead = noted instanceof Error ? ((await deps.worktree.git.resolveCommit(worktree.path, 'HEAD', signal)) ?? null) : noted.head;
  throwIfAborted(signal);
  if (noted instanceof Error) emit({ type: 'warning', message: `Could not record the worktree's state before the agent starts (${noted.message}); the run cannot tell whether it changed, so the plan will not be marked implemented.` });
  const startState = noted instanceof Error ? undefined : noted;

  return { planId, root, environment, runArgs, worktree, runDir, image, baseImage, tasksDir, gitSha, startHead, startState, timings: { prepareMs, imagesMs } };
}

/**
 * Whether the run renders the templates. Decided before anything changes, so a missing key fails fast (seed 001)
 * instead of after the worktree and the plan's status were touched; `auto` falls back to the templates instead.
 */
async function usesTemplates(options: PrepareRunOptions, environment: RunEnvironment, emit: (event: RunPlanEvent) => void): Promise<boolean> {
  if (options.promptSource === 'templates' || environment.config.prompts.source === 'templates') return true;
  const key = (await options.secretLookup?.(API_KEY_VARIABLE)) || environment.envFile.values[API_KEY_VARIABLE] || options.processEnv[API_KEY_VARIABLE];
  if (key) return false;
  if (options.promptSource === 'model') throw new PromptGenerationError('missing-key', missingKeyMessage(environment.envFile.label));
  emit({ type: 'warning', code: 'prompts-from-templates', message: `${API_KEY_VARIABLE} is not set: using the built-in prompt templates instead of generating prompts.` });
  return true;
}

async function generateRunPrompts(deps: RunPlanDeps, options: PrepareRunOptions, root: string, templates: boolean, emit: (event: RunPlanEvent) => void): Promise<GeneratePromptsResult> {
  return generatePrompts({
    cwd: root,
    plan: options.plan.path,
    known: { repoRoot: root, plan: options.plan },
    statusDuringRun: 'coding',
    templates,
    ...(options.noCache ? { noCache: true } : {}),
    processEnv: options.processEnv,
    ...(options.secretLookup ? { secretLookup: options.secretLookup } : {}),
    ...(options.confirmEndpoint ? { confirmEndpoint: options.confirmEndpoint } : {}),
    ...(options.trustEndpoint ? { trustEndpoint: true } : {}),
    ...(options.userBaseUrl ? { userBaseUrl: options.userBaseUrl } : {}),
    ...(options.userModel ? { userModel: options.userModel } : {}),
    onProgress: (progress) => emit({ type: 'prompts', progress }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.now ? { now: options.now } : {}),
  }, deps.prompts);
}
