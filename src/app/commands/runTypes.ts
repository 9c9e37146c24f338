import type { ArgValue } from '../../core/commands/stepEnv';
import type { CommandProblem } from '../../core/commands/types';
import type { CommandFilesPort, SessionStorePort, StepProcessPort } from '../../core/ports/commandSessions';
import type { WorktreeDeps } from '../worktree/worktreeDeps';

/** What `run-agent` (and `agent` steps) hand to the headless agent runner: the prompt is already substituted. */
export interface RunAgentRequest {
  readonly repoRoot: string;
  /** Where the agent works: the session's worktree, else the project. */
  readonly worktreePath: string;
  readonly prompt: string;
  readonly sessionId: string;
  readonly stepName: string;
  /** Where the runner keeps its run (events, result.json, attempt logs): inside the session's artifact directory. */
  readonly runDir: string;
  /** Absolute; the runner appends a readable account of the run. */
  readonly logFile: string;
  readonly timeoutMs: number;
  readonly env: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly onOutput?: (text: string) => void;
}

export interface RunAgentResult {
  readonly ok: boolean;
  /** The result's summary on success; the reasons on failure. */
  readonly message: string;
  readonly cancelled?: boolean;
  readonly timedOut?: boolean;
}

/** A headless agent run on a worktree (issue 6's runner and result schema); wired by the composition root. */
export type RunAgentPort = (request: RunAgentRequest) => Promise<RunAgentResult>;

/** The ports the executor uses, built per repository by a composition root (src/adapters/commands/commandDeps.ts). */
export interface CommandRunDeps {
  readonly sessions: SessionStorePort;
  readonly processes: StepProcessPort;
  readonly files: CommandFilesPort;
  readonly worktree: WorktreeDeps;
  /** Absent: `run-agent` and `agent` steps fail with a message saying so. */
  readonly runAgent?: RunAgentPort;
  /** Inherited by every step process, under the command's `environment` and the LWC_* variables. */
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly now?: () => Date;
  readonly randomHex?: () => string;
}

export type CommandRunErrorCode = 'arguments' | 'unknown-session' | 'not-resumable' | 'unsafe-path';

/** Refused before anything ran (bad arguments, a session that cannot resume): the CLI exits 2 for these. */
export class CommandRunError extends Error {
  override readonly name = 'CommandRunError';
  constructor(
    readonly code: CommandRunErrorCode,
    message: string,
    readonly problems: readonly CommandProblem[] = [],
  ) {
    super(message);
  }
}

export type ArgValues = Readonly<Record<string, ArgValue>>;
