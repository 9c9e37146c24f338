import type { LwContext } from '../../context';
import { loadFleetEditor } from '../../lazy';

/** lwCoder.fleet.stopWorker <worker id | { workerId }> — see src/extension/fleet/stopOneWorker.ts. */
export function stopFleetWorker(ctx: LwContext) {
  return async (arg?: unknown) => (await loadFleetEditor()).fleetStopWorker(ctx, arg);
}
