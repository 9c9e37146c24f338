import assert from 'node:assert/strict';
import { defaultConfig, parseConfigText } from '../../../src/core/config/parse';

const errorsOf = (text: string) => parseConfigText(text).diagnostics.filter((d) => d.severity === 'error');

describe('config.toml [headless] table', () => {
  it('reads agent, model, provider, timeout and attempts', () => {
    const { config, diagnostics } = parseConfigText('[code]\n\n[headless]\nagent = "claude"\nmodel = "anthropic/claude-sonnet-4.5"\nprovider = "agent"\ntimeout_seconds = 600\nmax_attempts = 3\n');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config?.headless, { agent: 'claude', model: 'anthropic/claude-sonnet-4.5', provider: 'agent', timeoutSeconds: 600, maxAttempts: 3 });
  });

  it('defaults to codex on OpenRouter with the CLI default model, 30 minutes per attempt and 2 attempts', () => {
    assert.deepEqual(defaultConfig().headless, { agent: 'codex', provider: 'openrouter', timeoutSeconds: 1800, maxAttempts: 2 });
    assert.deepEqual(parseConfigText('[code]\n[headless]\n').config?.headless, defaultConfig().headless);
    assert.equal(parseConfigText('[code]\n[headless]\n').config?.headless.model, undefined);
  });

  const mistakes: { name: string; toml: string; key: string; line: number; fix: RegExp }[] = [
    { name: 'unknown agent', toml: '[code]\n[headless]\nagent = "aider"\n', key: 'headless.agent', line: 3, fix: /"codex", "droid" or "claude"\. Fix: agent = "codex"/ },
    { name: 'unknown provider', toml: '[code]\n[headless]\n\nprovider = "openai"\n', key: 'headless.provider', line: 4, fix: /"openrouter" or "agent"/ },
    { name: 'empty model', toml: '[code]\n[headless]\nmodel = ""\n', key: 'headless.model', line: 3, fix: /non-empty string/ },
    { name: 'model as a number', toml: '[code]\n[headless]\nmodel = 5\n', key: 'headless.model', line: 3, fix: /must be a non-empty string, but is an integer/ },
    { name: 'timeout of zero', toml: '[code]\n[headless]\ntimeout_seconds = 0\n', key: 'headless.timeout_seconds', line: 3, fix: /from 1 to 86400\. Fix: timeout_seconds = 1800/ },
    { name: 'timeout as a string', toml: '[code]\n[headless]\ntimeout_seconds = "10m"\n', key: 'headless.timeout_seconds', line: 3, fix: /but is a string/ },
    { name: 'too many attempts', toml: '[code]\n[headless]\nmax_attempts = 11\n', key: 'headless.max_attempts', line: 3, fix: /from 1 to 10/ },
    { name: 'misspelt key', toml: '[code]\n[headless]\nmax_attempt = 2\n', key: 'headless.max_attempt', line: 3, fix: /Did you mean max_attempts\?/ },
    { name: 'the table misspelt', toml: '[code]\n[headles]\nagent = "codex"\n', key: 'headles', line: 2, fix: /Did you mean headless\?/ },
  ];
  for (const m of mistakes) {
    it(`names the key and line for: ${m.name}`, () => {
      const errors = errorsOf(m.toml);
      const d = errors.find((e) => e.key === m.key);
      assert.ok(d, `an error for ${m.key} in ${JSON.stringify(errors)}`);
      assert.equal(d.line, m.line);
      assert.match(d.message, new RegExp(`line ${m.line}`));
      assert.match(d.message, m.fix);
      assert.equal(parseConfigText(m.toml).config, undefined);
    });
  }
});
