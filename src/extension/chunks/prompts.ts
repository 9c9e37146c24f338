/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/prompts.js, required when prompts are first
 * generated (see ../lazy.ts). It brings the openai SDK, the prompt signature and the cache.
 */
export { createNodePromptDeps } from '../../adapters/llm/promptDeps';
export { generatePrompts } from '../../app/prompts/prompts';
