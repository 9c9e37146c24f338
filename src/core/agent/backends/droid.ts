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
 * worktree-only mounts, no-new-privileges — is the security boundary, as it is for codex's sandbox bypass. (Checked
 * against droid 0.225.2: with this flag its Execute tool drops the riskLevel/riskLevelReason arguments it requires
 * under --auto.)
 *
 * A custom model (BYOK, e.g. OpenRouter) goes in a settings file with airgap on, so droid needs no Factory login and
 * makes no api.factory.ai or telemetry lookups; without one, FACTORY_API_KEY authenticates. Observed on 0.225.2 through a
 * recording proxy: without FACTORY_AIRGAP_ENABLED it connects to api.factory.ai and telemetry.factory.ai and a one-tool
 * run takes ~10 s instead of ~1 s; with it, the only other connection is to the MCP servers in ~/.factory/mcp.json,
 * which DROID_AIRGAP_HOME removes.
 *
 * Stream (droid exec -o stream-json, 0.225.2, one JSON object a line): `system`/init (session_id, tools, model),
 * `message` (role user echoes the prompt; role assistant is the model's text), `tool_call` (toolName, parameters),
 * `tool_result` (isError, value or error.message; Execute's value ends `[Process exited with code N]`), `completion`
 * (finalText, numTurns, durationMs, usage with input_tokens/output_tokens/cache_read_input_tokens), and on failure one
 * or more `error` lines (source agent_loop with the provider's message, then source cli "Exec failed") with exit 1.
 * Fixtures: test/fixtures/agent-streams/droid/real-*.jsonl.
 */
export const DROID_PERMISSION_FLAGS = ['--skip-permissions-unsafe'] as const;

/**
 * Airgap does not stop droid dialling the MCP servers of ~/.factory/mcp.json (the image names context7). For a custom
 * model droid gets a fresh home instead, FACTORY_HOME_OVERRIDE (droid 0.225.2 keeps its .factory there: no mcp.json, and
 * its sessions and logs stay in the container's /tmp, removed with it). Checked by hand: the run works and the log no
 * longer mentions context7; the integration test asserts no connection but the model's.
 */
export const DROID_AIRGAP_HOME = '/tmp/lw_coder-droid-home';

/**
 * The fresh home also hides the run's review droids, mounted at ~/.factory/droids of the image's home, while the
 * headless prompt tells droid to run them: droid 0.225.2 reads user droids from `<FACTORY_HOME_OVERRIDE>/.factory/droids`
 * only (the Task tool's catalog then lists just its built-in worker and explorer). So droid starts through a shell that
 * first copies them there. A copy, not a mount: Docker would create the mount point's parents as root, and droid must
 * write its sessions and logs into that `.factory`. Not into the worktree's `.factory/droids` (project droids), which
 * the agent's change would then include.
 */
export function withReviewDroids(command: readonly string[], droidsDir: string): string[] {
  return ['sh', '-c', 'mkdir -p "$1" && cp -R "$2/." "$1/" && shift 2 && exec "$@"', 'lwc-droid-home', `${DROID_AIRGAP_HOME}/.factory/droids`, droidsDir, ...command];
}

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
    command: custom && input.droidsDir ? withReviewDroids(command, input.droidsDir) : command,
    env: custom ? { FACTORY_AIRGAP_ENABLED: '1', FACTORY_HOME_OVERRIDE: DROID_AIRGAP_HOME } : {},
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
    case 'tool_result':
      return toolResultEvents(o);
    case 'completion': {
      const events: AgentEvent[] = [];
      const usage = asRecord(o.usage);
      if (usage) {
        const cached = asNumber(usage.cache_read_input_tokens) ?? asNumber(usage.cacheReadInputTokens);
        events.push({
          kind: 'usage',
          inputTokens: asNumber(usage.inputTokens) ?? asNumber(usage.input_tokens) ?? 0,
          outputTokens: asNumber(usage.outputTokens) ?? asNumber(usage.output_tokens) ?? 0,
          ...(cached ? { cachedInputTokens: cached } : {}),
        });
      }
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
    case 'error': {
      // exec prints the cause (source agent_loop: the provider's "401 ...") and then its own "Exec failed" (source cli).
      const message = asString(o.message) ?? 'droid reported an error';
      const source = asString(o.source);
      return [{ kind: 'failed', message: source && source !== 'cli' ? `${message} (${source})` : message }];
    }
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

/**
 * A tool's outcome. Only Execute's is a command event; the line does not repeat the command, so it is named by the call
 * id its tool_call carried. Other tools' results (Read, Create...) add nothing the tool_call did not say.
 */
function toolResultEvents(o: Record<string, unknown>): AgentEvent[] {
  if ((asString(o.toolName) ?? asString(o.toolId)) !== 'Execute') return [];
  const failed = o.isError === true;
  const output = failed ? asString(asRecord(o.error)?.message) ?? asString(o.value) : asString(o.value);
  const code = output === undefined ? undefined : /\[Process exited with code (-?\d+)\]\s*$/.exec(output)?.[1];
  return [{
    kind: 'command',
    command: `Execute ${asString(o.id) ?? ''}`.trim(),
    status: failed ? 'failed' : 'completed',
    exitCode: code === undefined ? null : Number(code),
    ...(output === undefined ? {} : { output }),
  }];
}

export const droidBackend: AgentBackend = {
  id: 'droid',
  buildRun,
  parseLine,
  finalText: finalTextOf,
  finalResult: finalResultOf,
};
