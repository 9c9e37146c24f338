import type { AgentBackend, AgentRunInput, AgentRunSpec } from '../backend';
import { posixJoin } from '../backend';
import { asNumber, asRecord, asString, parseJsonLine, type AgentEvent } from '../events';
import { finalResultOf, finalTextOf } from './common';

/**
 * codex (`@openai/codex`): `codex exec --json` with the prompt on stdin, the strict schema in --output-schema and the
 * last message written to a file. Its own sandbox does not work inside Docker, so it is bypassed: our hardened
 * container is the boundary. Custom providers must speak the Responses API. Analytics and plugin sync are off so a
 * locked-down container neither leaks nor stalls on lookups (see shared/recipes/agent-clis-offline.md).
 */
export function codexConfigToml(input: Pick<AgentRunInput, 'model' | 'provider'>): string {
  const lines: string[] = ['# Written by LW Coder for one headless run.'];
  if (input.model) lines.push(`model = ${tomlString(input.model)}`);
  if (input.provider) {
    const id = providerId(input.provider.name);
    lines.push(
      `model_provider = ${tomlString(id)}`,
      '',
      `[model_providers.${id}]`,
      `name = ${tomlString(input.provider.name)}`,
      `base_url = ${tomlString(input.provider.baseUrl)}`,
      `env_key = ${tomlString(input.provider.apiKeyEnv)}`,
      'wire_api = "responses"',
    );
  }
  lines.push('', '[analytics]', 'enabled = false', '', '[features]', 'plugins = false', '');
  return lines.join('\n');
}

/** JSON string escapes are valid TOML basic-string escapes. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}

/** A bare TOML key for the provider table. */
function providerId(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  return id || 'custom';
}

function buildRun(input: AgentRunInput): AgentRunSpec {
  const home = posixJoin(input.filesDir, 'codex-home');
  const schemaPath = posixJoin(input.filesDir, 'output-schema.json');
  const lastMessagePath = posixJoin(input.filesDir, 'last-message.txt');
  return {
    command: ['codex', 'exec', '--json', '--skip-git-repo-check', '--output-schema', schemaPath, '-o', lastMessagePath, '-C', input.workdir, '--dangerously-bypass-approvals-and-sandbox', '-'],
    env: { CODEX_HOME: home },
    secretEnv: [input.provider ? input.provider.apiKeyEnv : 'OPENAI_API_KEY'],
    stdin: input.prompt,
    files: [
      { path: posixJoin(home, 'config.toml'), content: codexConfigToml(input) },
      { path: schemaPath, content: `${JSON.stringify(input.outputSchema, null, 2)}\n` },
    ],
    lastMessagePath,
  };
}

function parseLine(line: string): AgentEvent[] {
  const o = parseJsonLine(line);
  if (!o) return [];
  switch (o.type) {
    case 'thread.started':
      return [{ kind: 'started', ...(asString(o.thread_id) ? { sessionId: asString(o.thread_id)! } : {}) }];
    case 'turn.completed': {
      const usage = asRecord(o.usage);
      const events: AgentEvent[] = [];
      if (usage) {
        const cached = asNumber(usage.cached_input_tokens);
        events.push({ kind: 'usage', inputTokens: asNumber(usage.input_tokens) ?? 0, outputTokens: asNumber(usage.output_tokens) ?? 0, ...(cached === undefined ? {} : { cachedInputTokens: cached }) });
      }
      events.push({ kind: 'completed' });
      return events;
    }
    case 'turn.failed':
      return [{ kind: 'failed', message: asString(asRecord(o.error)?.message) ?? 'turn failed' }];
    case 'error':
      return [{ kind: 'error', message: asString(o.message) ?? 'error' }];
    case 'item.started':
    case 'item.updated':
    case 'item.completed':
      return itemEvents(o.type, asRecord(o.item));
    default:
      return [];
  }
}

function itemEvents(phase: string, item: Record<string, unknown> | undefined): AgentEvent[] {
  if (!item) return [];
  const done = phase === 'item.completed';
  switch (item.type) {
    case 'agent_message':
      return done && asString(item.text) !== undefined ? [{ kind: 'message', role: 'agent', text: asString(item.text)! }] : [];
    case 'reasoning':
      return done && asString(item.text) !== undefined ? [{ kind: 'message', role: 'reasoning', text: asString(item.text)! }] : [];
    case 'command_execution': {
      const command = asString(item.command) ?? '';
      if (phase === 'item.started') return [{ kind: 'command', command, status: 'started' }];
      if (!done) return [];
      const exitCode = asNumber(item.exit_code) ?? null;
      const failed = item.status === 'failed' || (exitCode !== null && exitCode !== 0);
      const output = asString(item.aggregated_output);
      return [{ kind: 'command', command, status: failed ? 'failed' : 'completed', exitCode, ...(output === undefined ? {} : { output }) }];
    }
    case 'file_change': {
      if (!done || item.status === 'failed') return [];
      const changes = Array.isArray(item.changes) ? item.changes : [];
      return changes.flatMap((c): AgentEvent[] => {
        const r = asRecord(c);
        const path = asString(r?.path);
        if (!path) return [];
        const kind = r?.kind;
        return [{ kind: 'file-change', path, change: kind === 'add' || kind === 'update' || kind === 'delete' ? kind : 'unknown' }];
      });
    }
    case 'error':
      return done ? [{ kind: 'error', message: asString(item.message) ?? 'error item' }] : [];
    default:
      return [];
  }
}

export const codexBackend: AgentBackend = {
  id: 'codex',
  buildRun,
  parseLine,
  finalText: finalTextOf,
  finalResult: finalResultOf,
};
