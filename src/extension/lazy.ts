import { join } from 'node:path';

/**
 * Modules too heavy for activation (target ≤ 50 ms). Each is a separate bundle under dist/chunks/ (built from
 * src/extension/chunks/*.ts by scripts/build.mjs) and is required on first call only. Bundling them into extension.js,
 * even behind lazy initialisers, would still make V8 compile ~1 MB before activate() runs (~30 ms measured).
 * Import these modules through here and nowhere else at run time, or they land back on the activation path.
 */
type PlanAppChunk = typeof import('./chunks/planApp.js');
type LanguageClientChunk = typeof import('./chunks/languageClient.js');
type WorktreesChunk = typeof import('./chunks/worktrees.js');
type RunsChunk = typeof import('./chunks/runs.js');
type PromptsChunk = typeof import('./chunks/prompts.js');
type RunChunk = typeof import('./chunks/run.js');

function loadChunk<T>(name: string): T {
  // A computed path: esbuild leaves the require alone instead of inlining the chunk. __dirname is dist/ at run time.
  return require(join(__dirname, 'chunks', `${name}.js`)) as T;
}

let planApp: PlanAppChunk | undefined;
let languageClient: LanguageClientChunk | undefined;
let worktrees: WorktreesChunk | undefined;
let runs: RunsChunk | undefined;
let prompts: PromptsChunk | undefined;
let runChunk: RunChunk | undefined;

export const loadPlanApp = async (): Promise<PlanAppChunk> => (planApp ??= loadChunk<PlanAppChunk>('planApp'));
export const loadLanguageClient = async (): Promise<LanguageClientChunk> => (languageClient ??= loadChunk<LanguageClientChunk>('languageClient'));
export const loadWorktrees = async (): Promise<WorktreesChunk> => (worktrees ??= loadChunk<WorktreesChunk>('worktrees'));
export const loadRuns = async (): Promise<RunsChunk> => (runs ??= loadChunk<RunsChunk>('runs'));
export const loadPrompts = async (): Promise<PromptsChunk> => (prompts ??= loadChunk<PromptsChunk>('prompts'));
export const loadRun = async (): Promise<RunChunk> => (runChunk ??= loadChunk<RunChunk>('run'));
