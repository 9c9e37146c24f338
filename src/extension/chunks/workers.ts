/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/workers.js, required when the Workers view
 * first reads the fleet's state or a queue action runs (see ../lazy.ts). It brings the queue store, the fleet state
 * files, the one status model and the queue use cases.
 */
export { createFleetDeps } from '../../adapters/fleet/fleetDeps';
export { createPlanGitPort } from '../../adapters/git/planGit';
export { createPlanFilesPort } from '../../adapters/plans/planFiles';
export { fleetStatus } from '../../app/fleet/status';
export { addDependency, addTasks, listTasks, removeTask, retryTask, setTaskPriority, showTask } from '../../app/fleet/queue';
export { ConfigError, loadRepoConfig } from '../../app/config';
export { createTextFilesPort } from '../../adapters/fs/textFiles';
