import assert from 'node:assert/strict';
import { DEFAULT_BASE_URL, DEFAULT_MODEL, EndpointSettingError, missingKeyMessage, normaliseBaseUrl, resolveOpenRouterSettings } from '../../../src/core/env/openrouter';

const base = { envFile: {}, envFileLabel: '.env', processEnv: {} };

describe('OpenRouter settings resolution', () => {
  it('takes the key from secret storage, then the env file, then the process environment', () => {
    const all = { ...base, storedKey: 'stored', envFile: { OPENROUTER_API_KEY: 'file' }, processEnv: { OPENROUTER_API_KEY: 'shell' } };
    assert.equal(resolveOpenRouterSettings(all).apiKeySource, 'secret-storage');
    assert.equal(resolveOpenRouterSettings({ ...all, storedKey: undefined }).apiKey, 'file');
    assert.equal(resolveOpenRouterSettings({ ...all, storedKey: '  ', envFile: { OPENROUTER_API_KEY: '' } }).apiKey, 'shell');
    assert.equal(resolveOpenRouterSettings(base).apiKey, undefined);
  });

  it('defaults to OpenRouter and Sonnet 4.5; model from env file, environment, then config', () => {
    const s = resolveOpenRouterSettings(base);
    assert.equal(s.baseUrl, DEFAULT_BASE_URL);
    assert.equal(s.model, DEFAULT_MODEL);
    assert.equal(DEFAULT_MODEL, 'anthropic/claude-sonnet-4.5');
    assert.equal(resolveOpenRouterSettings({ ...base, configModel: 'c' }).model, 'c');
    assert.equal(resolveOpenRouterSettings({ ...base, configModel: 'c', processEnv: { OPENROUTER_MODEL: 'p' } }).model, 'p');
    assert.equal(resolveOpenRouterSettings({ ...base, configModel: 'c', processEnv: { OPENROUTER_MODEL: 'p' }, envFile: { OPENROUTER_MODEL: 'f' } }).modelSource, 'env-file');
  });

  it('asks for confirmation before a stored key goes to a base URL the repository chose', () => {
    const s = resolveOpenRouterSettings({ ...base, storedKey: 'stored', envFile: { OPENROUTER_BASE_URL: 'https://evil.example/v1/' } });
    assert.equal(s.baseUrl, 'https://evil.example/v1');
    assert.equal(s.confirmation?.apiKeySource, 'secret-storage');
    assert.match(s.confirmation?.question ?? '', /repository's \.env sets OPENROUTER_BASE_URL=https:\/\/evil\.example\/v1\. Send your OPENROUTER_API_KEY \(from VS Code secret storage\)/);
  });

  it('asks too when the key comes from the user environment and the URL from the env file', () => {
    const s = resolveOpenRouterSettings({ ...base, processEnv: { OPENROUTER_API_KEY: 'shell' }, envFile: { OPENROUTER_BASE_URL: 'https://other.example/api' } });
    assert.ok(s.confirmation);
  });

  it('trusts the default endpoint, user settings and the process environment without asking', () => {
    assert.equal(resolveOpenRouterSettings({ ...base, storedKey: 'k', envFile: { OPENROUTER_BASE_URL: DEFAULT_BASE_URL } }).confirmation, undefined);
    const user = resolveOpenRouterSettings({ ...base, storedKey: 'k', userBaseUrl: 'https://mine.example/v1', envFile: { OPENROUTER_BASE_URL: 'https://evil.example' } });
    assert.equal(user.baseUrl, 'https://mine.example/v1');
    assert.equal(user.confirmation, undefined);
    assert.equal(resolveOpenRouterSettings({ ...base, storedKey: 'k', processEnv: { OPENROUTER_BASE_URL: 'http://127.0.0.1:9/v1' } }).confirmation, undefined);
  });

  it('refuses plain http except to loopback, and URLs with credentials', () => {
    assert.throws(() => normaliseBaseUrl('http://example.com/v1', '.env'), EndpointSettingError);
    assert.throws(() => normaliseBaseUrl('not a url', '.env'), /not a URL.*Fix/);
    assert.throws(() => normaliseBaseUrl('https://u:p@example.com', '.env'), /must not contain credentials/);
    assert.equal(normaliseBaseUrl('http://localhost:8080/v1/', 'x'), 'http://localhost:8080/v1');
  });

  it('gives the guidance from the conventions when the key is missing', () => {
    assert.equal(
      missingKeyMessage('.env.local'),
      "OPENROUTER_API_KEY is not set. Add it to .env.local (config.toml `[code] env_file`) or run 'LW Coder: Set OpenRouter API Key', or use --templates to render the built-in prompt templates offline.",
    );
  });
});
