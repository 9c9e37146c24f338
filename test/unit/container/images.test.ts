import { strict as assert } from 'node:assert';
import { baseImageContentHash, parseDockerBuildArgs, repoHashOf, repoImageTag } from '../../../src/core/container/images';
import { BuildProgress } from '../../../src/adapters/docker/buildProgress';

describe('image naming and content hashes', () => {
  it('repo_hash is 12 hex digits of the repository path, stable and path-specific', () => {
    assert.match(repoHashOf('/home/u/project'), /^[0-9a-f]{12}$/);
    assert.equal(repoHashOf('/home/u/project'), repoHashOf('/home/u/project/'));
    assert.notEqual(repoHashOf('/home/u/project'), repoHashOf('/home/u/project2'));
    assert.equal(repoImageTag('/home/u/project'), `lw_coder_droid:${repoHashOf('/home/u/project')}`);
  });

  it('the base content hash changes with the Dockerfile, an arg, the CA or the base label, and only then', () => {
    const base = { dockerfile: 'FROM x\n', buildArgs: { BASE_IMAGE: 'a' }, extraCa: '' };
    const h = baseImageContentHash(base);
    assert.equal(baseImageContentHash({ ...base }), h);
    assert.notEqual(baseImageContentHash({ ...base, dockerfile: 'FROM y\n' }), h);
    assert.notEqual(baseImageContentHash({ ...base, buildArgs: { BASE_IMAGE: 'b' } }), h);
    assert.notEqual(baseImageContentHash({ ...base, extraCa: '-----BEGIN CERTIFICATE-----' }), h);
    assert.notEqual(baseImageContentHash({ ...base, fromImageContentLabel: 'abc' }), h);
  });

  it('parses docker_build_args with an API equivalent and refuses the rest by index', () => {
    const ok = parseDockerBuildArgs(['--build-arg', 'A=1', '--build-arg=B=x=y', '--label', 'team=core', '--no-cache']);
    assert.deepEqual(ok.value, { buildArgs: { A: '1', B: 'x=y' }, labels: { team: 'core' }, noCache: true });
    const bad = parseDockerBuildArgs(['--build-arg', 'NOVALUE', '--squash']);
    assert.equal(bad.value, undefined);
    assert.equal(bad.errors.length, 2);
    assert.match(bad.errors[1] ?? '', /docker_build_args\[2\].*--squash.*not supported/);
  });
});

describe('build progress from the engine stream', () => {
  it('splits stream text into lines, counts executed and cached steps and finds the image id', () => {
    const lines: string[] = [];
    const p = new BuildProgress((l) => lines.push(l));
    p.push('{"stream":"Step 1/2 : FROM base\\n"}\n{"stream":" ---\\u003e abc\\n"}\n{"stream":"Step 2/2 : RUN echo hi\\n"}\n{"str');
    p.push('eam":" ---\\u003e Running in 0123abcd\\n"}\n{"stream":"hi\\n ---\\u003e def\\n"}\n{"aux":{"ID":"sha256:feed"}}\n');
    p.end();
    assert.deepEqual(lines, ['Step 1/2 : FROM base', ' ---> abc', 'Step 2/2 : RUN echo hi', ' ---> Running in 0123abcd', 'hi', ' ---> def']);
    assert.equal(p.steps, 2);
    assert.equal(p.executedSteps, 1);
    assert.equal(p.imageId, 'sha256:feed');
    assert.equal(p.failure('t:1'), undefined);
  });

  it('turns an engine error into a build-failed error naming the step and its output tail', () => {
    const p = new BuildProgress(() => undefined);
    p.push('{"stream":"Step 3/5 : RUN make\\n"}\n{"stream":"cc: error: missing.c\\n"}\n');
    p.push('{"errorDetail":{"code":2,"message":"The command \'/bin/sh -c make\' returned a non-zero code: 2"},"error":"x"}\n');
    p.end();
    const error = p.failure('lw_coder_droid:abc');
    assert.equal(error?.code, 'build-failed');
    assert.match(error?.message ?? '', /Building lw_coder_droid:abc failed at "RUN make": The command .* non-zero code: 2/);
    assert.match(error?.message ?? '', /cc: error: missing\.c/);
  });
});
