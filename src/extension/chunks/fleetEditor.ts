/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/fleetEditor.js, required when a fleet
 * command first runs (see ../lazy.ts). It brings the supervisor (runFleet), `down`, the status model and the fleet
 * terminals.
 */
import type { LwContext } from '../context';
import { startWorkers, type StartWorkersResult } from '../fleet/startWorkers';
import { stopOneWorker, type StopWorkerResult } from '../fleet/stopOneWorker';
import { stopWorkers, type StopWorkersResult } from '../fleet/stopWorkers';
import { showTerminals, showWorkerTerminal } from '../fleet/terminalCommands';
import { FleetTerminals, type FleetTerminalTrace } from '../fleet/terminals';

let terminals: FleetTerminals | undefined;
const terminalsOf = (): FleetTerminals => (terminals ??= new FleetTerminals());

export const fleetStart = (ctx: LwContext, arg: unknown): Promise<StartWorkersResult> => startWorkers(ctx, terminalsOf(), arg);
export const fleetStop = (ctx: LwContext, arg: unknown): Promise<StopWorkersResult> => stopWorkers(ctx, arg);
export const fleetStopWorker = (ctx: LwContext, arg: unknown): Promise<StopWorkerResult> => stopOneWorker(ctx, arg);
export const fleetShowWorkerTerminal = (ctx: LwContext, arg: unknown): ReturnType<typeof showWorkerTerminal> => showWorkerTerminal(ctx, terminalsOf(), arg);
export const fleetShowTerminals = (ctx: LwContext, arg: unknown): ReturnType<typeof showTerminals> => showTerminals(ctx, terminalsOf(), arg);
export const fleetTerminalTraces = (): FleetTerminalTrace[] => terminals?.traces() ?? [];
