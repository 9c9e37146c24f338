import { basename, join } from 'node:path';
import { MAIN_PROMPT_FILE, DROIDS_DIR } from '../core/runs/layout';
import { recordRunOutcome } from './runPlanOutcome';
import { planSession } from './runPlanSession';
import { prepareRun } from './runPrepare';
import { currentPlanStatus, writePlanFields } from './runPlanSteps';
import type { RunPlanDeps, RunPlanEvent, RunPlanOptions, RunPlanResult } from './runPlanTypes';
import { runSessionContainer } from './sessionContainer';
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
  const { planId, root, environment, runArgs, worktree, runDir, image, baseImage, tasksDir, startHead: worktreeHead, timings } = await prepareRun(deps, options, emit, started);
  const { prepareMs, imagesMs } = timings;

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
  }, { onEvent: (event) => emit({ type: 'worktree', event }) });
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
