import { basename, join } from 'node:path';
import { MAIN_PROMPT_FILE, DROIDS_DIR, RUN_RECORD_FILE } from '../../core/runs/layout';
import { recordRunOutcome } from './runPlanOutcome';
import { planSession } from './runPlanSession';
import { planStatusTracker, sessionEndedMessage } from './runPlanStatus';
import { prepareRun } from './runPrepare';
import { requireValidPlan } from './runPlanSteps';
import type { RunPlanDeps, RunPlanEvent, RunPlanOptions, RunPlanResult } from './runPlanTypes';
import { claimPlanSession } from './sessionClaim';
import { runSessionContainer } from './sessionContainer';
import { worktreeChangedSince } from '../worktree/worktreeChange';
import { withPatchedGitdir } from '../worktree/worktreeGitdir';

/**
 * Run plan, the spine (ARCHITECTURE.md; seeds 000/001; issues 5 and 10): refuse at once when the plan's session is
 * already running (any process: SessionRunningError), validate the plan, check config and docker_run_args, ensure the
 * plan's worktree, generate the prompts into a new run directory, ensure the images, then — with the worktree's git
 * pointers patched for the container — run the agent container attached to the caller's terminal. The plan becomes
 * `coding` only once that container runs (runPlanStatus.ts). However the session ends, the container is stopped and
 * removed, the pointers are restored, and the exit code, cancellation and whether the worktree changed go into run.json;
 * exit 0 with a changed worktree makes the plan `implemented`, exit 0 without one puts back its status from before the
 * run, a cancelled or failed session leaves it `coding`. Never `done`.
 *
 * git_sha is left as the plan's base: the worktree's branch is created at git_sha and every later run checks that the
 * branch descends from it, so moving git_sha to a newer HEAD would make the next run refuse its own worktree. What the
 * agent started from is recorded instead (run.json `session.worktreeHead`).
 */
export async function runPlan(deps: RunPlanDeps, options: RunPlanOptions): Promise<RunPlanResult> {
  const { planId } = requireValidPlan(options.plan.validated, options.plan.relativePath);
  const release = await claimPlanSession(deps.worktree, planId, options.owner);
  try {
    return await runClaimedPlan(deps, options);
  } finally {
    await release();
  }
}

async function runClaimedPlan(deps: RunPlanDeps, options: RunPlanOptions): Promise<RunPlanResult> {
  const started = Date.now();
  const emit = (event: RunPlanEvent): void => options.onEvent?.(event);
  const stage = (s: Extract<RunPlanEvent, { type: 'stage' }>['stage'], message: string): void => emit({ type: 'stage', stage: s, message });
  const warn = (message: string): void => emit({ type: 'warning', message });
  const { signal } = options;
  const { planId, root, environment, runArgs, worktree, runDir, image, baseImage, tasksDir, gitSha, startHead: worktreeHead, startState, timings } = await prepareRun(deps, options, emit, started);
  const { prepareMs, imagesMs } = timings;
  const planStatus = planStatusTracker(deps, { path: options.plan.path, planId, gitSha }, emit);

  stage('session', `Starting the agent for ${planId}`);
  const sessionStarted = Date.now();
  let marking: Promise<void> | undefined;
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
      // The plan is marked `coding` while the agent's first output is already shown (the write cost a few ms of the
      // time to the agent's first output, issue 11 item 2); planStatus.finish, or a failure below, waits for it.
      onStarted: async () => {
        marking = planStatus.started().catch((error: unknown) => warn(`Could not mark ${planId} coding: ${error instanceof Error ? error.message : String(error)}`));
      },
    });
    return { ...result, containerName: plan.spec.name, command: [...plan.spec.command] };
  }, { onEvent: (event) => emit({ type: 'worktree', event }) }).catch(async (error: unknown) => {
    await marking;
    throw error;
  });
  const sessionMs = Date.now() - sessionStarted;

  stage('cleanup', 'Recording the outcome');
  const worktreeChanged = await worktreeChangedSince(deps.worktree.git, worktree.path, startState, warn);
  const clean = session.exitCode === 0 && !session.cancelled;
  const final = await planStatus.finish({ succeeded: clean, cleanExit: clean, worktreeChanged });
  await recordRunOutcome(deps.worktree.files, runDir, {
    exitCode: session.exitCode,
    cancelled: session.cancelled,
    worktreeChanged: worktreeChanged ?? null,
    startedAt: session.startedAt.toISOString(),
    endedAt: session.endedAt.toISOString(),
    containerName: session.containerName,
    image,
    command: session.command,
    worktreeHead,
    planStatus: final.status,
    timings: { prepareMs, imagesMs, sessionMs, totalMs: Date.now() - started },
  });
  const agent = options.agentCommandOverride === undefined ? 'droid' : 'the agent';
  const message = sessionEndedMessage({ agent, planId, exitCode: session.exitCode, cancelled: session.cancelled, worktreeChanged, final });
  emit({ type: 'session-ended', planId, exitCode: session.exitCode, cancelled: session.cancelled, worktreeChanged, status: final.status, message });
  stage('done', `Recorded the outcome in ${join(runDir, RUN_RECORD_FILE)}`);
  return { planId, runDir, exitCode: session.exitCode, status: final.status, cancelled: session.cancelled, worktreeChanged, worktreePath: worktree.path, containerName: session.containerName, image };
}
