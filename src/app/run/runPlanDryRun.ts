import { join } from 'node:path';
import { BASE_IMAGE_TAG, repoImageTag } from '../../core/container/images';
import type { RunArgFinding } from '../../core/container/runArgs';
import { DROIDS_DIR, MAIN_PROMPT_FILE, RUNS_DIR_PARTS, runDirName } from '../../core/runs/layout';
import { planWorktreePath } from '../../core/worktree/layout';
import { loadRunEnvironment } from '../config';
import { judgeRunInputs } from './runArgsGate';
import type { PlanFileReport } from '../plans';
import { tasksDirOf } from '../plans';
import { planSession, sessionViewOf, type SessionView } from './runPlanSession';
import { requireValidPlan } from './runPlanSteps';
import type { RunPlanDeps, SessionChoices } from './runPlanTypes';

export interface RunDryRun extends SessionView {
  /** Host paths the session would mount that do not exist yet (the worktree, the run directory's files...). */
  readonly notYetCreated: string[];
  /** Every docker_run_args option with its verdict (a real run stops on refused ones and asks about the others). */
  readonly runArgs: RunArgFinding[];
  /** env_file and LW Coder's directories when they are not plainly inside the repository (same verdicts). */
  readonly paths: RunArgFinding[];
  /** What a real run would do: start, ask first (and start only when confirmed), or refuse. */
  readonly verdict: 'runs' | 'asks' | 'refused';
  /** The findings a real run would ask about, then those it refuses: what the user confirms is what runs. */
  readonly asks: string[];
  readonly refuses: string[];
  readonly notes: string[];
}

/**
 * What `runPlan` would run, computed without running anything: no worktree, no status change, no prompts, no image
 * build, no container, no Docker engine needed. The run directory is named for now; the real one gets its own time.
 */
export async function describeRunSession(deps: Pick<RunPlanDeps, 'worktree' | 'textFiles' | 'host'>, options: SessionChoices & { readonly plan: PlanFileReport; readonly now?: Date }): Promise<RunDryRun> {
  const { planId } = requireValidPlan(options.plan.validated, options.plan.relativePath);
  const root = await deps.worktree.files.realpath(options.repoRoot);
  const environment = await loadRunEnvironment(root, deps.textFiles, options.processEnv);
  const judged = await judgeRunInputs({ textFiles: deps.textFiles, worktree: deps.worktree }, { root, environment, planId });
  const worktreePath = planWorktreePath(root, planId);
  const repoGitDir = await deps.worktree.files.realpath(await deps.worktree.git.commonDir(root));
  const runDir = join(root, ...RUNS_DIR_PARTS, planId, runDirName(options.now ?? new Date()));
  const plan = await planSession({ files: deps.worktree.files, process: deps.worktree.process, host: deps.host }, {
    kind: 'interactive',
    image: repoImageTag(root),
    baseImage: BASE_IMAGE_TAG,
    planId,
    runId: runDirName(options.now ?? new Date()),
    repoRoot: root,
    worktreePath,
    repoGitDir,
    ...(options.repoGitWritable ? { repoGitWritable: true } : {}),
    tasksDir: tasksDirOf(root),
    promptFile: join(runDir, ...MAIN_PROMPT_FILE.split('/')),
    droidsDir: join(runDir, DROIDS_DIR),
    env: environment.forwarded.variables,
    ...(options.agentCommandOverride !== undefined ? { agentCommandOverride: options.agentCommandOverride } : {}),
    tty: options.tty ?? true,
    // As a confirmed run would apply them (mounts resolved); refused ones never are.
    runArgs: judged.runArgs.applicable,
  });
  const view = sessionViewOf(plan);
  const notYetCreated: string[] = [];
  for (const m of view.mounts) {
    if (m.source.startsWith('/') && (await deps.worktree.files.kind(m.source)) === 'missing') notYetCreated.push(m.source);
  }
  return {
    ...view,
    notYetCreated,
    runArgs: [...judged.runArgs.findings],
    paths: [...judged.paths],
    verdict: judged.refused.length > 0 ? 'refused' : judged.needsConfirmation.length > 0 ? 'asks' : 'runs',
    asks: judged.needsConfirmation.map((f) => f.message),
    refuses: judged.refused.map((f) => `${f.message}${f.fix ? ` Fix: ${f.fix}.` : ''}`),
    notes: [
      `The run directory ${runDir} is an example: a real run names it for its own start time.`,
      `The images are built (or found current) when the run starts: ${view.baseImage}, then ${view.image} from .lw_coder/code.Dockerfile.`,
      ...environment.warnings,
    ],
  };
}
