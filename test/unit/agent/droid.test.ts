import assert from 'node:assert/strict';
import { OPENROUTER, type AgentRunInput } from '../../../src/core/agent/backend';
import { droidBackend } from '../../../src/core/agent/backends/droid';
import { CodingResultSchema } from '../../../src/core/agent/result';
import { toStrictJsonSchema } from '../../../src/core/agent/strictSchema';
import { eventsOf, validResult } from './streams';

const base: AgentRunInput = { prompt: 'Implement the plan.', workdir: '/work/repo', filesDir: '/lw/agent', outputSchema: toStrictJsonSchema(CodingResultSchema) };

describe('droid backend', () => {
  it('runs droid exec with stream-json, permissions skipped, the worktree and the prompt from a file', () => {
    const spec = droidBackend.buildRun(base);
    assert.deepEqual(spec.command, ['droid', 'exec', '-o', 'stream-json', '--skip-permissions-unsafe', '--cwd', '/work/repo', '-f', '/lw/agent/prompt.md']);
    assert.equal(spec.stdin, undefined);
    assert.deepEqual(spec.secretEnv, ['FACTORY_API_KEY']);
    assert.deepEqual(spec.env, {});
  });

  it('carries the strict schema in the prompt, since droid cannot enforce one', () => {
    const prompt = droidBackend.buildRun(base).files.find((f) => f.path === '/lw/agent/prompt.md')!.content;
    assert.ok(prompt.startsWith('Implement the plan.'));
    assert.ok(prompt.includes(JSON.stringify(base.outputSchema)));
    assert.match(prompt, /ONLY a JSON object/);
  });

  it('uses a custom model through a secret settings file with airgap on and no Factory key', () => {
    const spec = droidBackend.buildRun({ ...base, model: 'z-ai/glm-4.6', provider: OPENROUTER, providerApiKey: 'sk-or-test' });
    assert.deepEqual(spec.command.slice(-4), ['--settings', '/lw/agent/droid-settings.json', '-m', 'custom:z-ai/glm-4.6']);
    assert.deepEqual(spec.env, { FACTORY_AIRGAP_ENABLED: '1' });
    assert.deepEqual(spec.secretEnv, []);
    const settings = spec.files.find((f) => f.path === '/lw/agent/droid-settings.json')!;
    assert.equal(settings.secret, true);
    assert.equal(settings.mode, 0o600);
    const model = (JSON.parse(settings.content) as { customModels: Record<string, unknown>[] }).customModels[0]!;
    assert.deepEqual([model.model, model.baseUrl, model.apiKey, model.provider], ['z-ai/glm-4.6', 'https://openrouter.ai/api/v1', 'sk-or-test', 'generic-chat-completion-api']);
  });

  it('turns a stream-json run into common events with the final text on completion', () => {
    const events = eventsOf(droidBackend, 'droid/success.jsonl');
    assert.deepEqual(events.map((e) => e.kind), ['started', 'command', 'file-change', 'message', 'usage', 'completed']);
    assert.deepEqual(events[1], { kind: 'command', command: 'echo hi > out.txt', status: 'started' });
    assert.deepEqual(events[2], { kind: 'file-change', path: '/work/repo/src/greet.ts', change: 'add' });
    assert.deepEqual(events[4], { kind: 'usage', inputTokens: 3100, outputTokens: 240 });
    assert.deepEqual(droidBackend.finalResult(events), validResult());
  });

  it('maps an error event to a failed turn', () => {
    const events = eventsOf(droidBackend, 'droid/error.jsonl');
    assert.equal(events.at(-1)!.kind, 'failed');
    assert.match((events.at(-1) as { message: string }).message, /insufficient permission/);
  });

  it('reads the -o json result shape as completion or failure', () => {
    assert.deepEqual(droidBackend.parseLine('{"type":"result","subtype":"success","is_error":false,"result":"{}"}'), [{ kind: 'completed', text: '{}' }]);
    assert.deepEqual(droidBackend.parseLine('{"type":"result","subtype":"error","is_error":true,"result":"boom"}'), [{ kind: 'failed', message: 'boom' }]);
  });
});
