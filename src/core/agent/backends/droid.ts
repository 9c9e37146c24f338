import type { AgentBackend, AgentFile, AgentRunInput, AgentRunSpec } from '../backend';
import { posixJoin, schemaInstructions } from '../backend';
import { asNumber, asRecord, asString, parseJsonLine, type AgentEvent } from '../events';
import { finalResultOf, finalTextOf } from './common';

/**
 * droid (`@factory/cli`): `droid exec -o stream-json`, prompt read from a file (a long prompt in argv can exceed the
 * kernel's 128 KiB per-argument limit), the result schema carried in the prompt since droid cannot enforce one.
 *
 * Permissions: --skip-permissions-unsafe rather than --auto high. In exec mode a refused tool call ends the run
 * (`--auto low` refusing a medium-risk command exits 1), which would waste an attempt; the hardened container —
 * worktree-only mounts, no-new-privileges — is the security boundary, as it is for codex's sandbox bypass.
 *
 * A custom model (BYOK, e.g. OpenRouter) goes in a settings file with airgap on, so droid needs no Factory login and
 * makes no api.factory.ai or telemetry lookups; without one, FACTORY_API_KEY authenticates.
 */
export const DROID_PERMISSION_FLAGS = ['--skip-permissions-unsafe'] as const;

export function droidSettings(input: Pick<AgentRunInput, 'model' | 'provider' | 'providerApiKey'>): Record<string, unknown> {
  return {
    customModels: [
      {
        model: input.model,
        displayName: `${input.model} (LW Coder)`,
        baseUrl: input.provider?.baseUrl,
        apiKey: input.providerApiKey ?? '',
        provider: 'generic-chat-completion-api',
        maxOutputTokens: 16384,
      },
    ],
  };
}

function buildRun(input: AgentRunInput): AgentRunSpec {
  const promptPath = posixJoin(input.filesDir, 'prompt.md');
  const custom = Boolean(input.model && input.provider);
  const settingsPath = posixJoin(input.filesDir, 'droid-settings.json');
  const command = ['droid', 'exec', '-o', 'stream-json', ...DROID_PERMISSION_FLAGS, '--cwd', input.workdir, '-f', promptPath];
  if (custom) command.push('--settings', settingsPath, '-m', `custom:${input.model}`);
  else if (input.model) command.push('-m', input.model);
  const files: AgentFile[] = [{ path: promptPath, content: `${input.prompt.trimEnd()}\n\n${schemaInstructions(input.outputSchema)}\n` }];
  if (custom) files.push({ path: settingsPath, content: `${JSON.stringify(droidSettings(input), null, 2)}\n`, mode: 0o600, secret: true });
  return {
    command,
    env: custom ? { FACTORY_AIRGAP_ENABLED: '1' } : {},
    secretEnv: custom ? [] : ['FACTORY_API_KEY'],
    files,
  };
}

function parseLine(line: string): AgentEvent[] {
  const o = parseJsonLine(line);
  if (!o) return [];
  switch (o.type) {
    case 'system':
      return o.subtype === 'init' ? [{ kind: 'started', ...(asString(o.session_id) ? { sessionId: asString(o.session_id)! } : {}) }] : [];
    case 'message':
      return o.role === 'assistant' && asString(o.text) !== undefined ? [{ kind: 'message', role: 'agent', text: asString(o.text)! }] : [];
    case 'tool_call':
      return toolCallEvents(asString(o.toolName) ?? '', asRecord(o.parameters) ?? {});
    case 'completion': {
      const events: AgentEvent[] = [];
      const usage = asRecord(o.usage);
      if (usage) events.push({ kind: 'usage', inputTokens: asNumber(usage.inputTokens) ?? asNumber(usage.input_tokens) ?? 0, outputTokens: asNumber(usage.outputTokens) ?? asNumber(usage.output_tokens) ?? 0 });
      const text = asString(o.finalText);
      events.push({ kind: 'completed', ...(text === undefined ? {} : { text }) });
      return events;
    }
    case 'result': {
      // `-o json` shape, also seen at the end of some stream-json runs.
      const text = asString(o.result);
      if (o.is_error === true || (typeof o.subtype === 'string' && o.subtype !== 'success')) return [{ kind: 'failed', message: text ?? String(o.subtype ?? 'error') }];
      return [{ kind: 'completed', ...(text === undefined ? {} : { text }) }];
    }
    case 'error':
      return [{ kind: 'failed', message: asString(o.message) ?? 'droid reported an error' }];
    default:
      return [];
  }
}

const FILE_TOOLS: Record<string, 'add' | 'update'> = { Create: 'add', Edit: 'update', MultiEdit: 'update', ApplyPatch: 'update' };

function toolCallEvents(tool: string, params: Record<string, unknown>): AgentEvent[] {
  if (tool === 'Execute') return [{ kind: 'command', command: asString(params.command) ?? '', status: 'started' }];
  const change = FILE_TOOLS[tool];
  const path = asString(params.file_path) ?? asString(params.path);
  return change && path ? [{ kind: 'file-change', path, change }] : [];
}

export const droidBackend: AgentBackend = {
  id: 'droid',
  buildRun,
  parseLine,
  finalText: finalTextOf,
  finalResult: finalResultOf,
};
