/**
 * How `lwc` meets its process: broken pipes and termination signals. Kept apart from main.ts so the composition root
 * stays a list of commands.
 */

/**
 * A writer for stdout or stderr that goes quiet once the reader has gone: `lwc plan list --json | head -c 10` closes
 * the pipe while lwc is still writing, and node then emits EPIPE as an unhandled 'error' (a stack trace, exit 1).
 * The command itself runs to its end, so nothing it changes is left half done; only its output is dropped.
 */
export function quietWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', () => {
    // EPIPE (the reader exited) or any other failure of a standard stream: there is nowhere left to report it.
    open = false;
  });
  return (text) => {
    if (open && !stream.destroyed && stream.writable) stream.write(text);
  };
}

const SIGNAL_NUMBER = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
type HandledSignal = keyof typeof SIGNAL_NUMBER;

export interface SignalExit {
  /** The exit code to report: the command's own, or 128 + the signal's number once a signal arrived (130, 143). */
  exitCode(commandCode: number): number;
  /** True once SIGINT or SIGTERM arrived. */
  readonly signalled: boolean;
}

/**
 * SIGINT and SIGTERM abort the running command through its AbortSignal, so it can clean up as on Ctrl-C (remove its
 * container, restore pointers) and return promptly; the process then exits with the conventional 128 + signal number.
 * A second signal exits at once: the user insists, and a command stuck in cleanup must not hold the terminal.
 */
export function abortOnSignals(controller: AbortController, exit: (code: number) => void = (code) => process.exit(code)): SignalExit {
  let received: HandledSignal | undefined;
  const handle = (signal: HandledSignal): void => {
    if (received !== undefined) {
      exit(128 + SIGNAL_NUMBER[signal]);
      return;
    }
    received = signal;
    controller.abort(new Error(`lwc received ${signal}`));
  };
  for (const signal of Object.keys(SIGNAL_NUMBER) as HandledSignal[]) process.on(signal, () => handle(signal));
  return {
    exitCode: (commandCode) => (received === undefined ? commandCode : 128 + SIGNAL_NUMBER[received]),
    get signalled() {
      return received !== undefined;
    },
  };
}
