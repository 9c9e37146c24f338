import type { AgentBackend, AgentId } from '../backend';
import { claudeBackend } from './claude';
import { codexBackend } from './codex';
import { droidBackend } from './droid';

const BACKENDS: Readonly<Record<AgentId, AgentBackend>> = { codex: codexBackend, droid: droidBackend, claude: claudeBackend };

/** The backend for an agent name from config or `--agent`; the error lists the valid names. */
export function agentBackend(id: string): AgentBackend {
  const backend = (BACKENDS as Record<string, AgentBackend | undefined>)[id];
  if (!backend) throw new Error(`Unknown agent '${id}'. Use one of: ${Object.keys(BACKENDS).join(', ')}.`);
  return backend;
}
