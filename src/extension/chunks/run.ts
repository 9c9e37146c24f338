/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/run.js, required when a plan first runs
 * (see ../lazy.ts). It brings dockerode, the image builders, the prompt pipeline and the run use case.
 */
export { createPlanGitPort } from '../../adapters/git/planGit';
export { createPlanFilesPort } from '../../adapters/plans/planFiles';
export { createRunPlanDeps } from '../../adapters/session/runPlanDeps';
export { authorPlan } from '../../app/authorPlan';
export { resolvePlanArgument } from '../../app/plans';
export { runPlan } from '../../app/runPlan';
