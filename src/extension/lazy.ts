import { join } from 'node:path';
import { deferredLoader } from './deferredLoad';

/**
 * Modules too heavy for activation (target ≤ 50 ms). Each is an entry under dist/chunks/ (built from
 * src/extension/chunks/*.ts by scripts/build.mjs, sharing the libraries they have in common through
 * dist/chunks/shared-*.js) and is required on first call only, never inside activate() (see deferredLoad.ts). Bundling
 * them into extension.js, even behind lazy initialisers, would still make V8 compile ~1 MB before activate() runs.
 * Import these modules through here and nowhere else at run time, or they land back on the activation path.
 */
type PlanAppChunk = typeof import('./chunks/planApp.js');
type LanguageClientChunk = typeof import('./chunks/languageClient.js');
type WorktreesChunk = typeof import('./chunks/worktrees.js');
type RunsChunk = typeof import('./chunks/runs.js');
type PromptsChunk = typeof import('./chunks/prompts.js');
type RunChunk = typeof import('./chunks/run.js');
type FleetEditorChunk = typeof import('./chunks/fleetEditor.js');
type CommandsChunk = typeof import('./chunks/commands.js');
type WorkersChunk = typeof import('./chunks/workers.js');
type DashboardChunk = typeof import('./chunks/dashboard.js');

/** One chunk load: which, how long the require took, and when it started (performance.now()). */
export interface ChunkLoad {
  readonly name: string;
  readonly ms: number;
  readonly startedAt: number;
}

const loads: ChunkLoad[] = [];
let listener: ((load: ChunkLoad) => void) | undefined;

/** The chunks loaded so far in this extension host, in load order. */
export const chunkLoads = (): readonly ChunkLoad[] => loads;

/** Hears every chunk load from now on (the extension logs them). */
export function onChunkLoaded(hear: (load: ChunkLoad) => void): void {
  listener = hear;
}

function chunk<T>(name: string): () => Promise<T> {
  // A computed path: esbuild leaves the require alone instead of inlining the chunk. __dirname is dist/ at run time.
  return deferredLoader(
    () => require(join(__dirname, 'chunks', `${name}.js`)) as T,
    (ms, startedAt) => {
      const load = { name, ms, startedAt };
      loads.push(load);
      listener?.(load);
    },
  );
}

export const loadPlanApp = chunk<PlanAppChunk>('planApp');
export const loadLanguageClient = chunk<LanguageClientChunk>('languageClient');
export const loadWorktrees = chunk<WorktreesChunk>('worktrees');
export const loadRuns = chunk<RunsChunk>('runs');
export const loadPrompts = chunk<PromptsChunk>('prompts');
export const loadRun = chunk<RunChunk>('run');
export const loadFleetEditor = chunk<FleetEditorChunk>('fleetEditor');
export const loadCommands = chunk<CommandsChunk>('commands');
export const loadWorkers = chunk<WorkersChunk>('workers');
export const loadDashboard = chunk<DashboardChunk>('dashboard');
