import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOutput, type AgentBackend } from '../../../src/core/agent/backend';
import type { AgentEvent } from '../../../src/core/agent/events';
import type { CodingResult } from '../../../src/core/agent/result';

/** Reads a recorded stream from test/fixtures/agent-streams. */
export function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../fixtures/agent-streams', name), 'utf8');
}

export function eventsOf(backend: AgentBackend, name: string): AgentEvent[] {
  return parseOutput(backend, fixture(name));
}

export function validResult(): CodingResult {
  return JSON.parse(fixture('codex/last-message.json')) as CodingResult;
}
