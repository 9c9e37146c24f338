import { basename, join } from 'node:path';
import { API_KEY_VARIABLE, missingKeyMessage } from '../core/env/openrouter';
import { PromptGenerationError } from '../core/prompts/errors';
import { MAIN_PROMPT_FILE, DROIDS_DIR } from '../core/runs/layout';
import { throwIfAborted } from '../core/worktree/errors';
import { loadRunEnvironment, type RunEnvironment } from './config';
import { tasksDirOf } from './plans';
import { generatePrompts, type GeneratePromptsResult } from './prompts';
import { recordRunOutcome } from './runPlanOutcome';
import { gateRunArgs, planSession } from './runPlanSession';
import { currentPlanStatus, ensureRunImages, requireValidPlan, writePlanFields } from './runPlanSteps';
import type { RunPlanDeps, RunPlanEvent, RunPlanOptions, RunPlanResult } from './runPlanTypes';
import { runSessionContainer } from './sessionContainer';
import { recoverSessionContainers } from './sessionRecover';
import { ensurePlanWorktree } from './worktreeEnsure';
import { withPatchedGitdir } from './worktreeGitdir';

/**
 * Run plan, the spine (ARCHITECTURE.md; seeds 000/001; issue 5): validate the plan, check config and docker_run_args,
 * ensure the plan's worktree, mark the plan `coding`, generate the prompts into a new run directory, ensure the images,
 * then — with the worktree's git pointers patched for the container — run the agent container attached to the
 * caller's terminal. However the session ends, the container is stopped and removed, the pointers are restored, and
 * the exit code goes into run.json; exit 0 makes the plan `implemented`, anything else leaves it `coding`. Never `done`.
 *
 * git_sha is left as the plan's base: the worktree's branch is created at git_sha and every later run checks that the
 * branch descends from it, so moving git_sha to a newer HEAD would make the next run refuse its own worktree. What the
 * agent started from is recorded instead (run.json `session.worktreeHead`).
 */
