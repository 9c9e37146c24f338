/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/commands.js, required when the Commands view
 * first becomes visible, a command runs or the task provider is asked (see ../lazy.ts). It carries the YAML parser, zod
 * and the executor, none of which belongs on the activation path.
 */
export { loadCatalog } from '../../app/commands/catalog';
export { listSessions } from '../../app/commands/sessions';
export { runCommand } from '../../app/commands/run';
export { eventLines } from '../../app/commands/eventText';
export { checkArguments } from '../../core/commands/arguments';
export { formatProblem } from '../../core/commands/problems';
export { createCommandRunDeps } from '../../adapters/commands/commandDeps';
