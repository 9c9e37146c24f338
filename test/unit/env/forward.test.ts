import assert from 'node:assert/strict';
import { matchesEnvPattern, selectForwardedEnv } from '../../../src/core/env/forward';
import { envGlobToRegExp } from '../../../src/core/env/secretNames';

describe('env forwarding rules', () => {
  it('matches globs: * any run, ? one character, everything else literal', () => {
    assert.ok(matchesEnvPattern('OPENROUTER_API_KEY', ['OPENROUTER_*']));
    assert.ok(matchesEnvPattern('OPENROUTER_', ['OPENROUTER_*']));
    assert.ok(!matchesEnvPattern('XOPENROUTER_KEY', ['OPENROUTER_*']));
    assert.ok(matchesEnvPattern('AB1', ['AB?']));
    assert.ok(!matchesEnvPattern('AB12', ['AB?']));
    assert.ok(!matchesEnvPattern('AXB', ['A.B']), 'a dot is literal');
    assert.equal(envGlobToRegExp('A+(B)').test('A+(B)'), true);
  });

  it('forwards OPENROUTER_* by default from the env file and the environment, the env file winning', () => {
    const r = selectForwardedEnv(['OPENROUTER_*'], { OPENROUTER_API_KEY: 'from-file', OTHER: 'x' }, { OPENROUTER_API_KEY: 'from-shell', OPENROUTER_MODEL: 'm', PATH: '/bin', HOME: '/h' });
    assert.deepEqual(r.variables, { OPENROUTER_API_KEY: 'from-file', OPENROUTER_MODEL: 'm' });
    assert.deepEqual(r.sources, { OPENROUTER_API_KEY: 'env-file', OPENROUTER_MODEL: 'process' });
    assert.equal(r.forwardsAll, false);
    assert.equal(r.warning, undefined);
  });

  it('forwards everything for "*" with a warning, but not host-only variables unless named', () => {
    const r = selectForwardedEnv(['*', 'HOME'], { A: '1' }, { B: '2', PATH: '/bin', HOME: '/h', SHELL: '/bin/sh', UNDEF: undefined });
    assert.deepEqual(Object.keys(r.variables), ['A', 'B', 'HOME']);
    assert.equal(r.forwardsAll, true);
    assert.match(r.warning ?? '', /forward_env contains "\*"/);
  });

  it('treats "?*", "**" and "*H*" like "*": a warning naming the pattern, and no host-only variable through a wildcard', () => {
    const env = { B: '2', PATH: '/bin', HOME: '/h', SHELL: '/bin/sh', HOSTNAME: 'box' };
    for (const pattern of ['?*', '**']) {
      const r = selectForwardedEnv([pattern], { A: '1' }, env);
      assert.deepEqual(Object.keys(r.variables), ['A', 'B'], pattern);
      assert.equal(r.forwardsAll, true, pattern);
      assert.ok(r.warning?.includes(`forward_env contains "${pattern}", which matches every variable like "*"`), r.warning);
    }
    const h = selectForwardedEnv(['*H*'], {}, { ...env, GH_TOKEN: 't' });
    assert.deepEqual(Object.keys(h.variables), ['GH_TOKEN'], 'PATH, HOME, SHELL and HOSTNAME stay home');
    assert.equal(h.forwardsAll, true);
    assert.match(h.warning ?? '', /"\*H\*"/);
  });

  it('records the pattern that selected each variable, an exact name first', () => {
    const r = selectForwardedEnv(['*_KEY', 'OPENAI_API_KEY'], { DEPLOY_KEY: 'd' }, { OPENAI_API_KEY: 'o', OTHER: 'x' });
    assert.deepEqual(r.via, { DEPLOY_KEY: '*_KEY', OPENAI_API_KEY: 'OPENAI_API_KEY' });
    assert.equal(r.forwardsAll, false);
    assert.equal(r.warning, undefined);
  });

  it('forwards nothing for an empty list', () => {
    assert.deepEqual(selectForwardedEnv([], { A: '1' }, { B: '2' }).variables, {});
  });
});
