/**
 * Logging as the core and use cases see it. The extension implements it over one LogOutputChannel, the CLI over stderr.
 * Each logger belongs to a component; implementations prefix every line with `[component]` so one shared channel stays
 * readable when plans, the language client and (later) runs all write to it.
 */
export interface Logger {
  /** Protocol-level detail: only shown when the user raises the log level to Trace. */
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  /** Something went wrong but the work continued (e.g. one plan file could not be read). */
  warn(message: string, ...args: unknown[]): void;
  /** A failure the user may need to act on; pass the Error so its stack reaches the log. */
  error(message: string | Error, ...args: unknown[]): void;
}

/** For callers that must log somewhere but have nowhere useful to log (tests of pure code, library defaults). */
export const SILENT_LOGGER: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
