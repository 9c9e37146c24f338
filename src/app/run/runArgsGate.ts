import { join } from 'node:path';
import { judgeEnvFile, judgeOwnDirectory, type HostPathContext, type HostPathFacts, type PathVerdict } from '../../core/container/hostPaths';
import { bindSourcesOf, validateDockerRunArgs, type RunArgFinding, type RunArgsValidation } from '../../core/container/runArgs';
import type { TextFilesPort } from '../../core/ports/textFiles';
import { CACHE_DIR_PARTS, RUNS_DIR_PARTS } from '../../core/runs/layout';
import { STATE_DIR_PARTS, WORKTREES_DIR_PARTS, planWorktreePath } from '../../core/worktree/layout';
import type { RunEnvironment } from '../config';
import { TASKS_DIR_PARTS } from '../plans';
import type { WorktreeDeps } from '../worktree/worktreeDeps';

/**
 * The repository-controlled inputs of a run, judged before anything changes: `[code] docker_run_args`, the env file,
 * and the directories LW Coder writes and mounts. Every path is resolved here (the only I/O) and judged by the pure
 * rules in core/container; the resolved paths travel with the verdicts, so the engine mounts what was judged.
 */

export interface RunInputsJudgement {
  readonly runArgs: RunArgsValidation;
  /** env_file and LW Coder's own directories, as findings with index -1. */
  readonly paths: readonly RunArgFinding[];
  readonly needsConfirmation: readonly RunArgFinding[];
  readonly refused: readonly RunArgFinding[];
}

/**
 * LW Coder's directories under the repository, `.lw_coder` itself last; the first four hold state it trusts after a
 * session, so no container may write them.
 */
const OWN_DIRS: readonly (readonly string[])[] = [STATE_DIR_PARTS, RUNS_DIR_PARTS, WORKTREES_DIR_PARTS, CACHE_DIR_PARTS, TASKS_DIR_PARTS, STATE_DIR_PARTS.slice(0, 1)];

export async function judgeRunInputs(
  deps: { readonly textFiles: TextFilesPort; readonly worktree: Pick<WorktreeDeps, 'git'> },
  input: { readonly root: string; readonly environment: RunEnvironment; readonly planId?: string; readonly signal?: AbortSignal },
): Promise<RunInputsJudgement> {
  const { root, environment } = input;
  const inspect = (path: string): Promise<HostPathFacts> => deps.textFiles.inspectPath(path);
  const own = await Promise.all(OWN_DIRS.map(async (parts) => ({ label: parts.join('/'), facts: await inspect(join(root, ...parts)) })));
  if (input.planId !== undefined) {
    const worktree = planWorktreePath(root, input.planId);
    own.push({ label: [...WORKTREES_DIR_PARTS, input.planId].join('/'), facts: await inspect(worktree) });
  }
  const context: HostPathContext = {
    repoRoot: root,
    gitCommonDir: (await inspect(await deps.worktree.git.commonDir(root, input.signal))).realPath,
    lwCoderDirs: own.slice(0, 4).map((d) => d.facts.realPath),
    secretFiles: environment.envFile.resolved.kind === 'file' ? [environment.envFile.resolved.realPath] : [],
  };
  const args = environment.config.code.dockerRunArgs;
  const hostPaths = new Map<string, HostPathFacts>();
  for (const source of bindSourcesOf(args, root)) hostPaths.set(source, await inspect(source));
  const runArgs = validateDockerRunArgs(args, { ...context, hostPaths });

  const paths: RunArgFinding[] = [
    ...own.map((d) => pathFinding(d.label, judgeOwnDirectory(d.facts, d.label, context))),
    pathFinding(`env_file ${environment.envFile.label}`, judgeEnvFile(environment.envFile.resolved, environment.envFile.label, context)),
  ].filter((f) => f.verdict !== 'allowed');
  return {
    runArgs,
    paths,
    needsConfirmation: [...paths.filter((f) => f.verdict === 'needs-confirmation'), ...runArgs.needsConfirmation],
    refused: [...paths.filter((f) => f.verdict === 'refused'), ...runArgs.refused],
  };
}

function pathFinding(label: string, v: PathVerdict): RunArgFinding {
  const message = v.verdict === 'allowed' ? `${label} is allowed` : `${label} ${v.verdict === 'refused' ? 'is refused' : 'needs your confirmation'}: ${v.why ?? ''}`;
  return { index: -1, text: label, flag: 'path', verdict: v.verdict, message, ...(v.fix ? { fix: v.fix } : {}) };
}
