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
    assert.deepEqual(spec.env, { FACTORY_AIRGAP_ENABLED: '1', FACTORY_HOME_OVERRIDE: '/tmp/lw_coder-droid-home' }, 'a fresh droid home: no MCP servers from the image\'s ~/.factory/mcp.json');
    assert.deepEqual(spec.secretEnv, []);
    const settings = spec.files.find((f) => f.path === '/lw/agent/droid-settings.json')!;
    assert.equal(settings.secret, true);
    assert.equal(settings.mode, 0o600);
    const model = (JSON.parse(settings.content) as { customModels: Record<string, unknown>[] }).customModels[0]!;
    assert.deepEqual([model.model, model.baseUrl, model.apiKey, model.provider], ['z-ai/glm-4.6', 'https://openrouter.ai/api/v1', 'sk-or-test', 'generic-chat-completion-api']);
  });

  it('copies the run\'s review droids into the fresh home before droid starts, since the override hides the mounted ones', () => {
    const spec = droidBackend.buildRun({ ...base, model: 'z-ai/glm-4.6', provider: OPENROUTER, providerApiKey: 'sk-or-test', droidsDir: '/home/droiduser/.factory/droids' });
    assert.deepEqual(spec.command.slice(0, 6), ['sh', '-c', 'mkdir -p "$1" && cp -R "$2/." "$1/" && shift 2 && exec "$@"', 'lwc-droid-home', '/tmp/lw_coder-droid-home/.factory/droids', '/home/droiduser/.factory/droids']);
    assert.equal(spec.command[3 + 1], `${spec.env.FACTORY_HOME_OVERRIDE}/.factory/droids`, 'the droids dir of the home droid is told to use');
    assert.deepEqual(spec.command.slice(6), droidBackend.buildRun({ ...base, model: 'z-ai/glm-4.6', provider: OPENROUTER, providerApiKey: 'sk-or-test' }).command, 'then droid exec, unchanged');
  });

  it('starts droid directly when it keeps the image\'s home (Factory login): the mounted droids are where it looks', () => {
    const spec = droidBackend.buildRun({ ...base, droidsDir: '/home/droiduser/.factory/droids' });
    assert.equal(spec.command[0], 'droid');
    assert.equal(spec.env.FACTORY_HOME_OVERRIDE, undefined);
  });

  it('turns a stream-json run into common events with the final text on completion', () => {
    const events = eventsOf(droidBackend, 'droid/success.jsonl');
    assert.deepEqual(events.map((e) => e.kind), ['started', 'command', 'command', 'file-change', 'message', 'usage', 'completed']);
    assert.deepEqual(events[1], { kind: 'command', command: 'echo hi > out.txt', status: 'started' });
    assert.deepEqual(events[2], { kind: 'command', command: 'Execute call_fake_1', status: 'completed', exitCode: null, output: 'Command completed successfully' });
    assert.deepEqual(events[3], { kind: 'file-change', path: '/work/repo/src/greet.ts', change: 'add' });
    assert.deepEqual(events[5], { kind: 'usage', inputTokens: 3100, outputTokens: 240 });
    assert.deepEqual(droidBackend.finalResult(events), validResult());
  });

  describe('streams captured from the real droid exec 0.225.2 (test/integration/run/headless-droid.test.ts)', () => {
    it('a run with one Execute call: started, the command and its end with the exit code, the answer, usage, completed; the echoed prompt is no event', () => {
      const events = eventsOf(droidBackend, 'droid/real-success.jsonl');
      assert.deepEqual(events.map((e) => e.kind), ['started', 'command', 'command', 'message', 'usage', 'completed']);
      assert.match((events[0] as { sessionId?: string }).sessionId ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(events[1], { kind: 'command', command: "printf 'written by droid\\n' > droid-change.txt", status: 'started' });
      assert.deepEqual(events[2], { kind: 'command', command: 'Execute call_lwc_1', status: 'completed', exitCode: 0, output: 'Command completed successfully\n\n[Process exited with code 0]' });
      assert.deepEqual(events[4], { kind: 'usage', inputTokens: 2003, outputTokens: 103 });
      assert.ok(!events.some((e) => e.kind === 'message' && e.text.startsWith('# Coding run')), 'role user (the prompt) is not an agent message');
      const result = CodingResultSchema.parse(droidBackend.finalResult(events));
      assert.equal(result.implementation_summary, 'Wrote droid-change.txt with the shell tool.');
      assert.equal(droidBackend.finalText(events), (events.at(-1) as { text: string }).text, 'the final text is completion.finalText');
    });

    it('prose instead of JSON: a completed turn whose final text is not a result', () => {
      const events = eventsOf(droidBackend, 'droid/real-prose.jsonl');
      assert.equal(events.at(-1)!.kind, 'completed');
      assert.equal(droidBackend.finalText(events), 'I wrote the file. Everything went fine!');
      assert.equal(droidBackend.finalResult(events), undefined);
    });

    it('a provider 401: a killed tool call is a failed command, then droid\'s two error lines are failures naming the cause', () => {
      const events = eventsOf(droidBackend, 'droid/real-401.jsonl');
      assert.deepEqual(events.map((e) => e.kind), ['started', 'command', 'command', 'failed', 'failed']);
      assert.deepEqual(events[2], { kind: 'command', command: 'Execute call_lwc_1', status: 'failed', exitCode: null, output: 'Error: Command terminated by signal: SIGKILL' });
      assert.deepEqual(events.slice(3), [{ kind: 'failed', message: '401 Invalid API key for fake-model (agent_loop)' }, { kind: 'failed', message: 'Exec failed' }]);
      assert.equal(droidBackend.finalResult(events), undefined);
    });
  });

  it('finds the JSON result in a fenced final message', () => {
    const fenced = `\`\`\`json\n${JSON.stringify(validResult(), null, 2)}\n\`\`\``;
    const events = droidBackend.parseLine(JSON.stringify({ type: 'completion', finalText: fenced, numTurns: 1, usage: { input_tokens: 5, output_tokens: 7, cache_read_input_tokens: 3 } }));
    assert.deepEqual(events[0], { kind: 'usage', inputTokens: 5, outputTokens: 7, cachedInputTokens: 3 });
    assert.deepEqual(droidBackend.finalResult(events), validResult());
  });

  it('other tools\' results add no events (their tool_call already said what changed)', () => {
    assert.deepEqual(droidBackend.parseLine('{"type":"tool_result","id":"c1","toolId":"Create","isError":false,"value":"ok"}'), []);
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
