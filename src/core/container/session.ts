import { CONTAINER_REPO_GIT, CONTAINER_WORKSPACE } from '../worktree/layout';

/**
 * The container session for a coding run, as data (seeds 000/001): which image, what is mounted where, which variables
 * go in, as whom it runs and how it is confined. The dry-run prints it; toDockerCreateOptions turns it into the engine's
 * create body. Pure: the caller checks the file system (for instance whether droid's auth file exists) and says so in
 * the input, because a bind mount of a missing file would otherwise turn into a directory.
 */

/** Where the run's main prompt appears inside the container (seed 001). */
export const CONTAINER_PROMPT_FILE = '/tmp/lw_coder/main_prompt.md';
export const CONTAINER_HOME = '/home/droiduser';
/** The run's coding droids (only those: plan-only droids are never mounted into a coding run). */
export const CONTAINER_DROIDS_DIR = `${CONTAINER_HOME}/.factory/droids`;
export const CONTAINER_AUTH_FILE = `${CONTAINER_HOME}/.factory/auth.json`;
export const CONTAINER_SETTINGS_FILE = `${CONTAINER_HOME}/.factory/settings.json`;
/**
 * The headless backend's files directory (host side `<runDir>/agent`, mounted read-write): the CLI's home, its
 * schema and last message live there.
 */
export const CONTAINER_AGENT_DIR = '/tmp/lw_coder/agent';
/** The variable LW Coder sets to CONTAINER_HOME (withHome): the image has no passwd entry for the host UID. */
export const HOME_VARIABLE = 'HOME';
/** The repository's live tasks directory, where the worktree's own copy would be: the agent reads (or, when
 * authoring a plan, writes) `.lw_coder/tasks/<plan_id>.md` relative to its working directory. */
export const CONTAINER_TASKS_DIR = `${CONTAINER_WORKSPACE}/.lw_coder/tasks`;

/** Labels on every container LW Coder creates, so `lwc recover` finds what a crash left behind. */
export const LABEL_MANAGED = 'lw_coder.managed';
export const LABEL_PLAN_ID = 'lw_coder.plan_id';
export const LABEL_RUN_ID = 'lw_coder.run_id';
export const LABEL_REPO = 'lw_coder.repo';
export const LABEL_WORKTREE = 'lw_coder.worktree';
export const LABEL_KIND = 'lw_coder.kind';

export const DEFAULT_PIDS_LIMIT = 4096;
export const DEFAULT_MEMORY_BYTES = 8 * 1024 ** 3;

export type SessionKind = 'interactive' | 'headless' | 'plan-authoring';

export interface SessionMount {
  /** Absolute host path. */
  readonly source: string;
  /** Absolute container path. */
  readonly target: string;
  readonly readOnly: boolean;
}

export interface SessionEnvVar {
  readonly name: string;
  readonly value: string;
}

/** A host file that is mounted only when it exists. */
export interface OptionalHostFile {
  readonly path: string;
  readonly exists: boolean;
}

export interface SessionInput {
  readonly kind: SessionKind;
  /** The image to run, e.g. `lw_coder_droid:<repo_hash>`. */
  readonly image: string;
  /** The base image it was built on, e.g. `lw_coder_droid:latest` (reported by the dry-run). */
  readonly baseImage: string;
  readonly planId: string;
  readonly runId: string;
  readonly repoRoot: string;
  /** The plan's worktree (host path), mounted read-write at CONTAINER_WORKSPACE. */
  readonly worktreePath: string;
  /** The repository's git common dir (`git rev-parse --git-common-dir`, absolute), mounted at CONTAINER_REPO_GIT. */
  readonly repoGitDir: string;
  /** Opt-in: let the agent write the shared git dir (commits from inside the container). Default read-only. */
  readonly repoGitWritable?: boolean;
  readonly tasksDir: string;
  /** Plan authoring writes the new plan here; coding runs read it only. */
  readonly tasksWritable?: boolean;
  /** The run's generated main prompt (host path). */
  readonly promptFile: string;
  /** The run's droids directory (host path) holding only this run's coding droids. */
  readonly droidsDir: string;
  readonly droidAuth?: OptionalHostFile;
  readonly droidSettings?: OptionalHostFile;
  /** Variables already chosen by the env-forwarding rules (core/env); values never leave the process except into the container. */
  readonly env: readonly SessionEnvVar[];
  readonly hostUser: { readonly uid: number; readonly gid: number };
  /** What runs in the container; default `droidInteractiveCommand()`. */
  readonly command?: readonly string[];
  readonly pidsLimit?: number;
  readonly memoryBytes?: number;
  /** Default true for interactive sessions, false otherwise. */
  readonly tty?: boolean;
}

