import type { LwContext } from '../../context';
import { loadFleetEditor } from '../../lazy';

/** lwCoder.fleet.showWorkerTerminal <worker id | { workerId }> — see src/extension/fleet/terminalCommands.ts. */
export function showWorkerTerminal(ctx: LwContext) {
  return async (arg?: unknown) => (await loadFleetEditor()).fleetShowWorkerTerminal(ctx, arg);
}
