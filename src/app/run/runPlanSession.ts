import { basename, dirname, join } from 'node:path';
import { applyRunArgs, mountsOfCreate } from '../../core/container/applyRunArgs';
import type { ContainerCreateOptions } from '../../core/container/createOptions';
import { confinementOf, type ConfinementView } from '../../core/container/createView';
import type { ParsedRunArg, RunArgFinding } from '../../core/container/runArgs';
import { buildSessionSpec, droidInteractiveCommand, sessionDryRunView, type ContainerSessionSpec, type SessionInput } from '../../core/container/session';
import { toDockerCreateOptions } from '../../core/container/toCreateOptions';
import type { ProcessPort, WorktreeFilesPort } from '../../core/ports/worktreeState';
import type { RunEnvironment } from '../config';
import { droidCredentialFiles } from './credentialGate';
import { judgeRunInputs, type RunInputsJudgement } from './runArgsGate';
import { RunPlanError, type RunPlanDeps, type SessionHost } from './runPlanTypes';
import { ownerLabels } from './sessionRecover';

/**
 * The session a run would create, computed the same way for `--dry-run` and for the real container, so the dry-run is
 * a faithful preview: spec (mounts, env, user, confinement) → create body → repository run args → owner labels.
 */

/** SessionInput's run facts (documented there); env as a map, and whether droid's auth file exists on the host. */
export interface SessionPlanInput extends Pick<SessionInput,
  'kind' | 'image' | 'baseImage' | 'planId' | 'runId' | 'repoRoot' | 'worktreePath' | 'repoGitDir' | 'repoGitWritable' | 'tasksDir' | 'tasksWritable' | 'promptFile' | 'droidsDir'> {
  readonly env: Readonly<Record<string, string>>;
  readonly agentCommandOverride?: string;
  readonly tty: boolean;
  readonly runArgs: readonly ParsedRunArg[];
  /** Mount droid's login and settings (when they exist); default true. Headless runs of other agents pass false. */
  readonly droidCredentials?: boolean;
}

export interface SessionPlan {
  readonly spec: ContainerSessionSpec;
  readonly create: ContainerCreateOptions;
}

/** The command the container runs: droid on the mounted prompt, or the override through `sh -c`. */
export function agentCommandOf(override: string | undefined): readonly string[] {
  if (override === undefined) return droidInteractiveCommand();
  if (override.trim() === '') throw new RunPlanError('agent-command-invalid', 'The agent command override is empty. Pass a shell command (e.g. --agent-command "cat /tmp/lw_coder/main_prompt.md") or leave it out to run droid.');
  return ['sh', '-c', override];
}

export async function planSession(
  deps: { readonly files: WorktreeFilesPort; readonly process: ProcessPort; readonly host: SessionHost },
  input: SessionPlanInput,
): Promise<SessionPlan> {
  // A bind mount of a missing file would fail (Mounts) or become a directory (Binds): mount them only when present.
  const droid = input.droidCredentials === false ? undefined : await droidCredentialFiles(deps.files, deps.host);
  const spec = buildSessionSpec({
    kind: input.kind,
    image: input.image,
    baseImage: input.baseImage,
    planId: input.planId,
    runId: input.runId,
    repoRoot: input.repoRoot,
    worktreePath: input.worktreePath,
    repoGitDir: input.repoGitDir,
    ...(input.repoGitWritable ? { repoGitWritable: true } : {}),
    tasksDir: input.tasksDir,
    ...(input.tasksWritable ? { tasksWritable: true } : {}),
    promptFile: input.promptFile,
    droidsDir: input.droidsDir,
    ...(droid ? { droidAuth: droid.auth, droidSettings: droid.settings } : {}),
    env: Object.entries(input.env).map(([name, value]) => ({ name, value })),
    hostUser: { uid: deps.host.uid, gid: deps.host.gid },
    command: agentCommandOf(input.agentCommandOverride),
    tty: input.tty,
  });
  // The engine gets real paths: a symlink swapped after this point (in the repository, say) cannot redirect a mount.
  const resolved: ContainerSessionSpec = { ...spec, mounts: await Promise.all(spec.mounts.map(async (m) => ({ ...m, source: await realPathOf(deps.files, m.source) }))) };
  const base = toDockerCreateOptions(resolved);
  const withArgs = applyRunArgs(base, input.runArgs);
  const create: ContainerCreateOptions = { ...withArgs, Labels: { ...(withArgs.Labels ?? {}), ...ownerLabels(deps.process) } };
  return { spec: resolved, create };
}

