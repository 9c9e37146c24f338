import assert from 'node:assert/strict';
import { classifyEnvPattern, looksLikeSecretName } from '../../../src/core/env/secretNames';

describe('forward_env pattern classification (issue 10 item 4)', () => {
  it('patterns that match everything: bare wildcards, and any * pattern that reaches PATH or HOME', () => {
    for (const p of ['*', '?*', '**', '*?*', '??*', '*H*', 'P*', '*E', 'H*E']) assert.equal(classifyEnvPattern(p), 'everything', p);
  });

  it('globs that reach credentials by shape: they match well-known secret names or spell a credential word', () => {
    for (const p of ['*TOKEN*', '*_KEY', '*SECRET*', '*PASSWORD*', 'AWS_*', 'GITHUB_*', '*_API_KEY', 'MY_TOKEN_?']) assert.equal(classifyEnvPattern(p), 'secrets', p);
  });

  it('other globs and plain names are what they look like', () => {
    assert.equal(classifyEnvPattern('OPENROUTER_*'), 'glob');
    assert.equal(classifyEnvPattern('LWC_TEST_?'), 'glob');
    assert.equal(classifyEnvPattern('???'), 'glob', 'no * : cannot match everything');
    assert.equal(classifyEnvPattern('OPENROUTER_API_KEY'), 'name');
    assert.equal(classifyEnvPattern('PATH'), 'name', 'naming PATH is explicit, not a catch-all');
  });

  it('names that read like credentials, by whole segment or telling fragment', () => {
    for (const n of ['OPENROUTER_API_KEY', 'GITHUB_TOKEN', 'GH_PAT', 'DB_PASSWORD', 'PGPASSWORD', 'AWS_SECRET_ACCESS_KEY', 'SSH_AUTH_SOCK', 'FACTORY_API_KEY', 'NPMTOKEN', 'ANTHROPIC_AUTH_TOKEN', 'KEY']) {
      assert.ok(looksLikeSecretName(n), n);
    }
    for (const n of ['OPENROUTER_MODEL', 'OPENROUTER_BASE_URL', 'PATH', 'KEYBOARD_LAYOUT', 'MONKEY', 'PWD', 'OLDPWD', 'HTTPS_PROXY', 'AUTHOR_NAME']) {
      assert.ok(!looksLikeSecretName(n), n);
    }
  });
});
