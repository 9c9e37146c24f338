import type { LwContext } from '../../context';
import { loadFleetEditor } from '../../lazy';

/** lwCoder.fleet.stop — see src/extension/fleet/stopWorkers.ts. */
export function stopFleet(ctx: LwContext) {
  return async (arg?: unknown) => (await loadFleetEditor()).fleetStop(ctx, arg);
}