/** The real path; for a path that does not exist yet (the dry run's run directory), its real parent plus the rest. */
async function realPathOf(files: WorktreeFilesPort, path: string): Promise<string> {
  if ((await files.kind(path)) !== 'missing') return files.realpath(path);
  const parent = dirname(path);
  return parent === path ? path : join(await realPathOf(files, parent), basename(path));
}

/** Asks the user about findings that weaken the container; true runs with them. */
export type ConfirmRunArgs = (findings: readonly RunArgFinding[]) => Promise<boolean>;

const listed = (findings: readonly RunArgFinding[]): string => findings.map((f) => `  ${f.message}${f.fix ? ` Fix: ${f.fix}.` : ''}`).join('\n');

/**
 * The repository's say over the container checked before anything changes: `[code] docker_run_args`, the env file and
 * LW Coder's own directories, each path resolved first (runArgsGate). Refused findings stop the run; findings that
 * weaken the container stop it unless the user confirms. Returns the options to apply, mounts as judged.
 */
export async function gateRunArgs(
  deps: Pick<RunPlanDeps, 'textFiles' | 'worktree'>,
  input: { readonly root: string; readonly environment: RunEnvironment; readonly planId?: string; readonly signal?: AbortSignal },
  confirm: ConfirmRunArgs | undefined,
): Promise<readonly ParsedRunArg[]> {
  const judged: RunInputsJudgement = await judgeRunInputs(deps, input);
  if (judged.refused.length > 0) {
    throw new RunPlanError('run-args-refused', `The repository's run settings cannot be applied (.lw_coder/config.toml [code] docker_run_args and env_file, and the .lw_coder directories):\n${listed(judged.refused)}`, judged.refused);
  }
  if (judged.needsConfirmation.length > 0) {
    const yes = confirm ? await confirm(judged.needsConfirmation) : false;
    if (!yes) {
      throw new RunPlanError(
        'run-args-not-confirmed',
        `The repository's run settings (.lw_coder/config.toml [code] docker_run_args and env_file, and the .lw_coder directories) weaken the agent's container, and you did not confirm them:\n${listed(judged.needsConfirmation)}\nRemove them from config.toml, or confirm (lwc code --yes-dangerous-run-args) if you trust this repository.`,
        judged.needsConfirmation,
      );
    }
  }
  return judged.runArgs.applicable;
}

export interface SessionView extends ConfinementView {
  readonly image: string;
  readonly baseImage: string;
  readonly mounts: { source: string; target: string; readOnly: boolean }[];
  readonly env: string[];
  readonly user: string;
  readonly securityOptions: string[];
  readonly capDrop: string[];
  readonly command: string[];
}

/** The dry-run JSON's session fields, read from the final create body (so repository run args show up too). */
export function sessionViewOf(plan: SessionPlan): SessionView {
  const view = sessionDryRunView(plan.spec);
  const c = plan.create;
  return {
    ...view,
    ...confinementOf(c),
    mounts: mountsOfCreate(c),
    env: (c.Env ?? []).map((e) => e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('='))),
    user: c.User ?? view.user,
    securityOptions: [...(c.HostConfig.SecurityOpt ?? [])],
    capDrop: [...(c.HostConfig.CapDrop ?? [])],
    command: [...(c.Cmd ?? view.command)],
  };
}
