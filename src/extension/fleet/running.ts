/**
 * What of the fleet lives in this extension host and must end with it: a supervisor started by "Start Workers" and the
 * fleet terminals. Light on purpose (no app code): deactivate() imports it without loading the fleet chunk.
 */

export interface HostedSupervisor {
  readonly repoRoot: string;
  readonly pid: number;
  /** Asks it to stop (its workers cancel their runs: containers removed, pointers restored, tasks released). */
  stop(reason: string): void;
  /** Settles when runFleet has returned. */
  readonly done: Promise<unknown>;
}

const supervisors = new Map<string, HostedSupervisor>();
const cleanups = new Set<() => void>();

export function hostedSupervisor(repoRoot: string): HostedSupervisor | undefined {
  return supervisors.get(repoRoot);
}

export function hostSupervisor(s: HostedSupervisor): () => void {
  supervisors.set(s.repoRoot, s);
  return () => {
    if (supervisors.get(s.repoRoot) === s) supervisors.delete(s.repoRoot);
  };
}

/** Something to dispose when the extension deactivates (the terminals' watchers). */
export function onFleetShutdown(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** How long deactivate waits for the workers to cancel their runs before it lets the host go. */
export const SHUTDOWN_WAIT_MS = 20_000;

/**
 * Stops every hosted supervisor and waits (bounded) until they have released their tasks. Should the host be killed
 * first, nothing is lost: the workers' claims carry this host's pid (core/fleet/workerId.ts), so the next Start
 * Workers, `lwc up`, `lwc down` or `lwc recover` releases them at once and removes the containers left; elsewhere the
 * leases expire.
 */
export async function shutDownFleet(waitMs = SHUTDOWN_WAIT_MS): Promise<void> {
  for (const c of [...cleanups]) c();
  cleanups.clear();
  const running = [...supervisors.values()];
  for (const s of running) s.stop('the editor window is closing');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(running.map((s) => s.done)),
    new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]);
  clearTimeout(timer);
}
