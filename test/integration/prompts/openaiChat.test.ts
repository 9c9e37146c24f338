import assert from 'node:assert/strict';
import { createOpenAiChatModel } from '../../../src/adapters/llm/openaiChat';
import { createRedactor } from '../../../src/core/env/redact';
import type { ChatRequest } from '../../../src/core/ports/llm';
import { LlmError } from '../../../src/core/prompts/errors';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';

const KEY = 'sk-or-v1-test-0123456789abcdef';
const request: ChatRequest = {
  model: 'test/model-a',
  messages: [{ role: 'user', content: '[[ ## plan_id ## ]]\nsample-plan' }],
  jsonSchema: { name: 'code_prompts', schema: { type: 'object', properties: {}, required: [], additionalProperties: false } },
};

describe('OpenAI-compatible chat adapter against a loopback server', () => {
  let server: FakeModelServer;
  let waits: number[];
  beforeEach(async () => {
    server = await startFakeModelServer();
    waits = [];
  });
  afterEach(() => server.close());

  const chat = (overrides: { timeoutMs?: number; maxRetries?: number; modelHint?: string } = {}) =>
    createOpenAiChatModel({
      ...(overrides.modelHint ? { modelHint: overrides.modelHint } : {}),
      baseUrl: server.baseUrl,
      apiKey: KEY,
      timeoutMs: overrides.timeoutMs ?? 5000,
      retry: { maxRetries: overrides.maxRetries ?? 2, baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 60_000 },
      redact: createRedactor([KEY]),
      // Record the waits instead of sleeping them: the schedule is what is under test.
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
    });

  const failure = async (p: Promise<unknown>): Promise<LlmError> => {
    try {
      await p;
    } catch (error) {
      assert.ok(error instanceof LlmError, String(error));
      return error;
    }
    assert.fail('expected an LlmError');
  };

  it('asks for strict structured output, only from providers that support it, with attribution headers', async () => {
    const result = await chat().complete(request);
    assert.equal(result.attempts, 1);
    assert.equal(result.model, 'test/model-a');
    assert.match(result.content, /code-review-auditor/);
    const [r] = server.requests;
    assert.equal(r!.headers.authorization, `Bearer ${KEY}`);
    assert.equal(r!.headers['http-referer'], 'https://github.com/lw-coder/lw-coder');
    assert.equal(r!.headers['x-title'], 'LW Coder');
    assert.deepEqual(r!.body?.response_format, { type: 'json_schema', json_schema: { name: 'code_prompts', strict: true, schema: request.jsonSchema!.schema } });
    assert.deepEqual(r!.body?.provider, { require_parameters: true });
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    server.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const notices: number[] = [];
    const result = await chat().complete(request, { onRetry: (n) => notices.push(n.delayMs) });
    assert.equal(result.attempts, 2);
    assert.deepEqual(waits, [1000]);
    assert.deepEqual(notices, [1000]);
    assert.equal(server.completionCount, 2);
  });

  it('bounds retries on 5xx: maxRetries + 1 requests, then an error that says so', async () => {
    server.setDefault({ kind: 'status', status: 500 });
    const error = await failure(chat({ maxRetries: 2 }).complete(request));
    assert.equal(error.kind, 'server');
    assert.equal(server.completionCount, 3);
    assert.deepEqual(waits, [5, 10]);
    assert.match(error.message, /HTTP 500 after 3 attempts/);
  });

  it('shows 402 and never retries it', async () => {
    server.enqueue({ kind: 'status', status: 402, body: { error: { message: 'Insufficient credits', code: 402 } } });
    const error = await failure(chat().complete(request));
    assert.equal(error.kind, 'no-credits');
    assert.equal(server.completionCount, 1);
    assert.match(error.message, /402 Payment Required \(Insufficient credits\).*Add credits/);
  });

  it('times out a hanging request, retries it a bounded number of times, then says what to do', async () => {
    server.setDefault({ kind: 'hang' });
    const error = await failure(chat({ timeoutMs: 150, maxRetries: 1 }).complete(request));
    assert.equal(error.kind, 'timeout');
    assert.equal(server.completionCount, 2);
    assert.match(error.message, /timeout_seconds/);
  });

  it('treats an error inside a 200 body as an error', async () => {
    server.enqueue({ kind: 'error-in-200', error: { message: 'provider exploded', code: 'provider_error' } });
    const error = await failure(chat().complete(request));
    assert.equal(error.kind, 'error-in-body');
    assert.match(error.message, /inside a successful \(HTTP 200\) response \(provider exploded\)/);
    assert.equal(server.completionCount, 1);
  });

  it('retries an error inside a 200 body that carries a retryable code', async () => {
    server.enqueue({ kind: 'error-in-200', error: { message: 'upstream 502', code: 502 } });
    const result = await chat().complete(request);
    assert.equal(result.attempts, 2);
  });

  it('reports a body that is not JSON as a malformed response, without retrying', async () => {
    server.enqueue({ kind: 'malformed-json' });
    const error = await failure(chat().complete(request));
    assert.equal(error.kind, 'malformed-response');
    assert.equal(server.completionCount, 1);
  });

  it('tells the user how to choose another model when the model is unknown', async () => {
    const error = await failure(chat().complete({ ...request, model: 'retired/model' }));
    assert.equal(error.kind, 'model-not-found');
    assert.match(error.message, /Model 'retired\/model' is not available.*OPENROUTER_MODEL/);
  });

  it('reports OpenRouter\'s answers for a retired or deprecated model as model-not-found, once, naming the setting it is given', async () => {
    const hint = 'Choose another model in the setting `lwCoder.openRouter.model` (model ids: https://openrouter.ai/models).';
    const shapes = [
      { status: 404, message: 'No endpoints found for anthropic/claude-sonnet-4.5' },
      { status: 400, message: 'anthropic/claude-sonnet-4.5 is not a valid model ID' },
      { status: 400, message: 'The model anthropic/claude-sonnet-4.5 has been deprecated' },
    ];
    for (const { status, message } of shapes) {
      server.enqueue({ kind: 'status', status, body: { error: { message, code: status } } });
      const before = server.completionCount;
      const error = await failure(chat({ modelHint: hint }).complete({ ...request, model: 'anthropic/claude-sonnet-4.5' }));
      assert.equal(error.kind, 'model-not-found', message);
      assert.equal(error.status, status);
      assert.equal(server.completionCount - before, 1, `${message}: not retried`);
      assert.equal(error.message, `Model 'anthropic/claude-sonnet-4.5' is not available at ${server.baseUrl} (${message}): the endpoint does not know it, or it was deprecated or retired. ${hint}`);
    }
  });

  it('reports missing structured-output support distinctly (the caller falls back to text)', async () => {
    await server.close();
    server = await startFakeModelServer({ structuredOutputs: false });
    const error = await failure(chat().complete(request));
    assert.equal(error.kind, 'structured-unsupported');
    const text = await chat().complete({ ...request, jsonSchema: undefined });
    assert.match(text.content, /```json/);
  });

  it('never repeats the key in an error, even when the endpoint echoes it', async () => {
    server.enqueue({ kind: 'status', status: 401, body: { error: { message: `Invalid key ${KEY}`, code: 401 } } });
    const error = await failure(chat().complete(request));
    assert.equal(error.kind, 'auth');
    assert.ok(!error.message.includes(KEY), error.message);
    assert.match(error.message, /\[REDACTED\]/);
  });

  it('stops waiting when cancelled', async () => {
    server.setDefault({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(chat({ timeoutMs: 10_000 }).complete(request, { signal: controller.signal }));
    assert.equal(error.kind, 'cancelled');
  });
});
