/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/run.js, required when a plan first runs
 * (see ../lazy.ts). It brings dockerode, the image builders, the prompt pipeline and the run use cases
 * (interactive and headless).
 */
export { createPlanGitPort } from '../../adapters/git/planGit';
export { createPlanFilesPort } from '../../adapters/plans/planFiles';
export { createHeadlessRunFiles } from '../../adapters/session/headlessFiles';
export { createRunPlanDeps } from '../../adapters/session/runPlanDeps';
export { commandAgentRunner } from '../../app/commands/agentRunner';
export { authorPlan } from '../../app/run/authorPlan';
export { loadRepoConfig } from '../../app/config';
export { resolvePlanArgument } from '../../app/plans';
export { runHeadless } from '../../app/run/runHeadless';
export { runPlan } from '../../app/run/runPlan';
export { runningSession } from '../../app/run/sessionClaim';
