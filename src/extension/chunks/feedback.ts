/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/feedback.js, required when the first feedback
 * panel opens (see ../lazy.ts). It brings zod and the result schema, which activation never needs.
 */
export { deliverToFeedbackPanel, feedbackTraces, showFeedbackPanel } from '../feedback/panel';
