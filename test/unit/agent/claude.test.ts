import assert from 'node:assert/strict';
import type { AgentRunInput } from '../../../src/core/agent/backend';
import { claudeBackend } from '../../../src/core/agent/backends/claude';
import { agentBackend } from '../../../src/core/agent/backends/registry';
import { CodingResultSchema } from '../../../src/core/agent/result';
import { toStrictJsonSchema } from '../../../src/core/agent/strictSchema';
import { eventsOf, validResult } from './streams';

const base: AgentRunInput = { prompt: 'Implement the plan.', workdir: '/work/repo', filesDir: '/lw/agent', outputSchema: toStrictJsonSchema(CodingResultSchema), model: 'claude-sonnet-4-5' };

describe('claude backend', () => {
  it('runs claude -p with stream-json, verbose, permissions bypassed, the model and the prompt plus schema on stdin', () => {
    const spec = claudeBackend.buildRun(base);
    assert.deepEqual(spec.command, ['claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'bypassPermissions', '--model', 'claude-sonnet-4-5']);
    assert.ok(spec.stdin!.startsWith('Implement the plan.'));
    assert.ok(spec.stdin!.includes(JSON.stringify(base.outputSchema)));
    assert.deepEqual(spec.secretEnv, ['ANTHROPIC_API_KEY']);
  });

  it('on OpenRouter: the Anthropic base URL without /v1, the OpenRouter key as a Bearer token, no first-party key, the chosen model for background calls too', () => {
    const spec = claudeBackend.buildRun({ ...base, model: 'anthropic/claude-sonnet-4.5', provider: { name: 'openrouter', baseUrl: 'https://openrouter.ai/api/v1/', apiKeyEnv: 'OPENROUTER_API_KEY' } });
    assert.equal(spec.env.ANTHROPIC_BASE_URL, 'https://openrouter.ai/api');
    assert.equal(spec.env.ANTHROPIC_API_KEY, '');
    assert.equal(spec.env.ANTHROPIC_DEFAULT_HAIKU_MODEL, 'anthropic/claude-sonnet-4.5');
    assert.deepEqual(spec.secretEnv, [{ name: 'ANTHROPIC_AUTH_TOKEN', from: 'OPENROUTER_API_KEY' }]);
    assert.ok(!Object.values(spec.env).includes('OPENROUTER_API_KEY'), 'the key itself is supplied by the runner, never in the loggable env');
  });

  it('turns telemetry, error reporting and non-essential traffic off', () => {
    const env = claudeBackend.buildRun(base).env;
    assert.equal(env.DISABLE_TELEMETRY, '1');
    assert.equal(env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC, '1');
  });

  it('turns a stream into common events: tool uses become file changes and commands, the result completes with usage and cost', () => {
    const events = eventsOf(claudeBackend, 'claude/success.jsonl');
    assert.deepEqual(events.map((e) => e.kind), ['started', 'message', 'file-change', 'command', 'message', 'usage', 'completed']);
    assert.deepEqual(events[2], { kind: 'file-change', path: '/work/repo/src/greet.ts', change: 'add' });
    assert.deepEqual(events[3], { kind: 'command', command: 'npm test', status: 'started' });
    assert.deepEqual(events[5], { kind: 'usage', inputTokens: 12, outputTokens: 310, cachedInputTokens: 20480, costUsd: 0.0421 });
    assert.deepEqual(claudeBackend.finalResult(events), validResult());
  });

  it('maps an error result (max turns) to a failed turn that names the subtype', () => {
    const events = eventsOf(claudeBackend, 'claude/error-max-turns.jsonl');
    assert.deepEqual(events.at(-1), { kind: 'failed', message: 'claude ended with error_max_turns' });
  });
});

describe('agentBackend', () => {
  it('finds each backend by name and lists the valid names for an unknown one', () => {
    assert.equal(agentBackend('codex').id, 'codex');
    assert.equal(agentBackend('droid').id, 'droid');
    assert.equal(agentBackend('claude').id, 'claude');
    assert.throws(() => agentBackend('gemini'), /Use one of: codex, droid, claude/);
  });
});
