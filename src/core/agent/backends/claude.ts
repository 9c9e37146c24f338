import type { AgentBackend, AgentRunInput, AgentRunSpec } from '../backend';
import { schemaInstructions } from '../backend';
import { asNumber, asRecord, asString, parseJsonLine, type AgentEvent } from '../events';
import { finalResultOf, finalTextOf } from './common';

/**
 * claude (`@anthropic-ai/claude-code`): `claude -p --output-format stream-json --verbose` with the prompt on stdin and
 * the schema carried in the prompt. Permissions are bypassed because the hardened container is the boundary.
 * A custom provider must also serve the Anthropic Messages API (OpenRouter does); its key is passed as ANTHROPIC_AUTH_TOKEN.
 * Telemetry, error reporting, the auto-updater and other non-essential traffic are off.
 */
export const CLAUDE_PRIVACY_ENV: Readonly<Record<string, string>> = {
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_AUTOUPDATER: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
};

/**
 * Claude Code speaks the Anthropic Messages API and appends `/v1/messages` itself, so an OpenAI-style base URL
 * (`https://openrouter.ai/api/v1`) loses its `/v1`: OpenRouter serves the Anthropic API at `https://openrouter.ai/api`.
 */
export function anthropicBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

function buildRun(input: AgentRunInput): AgentRunSpec {
  const command = ['claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'bypassPermissions'];
  if (input.model) command.push('--model', input.model);
  const provider = input.provider;
  // With a custom endpoint the key goes out as a Bearer token (ANTHROPIC_AUTH_TOKEN); an empty ANTHROPIC_API_KEY keeps
  // a first-party key or login from being used instead, and the background "small fast" model is the chosen one too,
  // since the endpoint may not know Anthropic's default names.
  const providerEnv: Record<string, string> = provider
    ? { ANTHROPIC_BASE_URL: anthropicBaseUrl(provider.baseUrl), ANTHROPIC_API_KEY: '', ...(input.model ? { ANTHROPIC_DEFAULT_HAIKU_MODEL: input.model } : {}) }
    : {};
  return {
    command,
    env: { ...CLAUDE_PRIVACY_ENV, ...providerEnv },
    secretEnv: [provider ? { name: 'ANTHROPIC_AUTH_TOKEN', from: provider.apiKeyEnv } : 'ANTHROPIC_API_KEY'],
    stdin: `${input.prompt.trimEnd()}\n\n${schemaInstructions(input.outputSchema)}\n`,
    files: [],
  };
}

function parseLine(line: string): AgentEvent[] {
  const o = parseJsonLine(line);
  if (!o) return [];
  switch (o.type) {
    case 'system':
      return o.subtype === 'init' ? [{ kind: 'started', ...(asString(o.session_id) ? { sessionId: asString(o.session_id)! } : {}) }] : [];
    case 'assistant': {
      const content = asRecord(o.message)?.content;
      return Array.isArray(content) ? content.flatMap((block) => blockEvents(asRecord(block))) : [];
    }
    case 'result':
      return resultEvents(o);
    default:
      return [];
  }
}

function blockEvents(block: Record<string, unknown> | undefined): AgentEvent[] {
  if (!block) return [];
  if (block.type === 'text' && asString(block.text) !== undefined) return [{ kind: 'message', role: 'agent', text: asString(block.text)! }];
  if (block.type === 'thinking' && asString(block.thinking) !== undefined) return [{ kind: 'message', role: 'reasoning', text: asString(block.thinking)! }];
  if (block.type !== 'tool_use') return [];
  const input = asRecord(block.input) ?? {};
  const name = asString(block.name);
  if (name === 'Bash') return [{ kind: 'command', command: asString(input.command) ?? '', status: 'started' }];
  const path = asString(input.file_path) ?? asString(input.notebook_path);
  if (!path) return [];
  if (name === 'Write') return [{ kind: 'file-change', path, change: 'add' }];
  if (name === 'Edit' || name === 'MultiEdit' || name === 'NotebookEdit') return [{ kind: 'file-change', path, change: 'update' }];
  return [];
}

function resultEvents(o: Record<string, unknown>): AgentEvent[] {
  const events: AgentEvent[] = [];
  const usage = asRecord(o.usage);
  const cost = asNumber(o.total_cost_usd);
  if (usage) {
    const cached = asNumber(usage.cache_read_input_tokens);
    events.push({ kind: 'usage', inputTokens: asNumber(usage.input_tokens) ?? 0, outputTokens: asNumber(usage.output_tokens) ?? 0, ...(cached === undefined ? {} : { cachedInputTokens: cached }), ...(cost === undefined ? {} : { costUsd: cost }) });
  }
  const text = asString(o.result);
  if (o.is_error === true || o.subtype !== 'success') events.push({ kind: 'failed', message: text ?? `claude ended with ${String(o.subtype ?? 'an error')}` });
  else events.push({ kind: 'completed', ...(text === undefined ? {} : { text }) });
  return events;
}

export const claudeBackend: AgentBackend = {
  id: 'claude',
  buildRun,
  parseLine,
  finalText: finalTextOf,
  finalResult: finalResultOf,
};
