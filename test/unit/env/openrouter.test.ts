import assert from 'node:assert/strict';
import { DEFAULT_BASE_URL, DEFAULT_MODEL, EndpointSettingError, missingKeyMessage, modelChoiceHint, normaliseBaseUrl, resolveOpenRouterSettings } from '../../../src/core/env/openrouter';
import { parseConfigText } from '../../../src/core/config/parse';
import { parseEnvText } from '../../../src/core/env/parseEnv';

const base = { envFile: {}, envFileLabel: '.env', processEnv: {} };

describe('OpenRouter settings resolution', () => {
  it('takes the key from secret storage, then the env file, then the process environment', () => {
    const all = { ...base, storedKey: 'stored', envFile: { OPENROUTER_API_KEY: 'file' }, processEnv: { OPENROUTER_API_KEY: 'shell' } };
    assert.equal(resolveOpenRouterSettings(all).apiKeySource, 'secret-storage');
    assert.equal(resolveOpenRouterSettings({ ...all, storedKey: undefined }).apiKey, 'file');
    assert.equal(resolveOpenRouterSettings({ ...all, storedKey: '  ', envFile: { OPENROUTER_API_KEY: '' } }).apiKey, 'shell');
    assert.equal(resolveOpenRouterSettings(base).apiKey, undefined);
  });

  it('defaults to OpenRouter and its alias for the current Sonnet (4.5 was retired); model from env file, environment, then config', () => {
    const s = resolveOpenRouterSettings(base);
    assert.equal(s.baseUrl, DEFAULT_BASE_URL);
    assert.equal(s.model, DEFAULT_MODEL);
    assert.equal(DEFAULT_MODEL, '~anthropic/claude-sonnet-latest');
    assert.equal(resolveOpenRouterSettings({ ...base, configModel: 'c' }).model, 'c');
    assert.equal(resolveOpenRouterSettings({ ...base, configModel: 'c', processEnv: { OPENROUTER_MODEL: 'p' } }).model, 'p');
    assert.equal(resolveOpenRouterSettings({ ...base, configModel: 'c', processEnv: { OPENROUTER_MODEL: 'p' }, envFile: { OPENROUTER_MODEL: 'f' } }).modelSource, 'env-file');
  });

  it('puts the editor\'s model setting after the env file and ahead of the environment and config.toml', () => {
    const userModel = { name: 'lwCoder.openRouter.model', value: 'u/model' };
    const s = resolveOpenRouterSettings({ ...base, userModel, configModel: 'c', processEnv: { OPENROUTER_MODEL: 'p' } });
    assert.deepEqual([s.model, s.modelSource], ['u/model', 'user-settings']);
    assert.equal(resolveOpenRouterSettings({ ...base, userModel, envFile: { OPENROUTER_MODEL: 'f' } }).model, 'f');
    const unset = resolveOpenRouterSettings({ ...base, userModel: { name: 'lwCoder.openRouter.model' }, configModel: 'c' });
    assert.deepEqual([unset.model, unset.modelSource], ['c', 'config'], 'an empty setting chooses nothing');
  });

  it('keeps a model id\'s leading ~ from config.toml, the env file and the environment', () => {
    const alias = '~anthropic/claude-sonnet-latest';
    const config = parseConfigText(`[code]\n\n[prompts]\nmodel = "${alias}"\n`);
    assert.deepEqual(config.diagnostics, []);
    assert.equal(config.config?.prompts.model, alias);
    const env = parseEnvText(`OPENROUTER_MODEL=${alias}\nOTHER="${alias}"\n`);
    assert.deepEqual(env.diagnostics, []);
    assert.deepEqual(env.values, { OPENROUTER_MODEL: alias, OTHER: alias });
    assert.equal(resolveOpenRouterSettings({ ...base, envFile: env.values }).model, alias);
    assert.equal(resolveOpenRouterSettings({ ...base, configModel: config.config?.prompts.model }).model, alias);
    assert.equal(resolveOpenRouterSettings({ ...base, userModel: { name: 'lwCoder.openRouter.model', value: ` ${alias} ` } }).model, alias);
  });

  it('says which setting to change for another model: the one that chose it, and with none the editor\'s setting or the CLI\'s config key', () => {
    const editor = 'lwCoder.openRouter.model';
    assert.match(modelChoiceHint('default', '.env', editor), /^Choose another model in the setting `lwCoder\.openRouter\.model` \(model ids: https:\/\/openrouter\.ai\/models\)\.$/);
    assert.match(modelChoiceHint('default', '.env'), /`\[prompts\] model` in \.lw_coder\/config\.toml or OPENROUTER_MODEL in your environment/);
    assert.doesNotMatch(modelChoiceHint('default', '.env'), /lwCoder\./, 'the CLI has no editor settings');
    assert.match(modelChoiceHint('user-settings', '.env', editor), /setting `lwCoder\.openRouter\.model`/);
    assert.match(modelChoiceHint('env-file', '.env.local', editor), /OPENROUTER_MODEL in \.env\.local, which wins over every other setting/);
    assert.doesNotMatch(modelChoiceHint('env-file', '.env.local', editor), /lwCoder\./, 'the setting would not help: the env file wins');
    assert.match(modelChoiceHint('config', '.env', editor), /`\[prompts\] model` in \.lw_coder\/config\.toml: change it there, or choose one in the setting `lwCoder\.openRouter\.model`/);
    assert.match(modelChoiceHint('process-env', '.env'), /OPENROUTER_MODEL in your environment: change or unset it \(/);
    assert.equal(resolveOpenRouterSettings({ ...base, userModel: { name: editor } }).modelHint, modelChoiceHint('default', '.env', editor));
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
