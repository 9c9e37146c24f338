/**
 * The name a fleet worker claims tasks under. It carries the supervisor's host and pid, so that after a kill -9 of the
 * supervisor anyone on that host can prove the holder of a claim dead (its pid is gone) and return the task to the
 * queue at once, even when supervisor.json is gone too; elsewhere the lease still brings it back.
 *
 * Shape: `w<index>@<hostname>:<pid>`, e.g. `w2@build-7:41233`. Short names (`w2`) are for people.
 */

export interface FleetWorkerId {
  /** 1-based. */
  readonly index: number;
  readonly hostname: string;
  readonly pid: number;
}

export const workerShortName = (index: number): string => `w${index}`;

export function fleetWorkerId(id: FleetWorkerId): string {
  return `${workerShortName(id.index)}@${id.hostname}:${id.pid}`;
}

const PATTERN = /^w([1-9][0-9]*)@(.+):([1-9][0-9]*)$/;

/** The parts of a fleet worker's name, or undefined for any other claimer (`lwc task claim --worker bob`). */
export function parseFleetWorkerId(worker: string): FleetWorkerId | undefined {
  const m = PATTERN.exec(worker);
  if (!m) return undefined;
  return { index: Number(m[1]), hostname: m[2]!, pid: Number(m[3]) };
}

/**
 * Whether the claimer `worker` is provably dead from this host: a fleet worker of this host whose supervisor process
 * is gone. Another host's worker, or a name that is not a fleet worker's, cannot be judged here (its lease decides).
 */
export function workerProvablyDead(worker: string, here: { readonly hostname: string; readonly pid: number; isAlive(pid: number): boolean }): boolean {
  const id = parseFleetWorkerId(worker);
  if (!id || id.hostname !== here.hostname) return false;
  return id.pid !== here.pid && !here.isAlive(id.pid);
}
