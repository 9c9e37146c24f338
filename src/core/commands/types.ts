/**
 * Multi-step commands (issue 14, prunejuice's model): the shapes every layer shares. The parser (catalog) produces a
 * `ResolvedCommand` (after `extends`, defaults applied); the executor (app/commands/run) consumes it and writes a
 * `SessionRecord` to `.lw_coder/sessions/<id>/session.json` after every step. Pure types: no I/O here.
 */

export type ArgumentType = 'string' | 'number' | 'boolean' | 'choice';

export interface CommandArgument {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly type: ArgumentType;
  /** Only for `choice`. */
  readonly choices?: readonly string[];
  /** Kept as the YAML gave it (string form for string/choice, number/boolean for those types). */
  readonly default?: string | number | boolean;
  /**
   * Where it is declared (the parent's file when `extends` brought it), so a bad value given to `lwc cmd run` or the
   * editor is reported at the declaration it breaks. Absent for commands built in code.
   */
  readonly declaredAt?: { readonly file: string; readonly line: number; readonly column: number };
}

export type StepType = 'builtin' | 'shell' | 'script' | 'agent';

export interface StepRetry {
  /** Extra attempts after the first failure (0 = none). */
  readonly count: number;
  /** Seconds between attempts. */
  readonly delaySeconds: number;
}

/** A step after normalisation: a bare string `foo` becomes `{ name: 'foo', type: 'builtin', action: 'foo' }`. */
export interface CommandStep {
  readonly name: string;
  readonly type: StepType;
  /** Built-in name, shell command, script path (relative to the repository), or prompt file for `agent`. */
  readonly action: string;
  /** Arguments passed without a shell (script argv, built-in options); may hold `{{ args.x }}` placeholders. */
  readonly args: readonly string[];
  /** Seconds; undefined = the command's remaining budget (cleanup steps: 60). */
  readonly timeoutSeconds?: number;
  /** Expression over `args.*` and `shared.*`, e.g. `args.skip_tests != true`; undefined = always. */
  readonly when?: string;
  readonly retry: StepRetry;
  readonly continueOnError: boolean;
}

export type Lifecycle = 'standard' | 'session' | 'worktree';

export type StepPhase = 'pre' | 'main' | 'post' | 'cleanup';

/** Where a command came from; `.lw_coder/commands` wins over `.prj/commands` on a name clash. */
export interface CommandSource {
  readonly file: string;
  readonly origin: 'lw_coder' | 'prunejuice';
}

export interface ResolvedCommand {
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly promptFile?: string;
  /** Chain of parents after `extends` (nearest first); empty when none. */
  readonly extendsChain: readonly string[];
  readonly arguments: readonly CommandArgument[];
  readonly environment: Readonly<Record<string, string>>;
  readonly preSteps: readonly CommandStep[];
  readonly steps: readonly CommandStep[];
  readonly postSteps: readonly CommandStep[];
  readonly cleanupOnFailure: readonly CommandStep[];
  readonly workingDirectory?: string;
  /** Whole-command budget in seconds (default 1800). */
  readonly timeoutSeconds: number;
  /** Branch for the worktree lifecycle; default `lwc/<command>-<timestamp>`. */
  readonly branchName?: string;
  readonly lifecycle: Lifecycle;
  readonly source: CommandSource;
}

/** A parse or validation problem, located like plan errors are. */
export interface CommandProblem {
  readonly file: string;
  /** 1-based; 0 when the problem is about the file as a whole. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly fix: string;
  readonly severity: 'error' | 'warning';
}

export type SessionStatus = 'active' | 'completed' | 'failed' | 'cancelled';
export type StepStatus = 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';

export interface StepExecution {
  readonly name: string;
  readonly phase: StepPhase;
  /** Index within the whole sequence pre → main → post (cleanup steps continue the numbering). */
  readonly index: number;
  readonly status: StepStatus;
  readonly attempts: number;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly exitCode?: number;
  /** Last lines of output (bounded), the full output is in `logFile`. */
  readonly outputTail?: string;
  readonly error?: string;
  /** Relative to the artifact directory, e.g. `logs/step-3-run-tests.log`. */
  readonly logFile?: string;
}

export interface SessionRecord {
  readonly version: 1;
  readonly id: string;
  readonly command: string;
  readonly arguments: Readonly<Record<string, string | number | boolean>>;
  readonly projectPath: string;
  readonly worktreePath?: string;
  readonly branch?: string;
  readonly lifecycle: Lifecycle;
  /** Name of the terminal the session runs in (editor) or undefined (CLI). */
  readonly terminal?: string;
  readonly sharedData: Readonly<Record<string, string>>;
  readonly stepHistory: readonly StepExecution[];
  /** Absolute; `.lw_coder/sessions/<id>/artifacts`. */
  readonly artifactDir: string;
  readonly status: SessionStatus;
  readonly createdAt: string;
  readonly endedAt?: string;
  /** The failing step's error, when failed. */
  readonly error?: string;
}
