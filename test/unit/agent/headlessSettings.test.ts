import { strict as assert } from 'node:assert';
import { openRouterProvider, resolveHeadlessSettings } from '../../../src/core/agent/headlessSettings';
import { defaultConfig } from '../../../src/core/config/parse';
import type { HeadlessConfig } from '../../../src/core/config/types';

const BASE = 'https://openrouter.ai/api/v1';
const config = (over: Partial<HeadlessConfig> = {}): HeadlessConfig => ({ ...defaultConfig().headless, ...over });

describe('headless settings: [headless] merged with the command line', () => {
  it('defaults: codex on OpenRouter (key OPENROUTER_API_KEY), 30 minutes, 2 attempts, and a warning that no model is set', () => {
    const s = resolveHeadlessSettings(config(), {}, BASE);
    assert.equal(s.agent, 'codex');
    assert.deepEqual(s.provider, { name: 'openrouter', baseUrl: BASE, apiKeyEnv: 'OPENROUTER_API_KEY' });
    assert.equal(s.model, undefined);
    assert.equal(s.timeoutMs, 1_800_000);
    assert.equal(s.maxAttempts, 2);
    assert.equal(s.warnings.length, 1);
    assert.match(s.warnings[0]!, /No model is set for codex on openrouter.*\[headless\] model.*--model/);
  });

  it('takes agent, model, timeout and attempts from the config, and the base URL the caller resolved', () => {
    const s = resolveHeadlessSettings(config({ agent: 'droid', model: 'openai/gpt-5.2', timeoutSeconds: 60, maxAttempts: 3 }), {}, 'http://127.0.0.1:9999/v1');
    assert.deepEqual({ ...s }, { agent: 'droid', model: 'openai/gpt-5.2', provider: openRouterProvider('http://127.0.0.1:9999/v1'), timeoutMs: 60_000, maxAttempts: 3, warnings: [] });
  });

  it('the command line wins over the config', () => {
    const s = resolveHeadlessSettings(config({ agent: 'droid', model: 'a/b', timeoutSeconds: 60, maxAttempts: 3 }), { agent: 'claude', model: 'c/d', timeoutMs: 5_000, maxAttempts: 1 }, BASE);
    assert.equal(s.agent, 'claude');
    assert.equal(s.model, 'c/d');
    assert.equal(s.timeoutMs, 5_000);
    assert.equal(s.maxAttempts, 1);
  });

  it('provider "agent" uses the CLI\'s own login: no provider, no warning about the model', () => {
    const s = resolveHeadlessSettings(config({ provider: 'agent' }), {}, BASE);
    assert.equal(s.provider, undefined);
    assert.deepEqual(s.warnings, []);
  });

  it('an explicit provider replaces the configured one', () => {
    const fake = { name: 'fake', baseUrl: 'http://127.0.0.1:1/v1', apiKeyEnv: 'FAKE_KEY' };
    assert.deepEqual(resolveHeadlessSettings(config({ provider: 'agent', model: 'm' }), { provider: fake }, BASE).provider, fake);
  });

  it('refuses an unknown agent and nonsensical attempts or timeouts', () => {
    assert.throws(() => resolveHeadlessSettings(config(), { agent: 'aider' as never }, BASE), /Unknown agent 'aider'.*codex, droid, claude/);
    assert.throws(() => resolveHeadlessSettings(config(), { maxAttempts: 0 }, BASE), /at least 1/);
    assert.throws(() => resolveHeadlessSettings(config(), { timeoutMs: 0 }, BASE), /greater than 0/);
  });
});
