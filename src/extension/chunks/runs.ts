/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/runs.js, required when the Runs view first
 * becomes visible (see ../lazy.ts).
 */
export { createFileRunStore } from '../../adapters/fs/runStore';
export { groupRunsByPlan, listRuns } from '../../app/runs';
