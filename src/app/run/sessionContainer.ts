import type { ContainerCreateOptions } from '../../core/container/createOptions';
import type { ContainerEngine } from '../../core/ports/containerEngine';

/**
 * One agent container's life: create, attach (before start, so its first bytes are kept), start, hand the live session
 * to whoever shows it (the CLI's TTY, a VS Code Pseudoterminal, a test), then stop and remove it however it ended.
 */

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** What an attach step gets: the running container's stdio, its exit, and a way to end it. */
export interface LiveSession {
  readonly containerId: string;
  readonly containerName: string;
  /** The container has a TTY: output is one raw terminal stream, input is keystrokes. */
  readonly tty: boolean;
  /** Output as it arrives (bytes from before the first listener are replayed to it). */
  onOutput(listener: (chunk: Uint8Array, stream: 'stdout' | 'stderr') => void): void;
  write(data: string | Uint8Array): void;
  /** Closes the agent's stdin (EOF). */
  endInput(): void;
  resize(size: TerminalSize): Promise<void>;
  /** Resolves with the container's exit code once it stopped. */
  readonly exited: Promise<number>;
  /** Stops the container (SIGTERM, then SIGKILL after a grace period): what closing a terminal does. */
  stop(): Promise<void>;
}

/**
 * Shows a live session to the user and resolves when the user is done with it — normally `session.exited`. The exit
 * code recorded is always the container's own, so an attach step that returns early simply ends the session.
 */
export type AttachSession = (session: LiveSession) => Promise<number>;

export type ContainerLifecycleEvent =
  | { readonly type: 'container-created'; readonly containerId: string; readonly name: string }
  | { readonly type: 'container-started'; readonly containerId: string; readonly name: string }
  | { readonly type: 'container-exited'; readonly containerId: string; readonly exitCode: number }
  | { readonly type: 'container-removed'; readonly containerId: string }
  | { readonly type: 'container-cleanup-failed'; readonly containerId: string; readonly message: string };

export interface SessionRunOptions {
  readonly attach: AttachSession;
  /** Aborting stops the container; the session then ends with its exit code (cancelled: true). */
  readonly signal?: AbortSignal;
  readonly initialSize?: TerminalSize;
  readonly graceSeconds?: number;
  readonly onEvent?: (event: ContainerLifecycleEvent) => void;
  /**
   * Awaited once the container runs, before the attach step (its output is kept meanwhile): work that must happen only
   * when the agent really started, such as marking the plan `coding`. Must not throw: a failure here would stop the
   * session the user is about to see.
   */
  readonly onStarted?: () => Promise<void>;
}

export interface SessionRunResult {
  readonly containerId: string;
  readonly exitCode: number;
  readonly cancelled: boolean;
  readonly startedAt: Date;
  readonly endedAt: Date;
}

/** Runs a container to its end through `attach`; the container is removed on every ending, errors included. */
export async function runSessionContainer(engine: ContainerEngine, create: ContainerCreateOptions, options: SessionRunOptions): Promise<SessionRunResult> {
  const grace = options.graceSeconds ?? 5;
  const name = create.name ?? '';
  // Engines from API 1.42 size the TTY at creation (ConsoleSize), so the agent's first frame already fits; older ones
  // ignore the field and get the resize right after start below.
  const sized = options.initialSize && create.Tty === true
    ? { ...create, HostConfig: { ...create.HostConfig, ConsoleSize: [options.initialSize.rows, options.initialSize.columns] } }
    : create;
  const { id } = await engine.createContainer(sized);
  options.onEvent?.({ type: 'container-created', containerId: id, name });
  let cancelled = false;
  let onAbort: (() => void) | undefined;
  try {
    const tty = create.Tty === true;
    const attachment = await engine.attachContainer(id, { stdin: create.OpenStdin === true, tty });
    await engine.startContainer(id);
    const startedAt = new Date();
    options.onEvent?.({ type: 'container-started', containerId: id, name });
    // Wait is asked only after start: on a created container the engine answers at once.
    const exited = engine.waitContainer(id);
    exited.catch(() => undefined);
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => (stopping ??= engine.stopContainer(id, { graceSeconds: grace }).catch(() => undefined));
    onAbort = (): void => {
      cancelled = true;
      void stop();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    await options.onStarted?.();
    if (options.initialSize && tty) await attachment.resize(options.initialSize).catch(() => undefined);
    const session: LiveSession = {
      containerId: id,
      containerName: name,
      tty,
      onOutput: (l) => attachment.onOutput(l),
      write: (d) => attachment.write(d),
      endInput: () => attachment.endInput(),
      resize: (s) => attachment.resize(s),
      exited,
      stop,
    };
    try {
      await options.attach(session);
    } finally {
      // Whatever the attach step did, the session is over once it returns: make sure the container is too.
      const info = await engine.inspectContainer(id).catch(() => undefined);
      if (info?.running) await stop();
    }
    const exitCode = await exited;
    // The last output may still be in flight after the exit; wait for the stream's end, but not forever — and clear
    // the timer, or it alone keeps `lwc code` alive for its full length after the work is done.
    let drained: NodeJS.Timeout | undefined;
    await Promise.race([attachment.ended, new Promise((r) => (drained = setTimeout(r, 2000)))]);
    clearTimeout(drained);
    attachment.detach();
    options.onEvent?.({ type: 'container-exited', containerId: id, exitCode });
    return { containerId: id, exitCode, cancelled, startedAt, endedAt: new Date() };
  } finally {
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    try {
      await engine.removeContainer(id, { force: true });
      options.onEvent?.({ type: 'container-removed', containerId: id });
    } catch (error) {
      options.onEvent?.({ type: 'container-cleanup-failed', containerId: id, message: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** An attach step for callers with no terminal: collects output and waits for the exit (tests, headless callers). */
export function collectOutput(sink: (text: string, stream: 'stdout' | 'stderr') => void): AttachSession {
  return async (session) => {
    session.onOutput((chunk, stream) => sink(Buffer.from(chunk).toString('utf8'), stream));
    session.endInput();
    return session.exited;
  };
}
