import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandRunDeps } from '../../../src/adapters/commands/commandDeps';
import type { CommandRunDeps, RunAgentPort } from '../../../src/app/commands/runTypes';
import type { SessionRecord } from '../../../src/core/commands/types';

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
