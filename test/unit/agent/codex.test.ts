import assert from 'node:assert/strict';
import { OPENROUTER, type AgentRunInput } from '../../../src/core/agent/backend';
import { codexBackend, codexConfigToml } from '../../../src/core/agent/backends/codex';
import { CodingResultSchema } from '../../../src/core/agent/result';
import { toStrictJsonSchema } from '../../../src/core/agent/strictSchema';
import { parseToml } from '../../../src/core/config/toml';
import { eventsOf, fixture, validResult } from './streams';

const input: AgentRunInput = { prompt: 'Implement the plan.', workdir: '/work/repo', filesDir: '/lw/agent', outputSchema: toStrictJsonSchema(CodingResultSchema), model: 'openai/gpt-5', provider: OPENROUTER };

describe('codex backend', () => {
  it('runs codex exec with JSON events, the schema file, the last-message file, the worktree and the prompt on stdin', () => {
    const spec = codexBackend.buildRun(input);
    assert.deepEqual(spec.command, ['codex', 'exec', '--json', '--skip-git-repo-check', '--output-schema', '/lw/agent/output-schema.json', '-o', '/lw/agent/last-message.txt', '-C', '/work/repo', '--dangerously-bypass-approvals-and-sandbox', '-']);
    assert.equal(spec.stdin, 'Implement the plan.');
    assert.equal(spec.lastMessagePath, '/lw/agent/last-message.txt');
    assert.equal(spec.env.CODEX_HOME, '/lw/agent/codex-home');
  });

  it('places the strict schema and names the key variable as a secret rather than carrying its value', () => {
    const spec = codexBackend.buildRun(input);
    const schemaFile = spec.files.find((f) => f.path === '/lw/agent/output-schema.json')!;
    assert.deepEqual(JSON.parse(schemaFile.content), input.outputSchema);
    assert.deepEqual(spec.secretEnv, ['OPENROUTER_API_KEY']);
    assert.ok(!Object.keys(spec.env).includes('OPENROUTER_API_KEY'));
  });

  it('configures OpenRouter as a Responses-API provider with analytics and plugin sync off', () => {
    const file = codexBackend.buildRun(input).files.find((f) => f.path === '/lw/agent/codex-home/config.toml')!;
    const toml = parseToml(file.content) as Record<string, any>;
    assert.equal(toml.model, 'openai/gpt-5');
    assert.equal(toml.model_provider, 'openrouter');
    assert.deepEqual({ ...toml.model_providers.openrouter }, { name: 'openrouter', base_url: 'https://openrouter.ai/api/v1', env_key: 'OPENROUTER_API_KEY', wire_api: 'responses' });
    assert.equal(toml.analytics.enabled, false);
    assert.equal(toml.features.plugins, false);
  });

  it('keeps the privacy settings and uses the CLI login when no provider is given', () => {
    const toml = parseToml(codexConfigToml({})) as Record<string, any>;
    assert.equal(toml.model_providers, undefined);
    assert.equal(toml.analytics.enabled, false);
    assert.deepEqual(codexBackend.buildRun({ ...input, provider: undefined, model: undefined }).secretEnv, ['OPENAI_API_KEY']);
  });

  it('turns a successful stream into started, reasoning, command, file-change, message, usage and completed events', () => {
    const events = eventsOf(codexBackend, 'codex/success.jsonl');
    assert.deepEqual(events.map((e) => e.kind), ['started', 'message', 'command', 'command', 'file-change', 'file-change', 'message', 'usage', 'completed']);
    assert.deepEqual(events[0], { kind: 'started', sessionId: '0199a213-81c0-7800-8aa1-bbab2a035a53' });
    assert.deepEqual(events[1], { kind: 'message', role: 'reasoning', text: '**Planning the change**' });
    assert.deepEqual(events[3], { kind: 'command', command: "bash -lc 'echo hi > out.txt'", status: 'completed', exitCode: 0, output: '' });
    assert.deepEqual(events[4], { kind: 'file-change', path: '/work/repo/src/greet.ts', change: 'add' });
    assert.deepEqual(events[7], { kind: 'usage', inputTokens: 24763, outputTokens: 122, cachedInputTokens: 24448 });
  });

  it('reports a command with a non-zero exit code as failed', () => {
    const [e] = codexBackend.parseLine(JSON.stringify({ type: 'item.completed', item: { type: 'command_execution', command: 'false', aggregated_output: '', exit_code: 1, status: 'failed' } }));
    assert.deepEqual(e, { kind: 'command', command: 'false', status: 'failed', exitCode: 1, output: '' });
  });

  it('maps turn.failed to failed and top-level error to a non-terminal error', () => {
    const events = eventsOf(codexBackend, 'codex/turn-failed.jsonl');
    assert.deepEqual(events.filter((e) => e.kind === 'error').length, 2);
    assert.deepEqual(events.at(-1), { kind: 'failed', message: 'stream disconnected before completion: stream closed before response.completed' });
  });

  it('ignores blank lines, banners and unknown event types', () => {
    for (const line of ['', '   ', 'Reading prompt from stdin...', '{not json', '[1,2]', '{"type":"turn.started"}', '{"type":"item.completed","item":{"type":"todo_list","items":[]}}']) {
      assert.deepEqual(codexBackend.parseLine(line), [], line);
    }
  });

  it('takes the final result from the last-message file when it has one', () => {
    const events = eventsOf(codexBackend, 'codex/invalid-json.jsonl');
    assert.deepEqual(codexBackend.finalResult(events, fixture('codex/last-message.json')), validResult());
  });

  it('falls back to the last agent message when the last-message file is empty', () => {
    const events = eventsOf(codexBackend, 'codex/success.jsonl');
    assert.deepEqual(codexBackend.finalResult(events, '  \n'), validResult());
  });

  it('strips a code fence around the final JSON', () => {
    assert.deepEqual(codexBackend.finalResult(eventsOf(codexBackend, 'codex/fenced-json.jsonl')), validResult());
  });

  it('has no final result when the final message is prose or missing', () => {
    assert.equal(codexBackend.finalResult(eventsOf(codexBackend, 'codex/invalid-json.jsonl')), undefined);
    assert.equal(codexBackend.finalResult(eventsOf(codexBackend, 'codex/empty-output.jsonl'), ''), undefined);
    assert.equal(codexBackend.finalText(eventsOf(codexBackend, 'codex/empty-output.jsonl'), ''), undefined);
  });
});
