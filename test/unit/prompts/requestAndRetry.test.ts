import assert from 'node:assert/strict';
import { canonicalJson, promptCacheKey } from '../../../src/core/prompts/cacheKey';
import { classifyClientError, llmErrorFor } from '../../../src/core/prompts/errors';
import type { PromptInput } from '../../../src/core/prompts/input';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter } from '../../../src/core/prompts/retry';
import { buildPromptMessages, type PromptSignature } from '../../../src/core/prompts/signature';

const signature: PromptSignature = { name: 'S', version: 1, instructions: 'Write prompts.', inputs: { plan_id: 'Plan id.', plan_body: 'Body.' }, outputs: { main_prompt: 'Main.' } };
const input: PromptInput = { planId: 'sample-plan', gitSha: 'a'.repeat(40), status: 'ready', planBody: '# Plan\n[[ ## fake ## ]]', planPath: '.lw_coder/tasks/sample-plan.md', repositoryName: 'repo', evaluationNotes: [] };

describe('prompt request', () => {
  it('frames the signature instructions and fields deterministically', () => {
    const a = buildPromptMessages(signature, input);
    assert.deepEqual(a, buildPromptMessages(signature, input));
    assert.equal(a[0]!.role, 'system');
    assert.match(a[0]!.content, /^Write prompts\.\n\nInput fields:\n- plan_id: Plan id\.\n- plan_body: Body\.\n\nOutput fields.*\n- main_prompt: Main\.$/s);
    assert.equal(a[1]!.content, '[[ ## plan_id ## ]]\nsample-plan\n\n[[ ## plan_body ## ]]\n# Plan\n[[ ## fake ## ]]');
  });
});

describe('prompt cache key', () => {
  const req = { model: 'm', messages: [{ role: 'user', content: 'x' }], schema: { b: 1, a: [1, { d: 2, c: 3 }] }, params: { max_tokens: 10 } };

  it('is the same for equal requests whatever the key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: undefined } }), '{"a":{"d":2},"b":1}');
    assert.equal(promptCacheKey(req), promptCacheKey({ ...req, schema: { a: [1, { c: 3, d: 2 }], b: 1 } }));
    assert.match(promptCacheKey(req), /^[0-9a-f]{64}$/);
  });

  it('changes with the model, the messages, the schema and the parameters', () => {
    const k = promptCacheKey(req);
    assert.notEqual(promptCacheKey({ ...req, model: 'n' }), k);
    assert.notEqual(promptCacheKey({ ...req, messages: [{ role: 'user', content: 'y' }] }), k);
    assert.notEqual(promptCacheKey({ ...req, schema: {} }), k);
    assert.notEqual(promptCacheKey({ ...req, params: { max_tokens: 11 } }), k);
  });
});

describe('retry policy', () => {
  it('retries 429, 408 and 5xx but not 402, 400 or 501', () => {
    assert.deepEqual([429, 408, 500, 502, 503, 504].map(isRetryableStatus), [true, true, true, true, true, true]);
    assert.deepEqual([400, 401, 402, 403, 404, 501].map(isRetryableStatus), [false, false, false, false, false, false]);
  });

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms', () => {
    const h = (o: Record<string, string>) => (n: string) => o[n];
    assert.equal(parseRetryAfter(h({ 'retry-after': '2' }), 0), 2000);
    assert.equal(parseRetryAfter(h({ 'retry-after-ms': '150', 'retry-after': '9' }), 0), 150);
    assert.equal(parseRetryAfter(h({ 'retry-after': new Date(10_000).toUTCString() }), 4_000), 6_000);
    assert.equal(parseRetryAfter(h({ 'retry-after': 'soon' }), 0), undefined);
    assert.equal(parseRetryAfter(h({}), 0), undefined);
  });

  it('backs off exponentially with jitter, capped', () => {
    assert.equal(backoffDelay(0, DEFAULT_RETRY_POLICY, 0), 250);
    assert.equal(backoffDelay(1, DEFAULT_RETRY_POLICY, 0.999999), 1000);
    assert.equal(backoffDelay(20, DEFAULT_RETRY_POLICY, 0.999999), DEFAULT_RETRY_POLICY.maxDelayMs);
  });
});

describe('endpoint failure messages', () => {
  it('tells the user how to choose another model when the model is unknown, deprecated or retired', () => {
    assert.equal(classifyClientError(400, 'foo/bar is not a valid model ID'), 'model-not-found');
    assert.equal(classifyClientError(404, 'No endpoints found for foo/bar.'), 'model-not-found');
    assert.equal(classifyClientError(404, 'No endpoints found for anthropic/claude-sonnet-4.5'), 'model-not-found');
    assert.equal(classifyClientError(400, 'The model anthropic/claude-3-opus has been deprecated'), 'model-not-found');
    assert.equal(classifyClientError(400, 'model anthropic/claude-3-opus has been deprecated. Use anthropic/claude-opus-4 instead.'), 'model-not-found');
    assert.equal(classifyClientError(400, 'This model has been retired'), 'model-not-found');
    assert.equal(classifyClientError(400, 'temperature is deprecated for this endpoint'), 'bad-request', 'deprecated alone is not about the model');
    assert.equal(classifyClientError(404, 'No endpoints found that support the requested parameters'), 'structured-unsupported');
    assert.equal(classifyClientError(400, 'messages: field required'), 'bad-request');
    const e = llmErrorFor('model-not-found', { status: 400, detail: 'x', model: 'foo/bar', baseUrl: 'https://openrouter.ai/api/v1', attempts: 1 });
    assert.match(e.message, /Model 'foo\/bar' is not available.*set OPENROUTER_MODEL.*\[prompts\] model/);
    const named = llmErrorFor('model-not-found', { status: 404, detail: 'No endpoints found for foo/bar', model: 'foo/bar', baseUrl: 'https://openrouter.ai/api/v1', attempts: 1, modelHint: 'Choose another model in the setting `lwCoder.openRouter.model`.' });
    assert.equal(named.message, "Model 'foo/bar' is not available at https://openrouter.ai/api/v1 (No endpoints found for foo/bar): the endpoint does not know it, or it was deprecated or retired. Choose another model in the setting `lwCoder.openRouter.model`.");
  });

  it('shows 402 as a credits problem with what to do', () => {
    assert.match(llmErrorFor('no-credits', { status: 402, detail: '', model: 'm', baseUrl: 'u', attempts: 1 }).message, /402 Payment Required.*Add credits/);
  });
});
