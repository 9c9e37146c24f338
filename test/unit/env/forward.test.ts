import assert from 'node:assert/strict';
import { envGlobToRegExp, matchesEnvPattern, selectForwardedEnv } from '../../../src/core/env/forward';

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

  it('forwards nothing for an empty list', () => {
    assert.deepEqual(selectForwardedEnv([], { A: '1' }, { B: '2' }).variables, {});
  });
});
