import type { CliCommand } from '../types';

/** `lwc plan …` — filled in with the plan model. */
export const planCommands: readonly CliCommand[] = [];
