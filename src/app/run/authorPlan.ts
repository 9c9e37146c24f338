import { join } from 'node:path';
import { planIdProblem } from '../../core/plan/planId';
import { throwIfAborted } from '../../core/worktree/errors';
import { runDirName } from '../../core/runs/layout';
import { authorPlanPrompt } from './authorPlanPrompt';
import { loadRunEnvironment } from '../config';
import { gateCredentials, runExposure, type CredentialChoices } from './credentialGate';
import { scanTasksFolder, tasksDirOf, validatePlanFiles, type PlanFileReport } from '../plans';
import { gateRunArgs, planSession, type ConfirmRunArgs } from './runPlanSession';
import { ensureRunImages } from './runPlanSteps';
import { RunPlanError, type RunPlanDeps, type RunPlanEvent, type SessionChoices } from './runPlanTypes';
import { runSessionContainer, type AttachSession, type TerminalSize } from './sessionContainer';
import { withPatchedGitdir } from '../worktree/worktreeGitdir';
import { withTemporaryWorktree } from '../worktree/worktreeTemporary';

export interface AuthorPlanOptions extends SessionChoices, CredentialChoices {
  /** The new plan's id: its file name, later its worktree and branch. */
  readonly planId: string;
  /** What the developer wants, passed to the agent; without it the agent asks. */
  readonly request?: string;
  readonly allowDangerousRunArgs?: ConfirmRunArgs;
  readonly attach: AttachSession;
  readonly initialSize?: TerminalSize;
  readonly onEvent?: (event: RunPlanEvent) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

export interface AuthorPlanResult {
  readonly planId: string;
  readonly planPath: string;
  readonly exitCode: number;
  readonly cancelled: boolean;
  /** The written plan, validated (check `validated.valid`). */
  readonly plan: PlanFileReport;
}

/**
 * "New Plan with Agent" (issue 5 item 5): droid in a temporary worktree at HEAD, with only the plan-only droids and
 * the repository's tasks directory writable, asked to write `.lw_coder/tasks/<plan_id>.md`. The temporary worktree is
 * removed however the session ends (recover removes it after a crash); the new plan is then validated.
 */
export async function authorPlan(deps: RunPlanDeps, options: AuthorPlanOptions): Promise<AuthorPlanResult> {
  const emit = (event: RunPlanEvent): void => options.onEvent?.(event);
  const { signal, planId } = options;
  throwIfAborted(signal);
  const problem = planIdProblem(planId);
  if (problem) throw new RunPlanError('plan-invalid', problem.message);
  const root = await deps.worktree.files.realpath(options.repoRoot);
  const tasksDir = tasksDirOf(root);
  const planPath = join(tasksDir, `${planId}.md`);
  const planGit = deps.prompts.planGit?.(root);
  const scanDeps = { files: deps.planFiles, ...(planGit ? { git: planGit } : {}), repoRoot: root };
  const taken = (await scanTasksFolder(root, scanDeps, signal)).find((r) => r.validated.fields.planId === planId || r.path === planPath);
  if (taken || (await deps.worktree.files.kind(planPath)) !== 'missing') {
    throw new RunPlanError('plan-exists', `plan_id '${planId}' is already taken (${taken?.relativePath ?? planPath}). Choose another plan_id.`);
  }

  emit({ type: 'stage', stage: 'config', message: 'Reading .lw_coder/config.toml and the env file' });
  const environment = await loadRunEnvironment(root, deps.textFiles, options.processEnv, signal);
  for (const message of environment.warnings) emit({ type: 'warning', message });
  const runArgs = await gateRunArgs(deps, { root, environment, ...(signal ? { signal } : {}) }, options.allowDangerousRunArgs);
  await gateCredentials(deps, root, await runExposure(deps, environment), options);
  const head = await deps.worktree.git.resolveCommit(root, 'HEAD', signal);
  if (!head) throw new RunPlanError('plan-invalid', `${root} has no commit yet, and a plan starts from one. Commit something first (git commit), then try again.`);

  emit({ type: 'stage', stage: 'images', message: 'Preparing the agent image' });
  const { image, baseImage } = await ensureRunImages(deps, root, environment.config.code, emit, signal);
  throwIfAborted(signal);
  await deps.worktree.files.makeDirectory(tasksDir);

  const now = (options.now ?? (() => new Date()))();
  const promptDir = await deps.worktree.files.makeTempDirectory('lwc-author-prompt-');
  try {
    const promptFile = join(promptDir, 'main_prompt.md');
    await deps.worktree.files.writeAtomic(promptFile, Buffer.from(authorPlanPrompt({ planId, gitSha: head, createdAt: now.toISOString(), ...(options.request ? { request: options.request } : {}) }), 'utf8'));
    emit({ type: 'stage', stage: 'session', message: `Starting the plan-writing agent for ${planId}` });
    // Neither helper gets the signal: on abort the container is stopped first, then pointers and worktree are cleaned.
    const session = await withTemporaryWorktree(deps.worktree, root, head, (path) => withPatchedGitdir(deps.worktree, path, async (patched) => {
      await deps.worktree.files.makeDirectory(join(patched.worktreePath, '.lw_coder', 'tasks'));
      const plan = await planSession({ files: deps.worktree.files, process: deps.worktree.process, host: deps.host }, {
        kind: 'plan-authoring',
        image,
        baseImage,
        planId,
        runId: runDirName(now),
        repoRoot: root,
        worktreePath: patched.worktreePath,
        repoGitDir: patched.commonDir,
        ...(options.repoGitWritable ? { repoGitWritable: true } : {}),
        tasksDir,
        tasksWritable: true,
        promptFile,
        droidsDir: deps.host.planDroidsDir,
        env: environment.forwarded.variables,
        ...(options.agentCommandOverride !== undefined ? { agentCommandOverride: options.agentCommandOverride } : {}),
        tty: options.tty ?? true,
        runArgs,
      });
      return runSessionContainer(deps.engine, plan.create, {
        attach: options.attach,
        ...(signal ? { signal } : {}),
        ...(options.initialSize ? { initialSize: options.initialSize } : {}),
        onEvent: (event) => emit({ type: 'container', event }),
      });
    }, { onEvent: (event) => emit({ type: 'worktree', event }) }), { onEvent: (event) => emit({ type: 'worktree', event }) });

    if ((await deps.worktree.files.kind(planPath)) !== 'file') {
      throw new RunPlanError('plan-not-written', `The agent ended (exit code ${session.exitCode}) without writing ${planPath}. Run it again and ask it to write the plan file, or create the plan with "New Plan".`);
    }
    const [plan] = await validatePlanFiles([planPath], scanDeps, signal);
    emit({ type: 'stage', stage: 'done', message: `${planId}: plan written to ${planPath}${plan!.validated.valid ? '' : ' (it has validation errors)'}` });
    return { planId, planPath, exitCode: session.exitCode, cancelled: session.cancelled, plan: plan! };
  } finally {
    await deps.worktree.files.removeTree(promptDir);
  }
}
