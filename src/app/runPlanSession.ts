import { applyRunArgs, mountsOfCreate } from '../core/container/applyRunArgs';
import type { ContainerCreateOptions } from '../core/container/createOptions';
import { validateDockerRunArgs, type ParsedRunArg, type RunArgFinding } from '../core/container/runArgs';
import { buildSessionSpec, droidInteractiveCommand, sessionDryRunView, type ContainerSessionSpec, type SessionInput } from '../core/container/session';
import { toDockerCreateOptions } from '../core/container/toCreateOptions';
import type { ProcessPort, WorktreeFilesPort } from '../core/ports/worktreeState';
import { droidCredentialFiles } from './credentialGate';
import { RunPlanError, type SessionHost } from './runPlanTypes';
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
  const base = toDockerCreateOptions(spec);
  const withArgs = applyRunArgs(base, input.runArgs, input.repoRoot);
  const create: ContainerCreateOptions = { ...withArgs, Labels: { ...(withArgs.Labels ?? {}), ...ownerLabels(deps.process) } };
  return { spec, create };
}

/**
 * `[code] docker_run_args` checked before anything changes: refused options stop the run; options that weaken the
 * container stop it unless the user confirms. Returns the options to apply.
 */
export async function gateRunArgs(args: readonly string[], repoRoot: string, confirm: ((findings: readonly RunArgFinding[]) => Promise<boolean>) | undefined): Promise<readonly ParsedRunArg[]> {
  const validation = validateDockerRunArgs(args, repoRoot);
  if (validation.refused.length > 0) {
    throw new RunPlanError('run-args-refused', `.lw_coder/config.toml [code] docker_run_args cannot be applied:\n${validation.refused.map((f) => `  ${f.message}${f.fix ? ` Fix: ${f.fix}.` : ''}`).join('\n')}`, validation.refused);
  }
  if (validation.needsConfirmation.length > 0) {
    const yes = confirm ? await confirm(validation.needsConfirmation) : false;
    if (!yes) {
      throw new RunPlanError(
        'run-args-not-confirmed',
        `.lw_coder/config.toml [code] docker_run_args weaken the agent's container, and you did not confirm them:\n${validation.needsConfirmation.map((f) => `  ${f.message}${f.fix ? ` Fix: ${f.fix}.` : ''}`).join('\n')}\nRemove them from config.toml, or confirm (lwc code --yes-dangerous-run-args) if you trust this repository.`,
        validation.needsConfirmation,
      );
    }
  }
  return validation.applicable;
}

export interface SessionView {
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
    mounts: mountsOfCreate(c),
    env: (c.Env ?? []).map((e) => e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('='))),
    user: c.User ?? view.user,
    securityOptions: [...(c.HostConfig.SecurityOpt ?? [])],
    capDrop: [...(c.HostConfig.CapDrop ?? [])],
    command: [...(c.Cmd ?? view.command)],
  };
}
