import type { RunArgFinding } from '../../core/container/runArgs';
import type { UserModelSetting } from '../../core/env/openrouter';
import type { ContainerEngine, ImageInputFiles } from '../../core/ports/containerEngine';
import type { CredentialConsentStore } from '../../core/ports/credentialConsent';
import type { PlanFilesPort } from '../../core/ports/planFiles';
import type { ConfirmEndpoint, SecretLookup } from '../../core/ports/secrets';
import type { TextFilesPort } from '../../core/ports/textFiles';
import type { WorktreeEvent } from '../../core/worktree/events';
import type { CredentialChoices } from './credentialGate';
import type { PlanFileReport } from '../plans';
import type { PromptDeps, PromptProgress } from '../prompts/prompts';
import type { SessionOwner } from './sessionClaim';
import type { AttachSession, ContainerLifecycleEvent, TerminalSize } from './sessionContainer';
import type { WorktreeDeps } from '../worktree/worktreeDeps';

/** Facts about the host a session needs; the node adapter fills them (src/adapters/session/runPlanDeps.ts). */
export interface SessionHost {
  /** The container runs as this UID:GID, so files the agent writes in the worktree stay the user's. */
  readonly uid: number;
  readonly gid: number;
  /** The directory holding docker/droid/Dockerfile (the base image's build context). */
  readonly baseDockerfileDir: string;
  /** BASE_IMAGE build arg of the base Dockerfile; undefined: its own default (node:20-bookworm-slim). */
  readonly baseImageFrom?: string;
  /** A PEM bundle trusted inside the base image (TLS-inspecting networks). */
  readonly extraCaFile?: string;
  /** droid's credentials and settings on the host: mounted read-only when, and only when, they exist. */
  readonly droidAuthFile: string;
  readonly droidSettingsFile: string;
  /** The plan-only droids (plan authoring mounts these, coding runs never do). */
  readonly planDroidsDir: string;
}

/** Every port runPlan and authorPlan use; one object per repository, built by a composition root. */
export interface RunPlanDeps {
  readonly worktree: WorktreeDeps;
  readonly planFiles: PlanFilesPort;
  readonly textFiles: TextFilesPort;
  readonly prompts: PromptDeps;
  readonly engine: ContainerEngine;
  readonly imageFiles: ImageInputFiles;
  readonly host: SessionHost;
  /** The user's answers about credentials entering agent containers (app/credentialGate.ts). */
  readonly consent: CredentialConsentStore;
}

export type RunStage = 'validate' | 'config' | 'worktree' | 'status' | 'prompts' | 'images' | 'session' | 'cleanup' | 'done';

/** Progress of a run, for a notification, a log channel or the CLI's stderr; `message` is ready to show. */
export type RunPlanEvent =
  | { readonly type: 'stage'; readonly stage: RunStage; readonly message: string }
  /** `code` names warnings a surface words in its own language (the editor names its commands, the CLI its flags). */
  | { readonly type: 'warning'; readonly message: string; readonly code?: 'prompts-from-templates' }
  | { readonly type: 'worktree'; readonly event: WorktreeEvent }
  | { readonly type: 'prompts'; readonly progress: PromptProgress }
  | { readonly type: 'image'; readonly image: 'base' | 'repo'; readonly line: string }
  | { readonly type: 'plan-status'; readonly planId: string; readonly from: string | null; readonly to: string }
  /** The run directory exists and holds the prompts: a UI can open it (the feedback panel follows it live). */
  | { readonly type: 'run-dir'; readonly planId: string; readonly runDir: string }
  | { readonly type: 'container'; readonly event: ContainerLifecycleEvent }
  /**
   * The agent's session is over and the outcome recorded: how it ended, whether the worktree changed since the run
   * started, and the plan's status now, with `message` saying so in a sentence (e.g. "droid exited without changing
   * the worktree; add-login returns to ready"). Emitted only by runs whose agent started.
   */
  | {
    readonly type: 'session-ended';
    readonly planId: string;
    readonly exitCode: number;
    readonly cancelled: boolean;
    /** undefined: git could not tell. */
    readonly worktreeChanged: boolean | undefined;
    readonly status: string;
    readonly message: string;
  };

export type RunPlanErrorCode =
  | 'plan-invalid'
  | 'run-args-refused'
  | 'run-args-not-confirmed'
  | 'credentials-not-allowed'
  | 'agent-command-invalid'
  | 'plan-exists'
  | 'plan-not-written';

/** A run refused before anything was changed (or, for authoring, an agent that did not deliver); message holds the fix. */
export class RunPlanError extends Error {
  override readonly name = 'RunPlanError';
  constructor(
    readonly code: RunPlanErrorCode,
    message: string,
    readonly findings: readonly RunArgFinding[] = [],
  ) {
    super(message);
  }
}

/** Options shared by the real run, the dry-run and plan authoring. */
export interface SessionChoices {
  /** The repository root (main worktree). */
  readonly repoRoot: string;
  /** Replaces droid with `sh -c <command>` in the container (tests, custom agents). */
  readonly agentCommandOverride?: string;
  /** Let the agent write the shared git dir (commits from inside the container). Default read-only. */
  readonly repoGitWritable?: boolean;
  /** The host environment forward_env patterns select from. */
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  /** Give the container a TTY (a terminal is attached); default true. */
  readonly tty?: boolean;
}

export interface RunPlanOptions extends SessionChoices, CredentialChoices {
  /** The plan, resolved and validated (resolvePlanArgument / validatePlanFiles). */
  readonly plan: PlanFileReport;
  /**
   * 'templates' renders the built-in prompts; 'model' asks the endpoint (a missing key fails fast); 'auto' asks the
   * endpoint when a key is available and falls back to the templates, with a warning, when none is.
   * `[prompts] source = "templates"` in config.toml always wins.
   */
  readonly promptSource: 'model' | 'templates' | 'auto';
  readonly noCache?: boolean;
  /** Asked when `[code] docker_run_args` holds options that weaken the container; without it they are refused. */
  readonly allowDangerousRunArgs?: (findings: readonly RunArgFinding[]) => Promise<boolean>;
  readonly confirmEndpoint?: ConfirmEndpoint;
  readonly trustEndpoint?: boolean;
  readonly secretLookup?: SecretLookup;
  /** The user's own OpenRouter base URL (machine settings): trusted with the key, ahead of the env file's. */
  readonly userBaseUrl?: string;
  /** The editor's prompt-model setting (value and name, for model errors); see GeneratePromptsOptions. */
  readonly userModel?: UserModelSetting;
  /** Bridges the container to the user's terminal; resolves when the session is over (usually `session.exited`). */
  readonly attach: AttachSession;
  readonly initialSize?: TerminalSize;
  readonly onEvent?: (event: RunPlanEvent) => void;
  /** Aborting stops the container and ends the run (pointers restored, container removed, outcome recorded). */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Who runs the session, named to a second run of the same plan when it is refused (SessionRunningError). */
  readonly owner?: SessionOwner;
}

export interface RunPlanResult {
  readonly planId: string;
  readonly runDir: string;
  /** The agent container's exit code. */
  readonly exitCode: number;
  /**
   * The plan's status after the run (runPlanStatus.ts): implemented after exit 0 with a changed worktree, the status
   * from before the run after exit 0 without a change, coding after a cancelled or failed session.
   */
  readonly status: string;
  readonly cancelled: boolean;
  /** Whether the worktree changed since the run started (undefined: git could not tell). */
  readonly worktreeChanged: boolean | undefined;
  readonly worktreePath: string;
  readonly containerName: string;
  readonly image: string;
}
