import type { CommandStep, ResolvedCommand } from '../../src/core/commands/types';

/** A ResolvedCommand built in code (the parser is another stream's): only what a test cares about is given. */
export function commandOf(partial: Partial<ResolvedCommand> & Pick<ResolvedCommand, 'name'>): ResolvedCommand {
  return {
    description: `${partial.name} (test)`,
    category: 'workflow',
    extendsChain: [],
    arguments: [],
    environment: {},
    preSteps: [],
    steps: [],
    postSteps: [],
    cleanupOnFailure: [],
    timeoutSeconds: 1800,
    lifecycle: 'standard',
    source: { file: `.lw_coder/commands/${partial.name}.yaml`, origin: 'lw_coder' },
    ...partial,
  };
}

/** A step as the parser would normalise it. */
export function step(name: string, type: CommandStep['type'], action: string, more: Partial<CommandStep> = {}): CommandStep {
  return { name, type, action, args: [], retry: { count: 0, delaySeconds: 0 }, continueOnError: false, ...more };
}

export const shell = (name: string, action: string, more: Partial<CommandStep> = {}): CommandStep => step(name, 'shell', action, more);
export const builtin = (name: string, more: Partial<CommandStep> = {}): CommandStep => step(name, 'builtin', name, more);
