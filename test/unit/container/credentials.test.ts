import assert from 'node:assert/strict';
import {
  combineExposure, consentKeyOf, consentQuestion, exposureLines, forwardedVariables, type CredentialExposure,
} from '../../../src/core/container/credentials';
import { selectForwardedEnv } from '../../../src/core/env/forward';

const files = { configToml: '[code]\n', codeDockerfile: 'FROM lw_coder_droid:latest\n', dockerignore: '.git\n' };
const exposure = (names: string[], from = 'environment'): CredentialExposure =>
  combineExposure(names.map((name) => ({ name, from, why: 'forward_env "OPENROUTER_*"', secret: true })), [{ hostPath: '/home/u/.factory/auth.json', containerPath: '/home/droiduser/.factory/auth.json', why: "droid's login" }]);

describe('credential exposure and the consent fingerprint (issue 10 item 4)', () => {
  it('lists forwarded variables by name with their source and pattern, marking secrets by name or by a secret-shaped glob', () => {
    const forwarded = selectForwardedEnv(['OPENROUTER_*', '*_TOKEN'], { OPENROUTER_API_KEY: 'sk-or-secret-value' }, { OPENROUTER_MODEL: 'm', NPM_TOKEN: 'n', OTHER: 'o' });
    const vars = forwardedVariables(forwarded, '.env');
    assert.deepEqual(vars, [
      { name: 'NPM_TOKEN', from: 'environment', why: 'forward_env "*_TOKEN"', secret: true },
      { name: 'OPENROUTER_API_KEY', from: 'env file .env', why: 'forward_env "OPENROUTER_*"', secret: true },
      { name: 'OPENROUTER_MODEL', from: 'environment', why: 'forward_env "OPENROUTER_*"', secret: false },
    ]);
    const text = exposureLines(combineExposure(vars, [])).join('\n');
    assert.ok(!text.includes('sk-or-secret-value'), 'values never appear');
    assert.match(text, /^OPENROUTER_API_KEY \(secret\) — from the env file \.env, forward_env "OPENROUTER_\*"$/m);
  });

  it('a variable forwarded and injected is listed once; files sort by container path', () => {
    const e = combineExposure(
      [{ name: 'B', from: 'environment', why: 'x', secret: false }, { name: 'A', from: 'environment', why: 'x', secret: true }, { name: 'B', from: 'secret storage', why: 'codex', secret: true }],
      [{ hostPath: '/h/2', containerPath: '/z', why: '' }, { hostPath: '/h/1', containerPath: '/a', why: '' }],
    );
    assert.deepEqual(e.variables.map((v) => [v.name, v.from]), [['A', 'environment'], ['B', 'environment']]);
    assert.deepEqual(e.files.map((f) => f.containerPath), ['/a', '/z']);
  });

  it('the fingerprint changes with each repository file and with the list, but not with where values come from', () => {
    const base = consentKeyOf(files, exposure(['OPENROUTER_API_KEY']));
    assert.deepEqual(consentKeyOf({ ...files }, exposure(['OPENROUTER_API_KEY'])), base, 'deterministic');
    for (const changed of [{ configToml: '[code]\nforward_env = ["*"]\n' }, { codeDockerfile: 'FROM x\nRUN curl evil\n' }, { dockerignore: '!.env\n' }, { dockerignore: undefined }]) {
      const key = consentKeyOf({ ...files, ...changed }, exposure(['OPENROUTER_API_KEY']));
      assert.notEqual(key.filesHash, base.filesHash, JSON.stringify(changed));
      assert.equal(key.listHash, base.listHash);
    }
    assert.notEqual(consentKeyOf({ ...files, dockerignore: '' }, exposure(['OPENROUTER_API_KEY'])).filesHash, consentKeyOf({ ...files, dockerignore: undefined }, exposure(['OPENROUTER_API_KEY'])).filesHash, 'an empty file is not a missing one');
    const more = consentKeyOf(files, exposure(['OPENROUTER_API_KEY', 'GITHUB_TOKEN']));
    assert.equal(more.filesHash, base.filesHash);
    assert.notEqual(more.listHash, base.listHash, 'a new variable asks again');
    assert.deepEqual(consentKeyOf(files, exposure(['OPENROUTER_API_KEY'], 'secret storage')), base, "the editor's stored key and the CLI's environment are the same answer");
    const noFile = consentKeyOf(files, combineExposure(exposure(['OPENROUTER_API_KEY']).variables, []));
    assert.notEqual(noFile.listHash, base.listHash, 'a credential file counts');
  });

  it('the question names the repository, every item and when it is asked again', () => {
    const q = consentQuestion('/repo', exposure(['OPENROUTER_API_KEY']));
    assert.match(q.title, /\/repo/);
    assert.match(q.detail, /OPENROUTER_API_KEY \(secret\)/);
    assert.match(q.detail, /\/home\/u\/\.factory\/auth\.json → \/home\/droiduser\/\.factory\/auth\.json/);
    assert.match(q.detail, /asks again when \.lw_coder\/config\.toml, \.lw_coder\/code\.Dockerfile, \.lw_coder\/\.dockerignore or this list change/);
  });
});
