import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandRunDeps } from '../../../src/adapters/commands/commandDeps';
import type { CommandRunDeps, RunAgentPort } from '../../../src/app/commands/runTypes';
import type { CommandStep, ResolvedCommand, SessionRecord } from '../../../src/core/commands/types';

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

/** The real adapters, with a HOME of its own so no step can touch the developer's. */
export function depsFor(root: string, more: { runAgent?: RunAgentPort; env?: Record<string, string> } = {}): CommandRunDeps {
  const home = mkdtempSync(join(tmpdir(), 'lwc-cmd-home-'));
  return createCommandRunDeps(root, { processEnv: { PATH: process.env.PATH, HOME: home, ...more.env }, ...(more.runAgent ? { runAgent: more.runAgent } : {}) });
}

export function sessionFileOf(root: string, id: string): SessionRecord {
  return JSON.parse(readFileSync(join(root, '.lw_coder', 'sessions', id, 'session.json'), 'utf8')) as SessionRecord;
}

/** Gone, or a zombie nobody reaped yet (it runs nothing either way). */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
