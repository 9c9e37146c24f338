import type { LwContext } from '../../context';
import { loadFleetEditor } from '../../lazy';

/** lwCoder.fleet.showTerminals [{ workers }] — see src/extension/fleet/terminalCommands.ts. */
export function showFleetTerminals(ctx: LwContext) {
  return async (arg?: unknown) => (await loadFleetEditor()).fleetShowTerminals(ctx, arg);
}
