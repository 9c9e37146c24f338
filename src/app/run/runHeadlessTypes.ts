import type { AgentId, ModelProvider } from '../../core/agent/backend';
import type { AgentEvent } from '../../core/agent/events';
import type { FailureKind } from '../../core/agent/policy';
import type { CodingResult } from '../../core/agent/result';
import type { RunArgFinding } from '../../core/container/runArgs';
import type { UserModelSetting } from '../../core/env/openrouter';
import type { ConfirmEndpoint, SecretLookup } from '../../core/ports/secrets';
import type { CredentialChoices } from './credentialGate';
import type { PlanFileReport } from '../plans';
import type { RunPlanDeps, RunPlanEvent } from './runPlanTypes';
import type { SessionOwner } from './sessionClaim';

/**
 * Writes a headless run needs beyond WorktreeFilesPort: backend files with a mode (secrets 0600) and events.jsonl
 * appended line by line, so a reader (the feedback webview, `tail -f`) sees the run as it happens.
 */
export interface HeadlessRunFilesPort {
  writeFile(path: string, text: string, mode: number): Promise<void>;
  appendText(path: string, text: string): Promise<void>;
}

export interface RunHeadlessDeps extends RunPlanDeps {
  readonly runFiles: HeadlessRunFilesPort;
}

export interface RunHeadlessOptions extends CredentialChoices {
  readonly repoRoot: string;
  readonly plan: PlanFileReport;
  /** Default `[headless] agent` from config.toml (codex when unset). */
  readonly agent?: AgentId;
  /** Attempts before giving up on retryable failures; default `[headless] max_attempts` (2). */
  readonly maxAttempts?: number;
  /** Per attempt; the container is stopped when it runs out. Default `[headless] timeout_seconds` (30 minutes). */
  readonly timeoutMs?: number;
  /**
   * Replaces the agent CLI with `sh -c <command> sh <backend command...>`: the stand-in gets the real command line as
   * its arguments (tests, custom agents), and the prompt on stdin like the CLI would.
   */
  readonly agentCommandOverride?: string;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  /** Default 'auto': the model when a key is available, else the built-in templates (with a warning). */
  readonly promptSource?: 'model' | 'templates' | 'auto';
  /** Default `[headless] model`; undefined in both leaves the model to the agent CLI. */
  readonly model?: string;
  /**
   * Replaces `[headless] provider`. Without it, "openrouter" (the default) points the agent at the endpoint prompt
   * generation uses (OPENROUTER_BASE_URL or OpenRouter, key OPENROUTER_API_KEY); "agent" uses the CLI's own login.
   */
  readonly provider?: ModelProvider;
  /** OPENROUTER base URL from the user's machine-scoped settings (trusted, like prompt generation's). */
  readonly userBaseUrl?: string;
  /** The editor's prompt-model setting (value and name, for model errors); see GeneratePromptsOptions. */
  readonly userModel?: UserModelSetting;
  readonly secretLookup?: SecretLookup;
  readonly confirmEndpoint?: ConfirmEndpoint;
  readonly trustEndpoint?: boolean;
  readonly noCache?: boolean;
  readonly allowDangerousRunArgs?: (findings: readonly RunArgFinding[]) => Promise<boolean>;
  readonly repoGitWritable?: boolean;
  /** Who runs the session, named to a second run of the same plan when it is refused (SessionRunningError). */
  readonly owner?: SessionOwner;
  readonly onEvent?: (event: HeadlessEvent) => void;
  /** Aborting stops the running attempt's container; the run ends as a failure with the run directory complete. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

export type HeadlessEvent =
  | RunPlanEvent
  | { readonly type: 'attempt-started'; readonly attempt: number; readonly maxAttempts: number; readonly agent: AgentId }
  | { readonly type: 'agent'; readonly attempt: number; readonly event: AgentEvent }
  | { readonly type: 'attempt-ended'; readonly attempt: number; readonly outcome: 'success' | 'retryable' | 'final'; readonly kind?: FailureKind; readonly reasons: readonly string[] };

/** What result.json holds (and `lwc code --headless --json` prints the `result` of, or `{ ok: false, reasons }`). */
export type HeadlessResultFile =
  | { readonly ok: true; readonly agent: AgentId; readonly attempts: number; readonly result: CodingResult; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly agent: AgentId; readonly attempts: number; readonly kind: FailureKind | 'cancelled'; readonly reasons: readonly string[] };

export interface RunHeadlessResult {
  readonly planId: string;
  readonly runDir: string;
  readonly worktreePath: string;
  readonly outcome: HeadlessResultFile;
  /**
   * The plan's status after the run (runPlanStatus.ts): implemented after a success; the status from before the run
   * when the agent exited 0 without changing the worktree; else coding.
   */
  readonly status: string;
}