export interface ContainerSessionSpec {
  /** Docker container name, unique per run: `lwc-<plan_id>-<run_id>`. */
  readonly name: string;
  readonly image: string;
  readonly baseImage: string;
  readonly mounts: readonly SessionMount[];
  readonly env: readonly SessionEnvVar[];
  readonly user: string;
  readonly securityOptions: readonly string[];
  readonly capDrop: readonly string[];
  readonly pidsLimit: number;
  readonly memoryBytes: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly workingDir: string;
  readonly command: readonly string[];
  readonly tty: boolean;
  readonly openStdin: boolean;
}

/**
 * droid started on the mounted prompt, as lw_coder does (`droid "$(cat <prompt>)"`), through bash so the prompt's
 * characters are never re-parsed by a shell on the host.
 */
export const droidInteractiveCommand = (): readonly string[] => ['bash', '-c', `exec droid "$(cat ${CONTAINER_PROMPT_FILE})"`];

export function buildSessionSpec(input: SessionInput): ContainerSessionSpec {
  const mounts: SessionMount[] = [
    { source: input.worktreePath, target: CONTAINER_WORKSPACE, readOnly: false },
    { source: input.repoGitDir, target: CONTAINER_REPO_GIT, readOnly: input.repoGitWritable !== true },
    { source: input.tasksDir, target: CONTAINER_TASKS_DIR, readOnly: input.tasksWritable !== true },
    { source: input.promptFile, target: CONTAINER_PROMPT_FILE, readOnly: true },
    { source: input.droidsDir, target: CONTAINER_DROIDS_DIR, readOnly: true },
  ];
  // Read-only: droid only reads these; a session must not be able to rewrite the user's credentials on the host.
  if (input.droidAuth?.exists === true) mounts.push({ source: input.droidAuth.path, target: CONTAINER_AUTH_FILE, readOnly: true });
  if (input.droidSettings?.exists === true) mounts.push({ source: input.droidSettings.path, target: CONTAINER_SETTINGS_FILE, readOnly: true });

  const interactive = input.kind !== 'headless';
  return {
    name: containerNameFor(input.planId, input.runId),
    image: input.image,
    baseImage: input.baseImage,
    mounts,
    env: withHome(input.env),
    user: `${input.hostUser.uid}:${input.hostUser.gid}`,
    securityOptions: ['no-new-privileges'],
    capDrop: ['ALL'],
    pidsLimit: input.pidsLimit ?? DEFAULT_PIDS_LIMIT,
    memoryBytes: input.memoryBytes ?? DEFAULT_MEMORY_BYTES,
    labels: {
      [LABEL_MANAGED]: 'true',
      [LABEL_KIND]: input.kind,
      [LABEL_PLAN_ID]: input.planId,
      [LABEL_RUN_ID]: input.runId,
      [LABEL_REPO]: input.repoRoot,
      [LABEL_WORKTREE]: input.worktreePath,
    },
    workingDir: CONTAINER_WORKSPACE,
    command: input.command ?? droidInteractiveCommand(),
    tty: input.tty ?? interactive,
    openStdin: interactive,
  };
}

/**
 * The host user's UID has no passwd entry in the image, so HOME would be `/`; droid keeps its state under HOME.
 * A forwarded HOME from the host would point at a path that does not exist in the container, so ours wins.
 */
function withHome(env: readonly SessionEnvVar[]): SessionEnvVar[] {
  return [{ name: HOME_VARIABLE, value: CONTAINER_HOME }, ...env.filter((v) => v.name !== HOME_VARIABLE)];
}

/** Docker names allow `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; plan ids already do, run ids (timestamps) may hold `:`. */
export function containerNameFor(planId: string, runId: string): string {
  const safe = (s: string): string => s.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return `lwc-${safe(planId)}-${safe(runId)}`;
}

/** The dry-run view (`lwc code --dry-run --json`): everything but variable values. */
export function sessionDryRunView(spec: ContainerSessionSpec): {
  image: string; baseImage: string; mounts: SessionMount[]; env: string[]; user: string;
  securityOptions: string[]; capDrop: string[]; command: string[];
} {
  return {
    image: spec.image,
    baseImage: spec.baseImage,
    mounts: spec.mounts.map((m) => ({ source: m.source, target: m.target, readOnly: m.readOnly })),
    env: spec.env.map((v) => v.name),
    user: spec.user,
    securityOptions: [...spec.securityOptions],
    capDrop: [...spec.capDrop],
    command: [...spec.command],
  };
}