export async function runPlan(deps: RunPlanDeps, options: RunPlanOptions): Promise<RunPlanResult> {
  const started = Date.now();
  const emit = (event: RunPlanEvent): void => options.onEvent?.(event);
  const stage = (s: Extract<RunPlanEvent, { type: 'stage' }>['stage'], message: string): void => emit({ type: 'stage', stage: s, message });
  const { signal } = options;
  throwIfAborted(signal);

  stage('validate', `Validating ${options.plan.relativePath}`);
  const { planId, gitSha } = requireValidPlan(options.plan.validated, options.plan.relativePath);
  const root = await deps.worktree.files.realpath(options.repoRoot);

  // Config, env and docker_run_args before anything changes: a refused run leaves no worktree, status or run dir.
  stage('config', 'Reading .lw_coder/config.toml and the env file');
  const environment = await loadRunEnvironment(root, deps.textFiles, options.processEnv, signal);
  for (const message of environment.warnings) emit({ type: 'warning', message });
  const runArgs = await gateRunArgs(environment.config.code.dockerRunArgs, root, options.allowDangerousRunArgs);
  const templates = await usesTemplates(options, environment, emit);

  stage('worktree', `Preparing the worktree of ${planId}`);
  const worktree = await ensurePlanWorktree(deps.worktree, { repoRoot: root, planId, gitSha }, { ...(signal ? { signal } : {}), onEvent: (event) => emit({ type: 'worktree', event }) });

  stage('status', `Setting ${planId} to coding`);
  const previous = await writePlanFields(deps, options.plan.path, { status: 'coding', gitSha });
  emit({ type: 'plan-status', planId, from: previous, to: 'coding' });

  stage('prompts', 'Generating the prompts');
  const prompts = await generateRunPrompts(deps, options, root, templates, emit);
  const runDir = prompts.runDir;
  const prepareMs = Date.now() - started;

  stage('images', 'Preparing the agent image');
  const imagesStarted = Date.now();
  const { image, baseImage } = await ensureRunImages(deps, root, environment.config.code.dockerBuildArgs, emit, signal);
  const imagesMs = Date.now() - imagesStarted;
  throwIfAborted(signal);

  // A session of this worktree whose process died would keep writing into it: remove it before starting ours.
  const leftovers = await recoverSessionContainers(deps.engine, deps.worktree.process, { repoRoot: root, worktreePath: worktree.path, ...(signal ? { signal } : {}) });
  for (const name of leftovers.removed) emit({ type: 'warning', message: `Removed container ${name}, left running by a session whose process is gone.` });

  const tasksDir = tasksDirOf(root);
  // Mount points inside the worktree mount are created by the engine as root when missing: make them as the user.
  await deps.worktree.files.makeDirectory(tasksDir);
  await deps.worktree.files.makeDirectory(join(worktree.path, '.lw_coder', 'tasks'));
  const worktreeHead = (await deps.worktree.git.resolveCommit(worktree.path, 'HEAD', signal)) ?? null;

  stage('session', `Starting the agent for ${planId}`);
  const sessionStarted = Date.now();
  // No signal for the patch itself: on abort we stop the container first and only then restore the pointers.
  const session = await withPatchedGitdir(deps.worktree, worktree.path, async (patched) => {
    const plan = await planSession({ files: deps.worktree.files, process: deps.worktree.process, host: deps.host }, {
      kind: 'interactive',
      image,
      baseImage,
      planId,
      runId: basename(runDir),
      repoRoot: root,
      worktreePath: patched.worktreePath,
      repoGitDir: patched.commonDir,
      ...(options.repoGitWritable ? { repoGitWritable: true } : {}),
      tasksDir,
      promptFile: join(runDir, ...MAIN_PROMPT_FILE.split('/')),
      droidsDir: join(runDir, DROIDS_DIR),
      env: environment.forwarded.variables,
      ...(options.agentCommandOverride !== undefined ? { agentCommandOverride: options.agentCommandOverride } : {}),
      tty: options.tty ?? true,
      runArgs,
    });
    const result = await runSessionContainer(deps.engine, plan.create, {
      attach: options.attach,
      ...(signal ? { signal } : {}),
      ...(options.initialSize ? { initialSize: options.initialSize } : {}),
      onEvent: (event) => emit({ type: 'container', event }),
    });
    return { ...result, containerName: plan.spec.name, command: [...plan.spec.command] };
  });
  const sessionMs = Date.now() - sessionStarted;

  stage('cleanup', 'Recording the outcome');
  let status: 'implemented' | 'coding' = 'coding';
  // Only a plan still `coding` moves on: a status the user set by hand while the agent ran is theirs.
  if (session.exitCode === 0 && !session.cancelled && (await currentPlanStatus(deps, options.plan.path)) === 'coding') {
    await writePlanFields(deps, options.plan.path, { status: 'implemented' });
    emit({ type: 'plan-status', planId, from: 'coding', to: 'implemented' });
    status = 'implemented';
  }
  await recordRunOutcome(deps.worktree.files, runDir, {
    exitCode: session.exitCode,
    cancelled: session.cancelled,
    startedAt: session.startedAt.toISOString(),
    endedAt: session.endedAt.toISOString(),
    containerName: session.containerName,
    image,
    command: session.command,
    worktreeHead,
    planStatus: status,
    timings: { prepareMs, imagesMs, sessionMs, totalMs: Date.now() - started },
  });
  stage('done', `${planId}: the agent exited with ${session.exitCode}; plan status ${status}`);
  return { planId, runDir, exitCode: session.exitCode, status, cancelled: session.cancelled, worktreePath: worktree.path, containerName: session.containerName, image };
}

/**
 * Whether the run renders the templates. Decided before anything changes, so a missing key fails fast (seed 001)
 * instead of after the worktree and the plan's status were touched; `auto` falls back to the templates instead.
 */
export async function usesTemplates(options: RunPlanOptions, environment: RunEnvironment, emit: (event: RunPlanEvent) => void): Promise<boolean> {
  if (options.promptSource === 'templates' || environment.config.prompts.source === 'templates') return true;
  const key = (await options.secretLookup?.(API_KEY_VARIABLE)) || environment.envFile.values[API_KEY_VARIABLE] || options.processEnv[API_KEY_VARIABLE];
  if (key) return false;
  if (options.promptSource === 'model') throw new PromptGenerationError('missing-key', missingKeyMessage(environment.envFile.label));
  emit({ type: 'warning', message: `${API_KEY_VARIABLE} is not set: using the built-in prompt templates instead of generating prompts.` });
  return true;
}

export async function generateRunPrompts(deps: RunPlanDeps, options: RunPlanOptions, root: string, templates: boolean, emit: (event: RunPlanEvent) => void): Promise<GeneratePromptsResult> {
  return generatePrompts({
    cwd: root,
    plan: options.plan.path,
    templates,
    ...(options.noCache ? { noCache: true } : {}),
    processEnv: options.processEnv,
    ...(options.secretLookup ? { secretLookup: options.secretLookup } : {}),
    ...(options.confirmEndpoint ? { confirmEndpoint: options.confirmEndpoint } : {}),
    ...(options.trustEndpoint ? { trustEndpoint: true } : {}),
    onProgress: (progress) => emit({ type: 'prompts', progress }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.now ? { now: options.now } : {}),
  }, deps.prompts);
}
