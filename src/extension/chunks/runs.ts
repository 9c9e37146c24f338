/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/runs.js, required when the Runs view first
 * becomes visible (see ../lazy.ts).
 */
export { createFileRunStore } from '../../adapters/fs/runStore';
export { groupRunsByPlan, listRuns } from '../../app/runs';
// The feedback panel opens from the Runs view and shares this chunk's zod (~450 kB minified) instead of bundling its own.
export { deliverToFeedbackPanel, feedbackTraces, showFeedbackPanel } from '../feedback/panel';
