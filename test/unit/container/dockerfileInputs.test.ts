import { strict as assert } from 'node:assert';
import { dockerfileInputs } from '../../../src/core/container/dockerfileInputs';
import { repoImageContentHash } from '../../../src/core/container/images';
import { CODE_DOCKERFILE_TEMPLATE } from '../../../src/core/container/scaffold';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const noArgs = {};

describe('what a code.Dockerfile reads besides its own text (issue 11 item 1)', () => {
  it('the scaffolded Dockerfile reads nothing from the repository and builds on the base named by its build arg', () => {
    assert.deepEqual(dockerfileInputs(CODE_DOCKERFILE_TEMPLATE, noArgs), { readsContext: false, images: ['lw_coder_droid:latest'] });
    assert.deepEqual(dockerfileInputs(CODE_DOCKERFILE_TEMPLATE, { LW_CODER_BASE_IMAGE: 'lw_coder_codex:latest' }).images, ['lw_coder_codex:latest']);
  });

  it('instructions that never read the context keep it out, in any case and across continuation lines', () => {
    const text = lines(
      'from debian:12', 'arg X=1', 'env A=b', 'label a=b', 'user 1000', 'workdir /w', 'expose 80', 'volume /v',
      'RUN apt-get update \\', '  # a comment inside the continuation', '', '  && echo COPY . /x', 'cmd ["sh"]', 'entrypoint ["sh"]',
      'healthcheck CMD true', 'stopsignal TERM', 'shell ["/bin/sh", "-c"]', 'ONBUILD COPY . /app',
    );
    assert.deepEqual(dockerfileInputs(text, noArgs), { readsContext: false, images: ['debian:12'] });
  });

  it('COPY and ADD in every form read the context, named with their line', () => {
    assert.equal(dockerfileInputs(lines('FROM a', 'COPY . /ctx'), noArgs).contextReason, 'COPY on line 2');
    assert.equal(dockerfileInputs(lines('FROM a', 'RUN true', 'copy \\', '  src /src'), noArgs).contextReason, 'COPY on line 3');
    assert.equal(dockerfileInputs(lines('FROM a', 'ADD ["x y", "/z"]'), noArgs).readsContext, true);
    const staged = dockerfileInputs(lines('FROM golang:1 AS build', 'RUN go build', 'FROM debian', 'COPY --from=build /out /out', 'COPY --from=0 /a /a'), noArgs);
    assert.equal(staged.readsContext, true, 'COPY --from counts too: conservatively');
    assert.deepEqual(staged.images, ['golang:1', 'debian']);
    assert.deepEqual(dockerfileInputs(lines('FROM a', 'COPY --from=alpine:3 /etc/os-release /x'), noArgs).images, ['a', 'alpine:3']);
  });

  it('RUN --mount reads the context (a bind mount defaults to it) and names the image it mounts from', () => {
    const r = dockerfileInputs(lines('FROM a', 'RUN --mount=type=bind,target=/src make -C /src'), noArgs);
    assert.equal(r.readsContext, true);
    assert.equal(r.contextReason, 'RUN --mount on line 2');
    assert.deepEqual(dockerfileInputs(lines('FROM a', 'RUN --mount=type=cache,from=tools:1,target=/c true'), noArgs).images, ['a', 'tools:1']);
  });

  it('a heredoc reads the context, and its body is never taken for instructions', () => {
    const r = dockerfileInputs(lines('FROM a', 'RUN <<EOF', 'FROM evil', 'COPY . /x', 'EOF', 'FROM b'), noArgs);
    assert.equal(r.readsContext, true);
    assert.equal(r.contextReason, 'a heredoc on line 2');
    assert.deepEqual(r.images, ['a', 'b']);
    assert.equal(r.uncheckable, undefined);
    assert.deepEqual(dockerfileInputs(lines('FROM a', 'COPY <<-"END" /x', '\thello', '\tEND', 'FROM c'), noArgs).images, ['a', 'c']);
    assert.match(dockerfileInputs(lines('FROM a', 'RUN <<EOF', 'echo never closed'), noArgs).uncheckable ?? '', /unterminated heredoc on line 2/);
  });

  it('a syntax directive and an unknown instruction read the context; a late "directive" is a comment', () => {
    assert.equal(dockerfileInputs(lines('# syntax=docker/dockerfile:1', 'FROM a'), noArgs).contextReason, 'the # syntax directive');
    assert.equal(dockerfileInputs(lines('FROM a', 'FROBNICATE x'), noArgs).contextReason, 'the instruction FROBNICATE on line 2');
    assert.equal(dockerfileInputs(lines('FROM a', '# syntax=docker/dockerfile:1'), noArgs).readsContext, false);
  });

  it('honours the escape directive for continuations', () => {
    const text = lines('# escape=`', 'FROM a', 'RUN echo C:\\', 'RUN echo one `', '  COPY . /x');
    assert.equal(dockerfileInputs(text, noArgs).readsContext, false, 'a backslash ends a line, a backtick continues it');
    assert.equal(dockerfileInputs(lines('# escape=`', 'FROM a', 'RUN echo `', '', 'COPY . /x'), noArgs).readsContext, false);
  });

  it('ADD of a URL can never be checked locally: the build runs every time', () => {
    assert.match(dockerfileInputs(lines('FROM a', 'ADD https://example.com/tool.tgz /opt/'), noArgs).uncheckable ?? '', /ADD of a URL on line 2/);
    assert.match(dockerfileInputs(lines('FROM a', 'ADD --checksum=sha256:00 ["git@github.com:x/y.git", "/src"]'), noArgs).uncheckable ?? '', /ADD of a URL/);
    assert.equal(dockerfileInputs(lines('FROM a', 'ADD local.tgz /opt/'), noArgs).uncheckable, undefined);
  });

  it('resolves FROM through global ARGs and build args; an unknown variable makes the build uncheckable', () => {
    const text = lines('ARG REG=docker.io', 'ARG TAG', 'FROM ${REG}/library/node:${TAG:-20}', 'ARG LATE=x', 'FROM scratch');
    assert.deepEqual(dockerfileInputs(text, noArgs).images, ['docker.io/library/node:20']);
    assert.deepEqual(dockerfileInputs(text, { TAG: '22', REG: 'mirror.local' }).images, ['mirror.local/library/node:22']);
    assert.deepEqual(dockerfileInputs(lines('FROM a AS one', 'FROM one', 'FROM One'), noArgs).images, ['a'], 'stage names are not images');
    assert.match(dockerfileInputs(lines('FROM $UNSET'), noArgs).uncheckable ?? '', /FROM image "\$UNSET" on line 1/);
    assert.match(dockerfileInputs(lines('FROM a', 'ARG B=x', 'FROM $B'), noArgs).uncheckable ?? '', /FROM image/, 'a stage ARG does not reach FROM');
    assert.match(dockerfileInputs(lines('FROM a', 'COPY --from=$X /a /a'), noArgs).uncheckable ?? '', /named through a variable/);
  });
});

describe('the repository image content hash', () => {
  it('changes with the Dockerfile, a build arg, a label, an image id or the context, and only then', () => {
    const base = { dockerfile: 'FROM x\n', buildArgs: { A: '1' }, labels: { 'lw_coder.repo': '/r' }, imageIds: { x: 'sha256:1' } as Record<string, string | null>, contextDigest: 'none' };
    const h = repoImageContentHash(base);
    assert.equal(repoImageContentHash({ ...base, buildArgs: { A: '1' } }), h);
    for (const changed of [
      { dockerfile: 'FROM x\nRUN true\n' }, { buildArgs: { A: '2' } }, { labels: { 'lw_coder.repo': '/s' } },
      { imageIds: { x: 'sha256:2' } }, { imageIds: { x: null } }, { contextDigest: 'abc' },
    ]) assert.notEqual(repoImageContentHash({ ...base, ...changed }), h, JSON.stringify(changed));
  });
});
