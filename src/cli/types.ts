/** What a CLI command sees of the world: injected so tests can run commands in-process. */
export interface CliIO {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdin and stdout are a terminal (confirmation prompts are only asked there). */
  readonly interactive: boolean;
  /** Reads one line from the user; only called when `interactive`. */
  readonly prompt?: (question: string) => Promise<string>;
  readonly signal: AbortSignal;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CliCommand {
  /** Words that select the command, e.g. ['plan', 'validate']. */
  readonly path: readonly string[];
  readonly summary: string;
  /** One usage line, e.g. 'lwc plan validate [PATH...] [--json]'. */
  readonly usage: string;
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** Thrown for bad arguments: main prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
