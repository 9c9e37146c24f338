import type { LwContext } from '../../context';
import { loadFleetEditor } from '../../lazy';

/** lwCoder.fleet.start — see src/extension/fleet/startWorkers.ts (the supervisor loads with the fleet chunk). */
export function startFleet(ctx: LwContext) {
  return async (arg?: unknown) => (await loadFleetEditor()).fleetStart(ctx, arg);
}
