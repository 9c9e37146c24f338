import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { nodeImageFiles } from '../../../src/adapters/docker/imageFiles';
import { ensureBaseImage, ensureRepoImage } from '../../../src/app/run/images';
import { isEngineError } from '../../../src/core/container/errors';
import { LABEL_CONTENT_HASH, REPO_BASE_IMAGE_ARG } from '../../../src/core/container/images';
import { TEST_BASE_IMAGE, dockerEngineAvailable, runToExit, uniqueTag } from './support';

const FIXTURE_BASE = join(__dirname, '../../fixtures/docker/base');

if (dockerEngineAvailable('Docker image integration tests')) {
  describe('images on the real Docker engine', function () {
    this.timeout(300_000);
    const engine = new DockerodeEngine();
    const deps = { engine, files: nodeImageFiles };
    const tags: string[] = [];
    const replaced: string[] = [];
    const dirs: string[] = [];
    const tempDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'lwc-img-')); dirs.push(d); return d; };
    after(async () => {
      // Tags first, then images a rebuild left untagged.
      for (const t of tags) await engine.removeImage(t, { force: true });
      for (const id of replaced) await engine.removeImage(id, { force: true });
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('builds the base image when absent, reuses it while its content label matches, rebuilds when an input changes', async () => {
      const tag = uniqueTag('base');
      tags.push(tag);
      assert.equal(await engine.imageInspect(tag), undefined);
      const lines: string[] = [];
      const first = await ensureBaseImage(deps, { dockerfileDir: FIXTURE_BASE, tag, baseImageArg: TEST_BASE_IMAGE, onProgress: (l) => lines.push(l) });
      assert.equal(first.built, true);
      assert.ok(lines.some((l) => l.startsWith('Step ')), 'build output streamed line by line');
      assert.equal((await engine.imageInspect(tag))?.labels[LABEL_CONTENT_HASH], first.contentHash);

      const second = await ensureBaseImage(deps, { dockerfileDir: FIXTURE_BASE, tag, baseImageArg: TEST_BASE_IMAGE });
      assert.equal(second.built, false);
      assert.equal(second.imageId, first.imageId);

      const ca = join(tempDir(), 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n');
      const third = await ensureBaseImage(deps, { dockerfileDir: FIXTURE_BASE, tag, baseImageArg: TEST_BASE_IMAGE, extraCaFile: ca });
      assert.equal(third.built, true);
      assert.notEqual(third.imageId, first.imageId);
      replaced.push(first.imageId);
      const out = await runToExit(engine, { Image: tag, Cmd: ['cat', '/etc/lwc-extra-ca.crt'], HostConfig: {} });
      assert.match(out.stdout, /not really/);
    });

    it('repo image: an unchanged second run builds nothing, a changed code.Dockerfile rebuilds, .lw_coder/.dockerignore filters the context', async () => {
      const repo = tempDir();
      const tag = uniqueTag('repo');
      tags.push(tag);
      mkdirSync(join(repo, '.lw_coder'), { recursive: true });
      mkdirSync(join(repo, 'logs'), { recursive: true });
      writeFileSync(join(repo, 'keep.txt'), 'kept\n');
      writeFileSync(join(repo, 'secret.txt'), 'do not ship\n');
      writeFileSync(join(repo, 'logs', 'a.log'), 'noise\n');
      writeFileSync(join(repo, 'logs', 'important.log'), 'kept log\n');
      // The project's own .dockerignore (for its own builds) must not apply to ours.
      writeFileSync(join(repo, '.dockerignore'), 'keep.txt\n');
      writeFileSync(join(repo, '.lw_coder', '.dockerignore'), '# ours\nsecret.txt\nlogs/*.log\n!logs/important.log\n.lw_coder/worktrees\n');
      const dockerfile = [
        `ARG ${REPO_BASE_IMAGE_ARG}=lw_coder_droid:latest`,
        `FROM \${${REPO_BASE_IMAGE_ARG}}`,
        'ARG GREETING=unset',
        'COPY . /ctx',
        'RUN echo "$GREETING" > /greeting',
        'RUN test -e /ctx/keep.txt && test ! -e /ctx/secret.txt && test ! -e /ctx/logs/a.log && test -e /ctx/logs/important.log',
        '',
      ].join('\n');
      writeFileSync(join(repo, '.lw_coder', 'code.Dockerfile'), dockerfile);
      const options = { repoRoot: repo, tag, baseImage: TEST_BASE_IMAGE, dockerBuildArgs: ['--build-arg', 'GREETING=hello'] };

      const firstLines: string[] = [];
      const first = await ensureRepoImage(deps, { ...options, onProgress: (l) => firstLines.push(l) });
      assert.equal(first.built, true);
      assert.match(firstLines[0] ?? '', /Building .* from \.lw_coder\/code\.Dockerfile/);
      const lines: string[] = [];
      const second = await ensureRepoImage(deps, { ...options, onProgress: (l) => lines.push(l) });
      assert.equal(second.built, false, 'an unchanged repository is not built again');
      assert.equal(second.build, undefined, 'the builder is not even asked');
      assert.deepEqual(lines, [`${tag} is up to date.`]);
      assert.equal(second.imageId, first.imageId);

      const out = await runToExit(engine, { Image: tag, Cmd: ['sh', '-c', 'cat /greeting; ls -A /ctx /ctx/logs'], HostConfig: {} });
      assert.equal(out.exitCode, 0);
      assert.match(out.stdout, /^hello$/m);
      assert.doesNotMatch(out.stdout, /secret\.txt|a\.log/);
      assert.match(out.stdout, /important\.log/);

      writeFileSync(join(repo, '.lw_coder', 'code.Dockerfile'), `${dockerfile}RUN echo changed > /changed\n`);
      const third = await ensureRepoImage(deps, options);
      assert.equal(third.built, true);
      assert.notEqual(third.imageId, first.imageId);
      replaced.push(first.imageId);
    });

    it('a failing build step rejects with the step and its output, in words', async () => {
      const repo = tempDir();
      mkdirSync(join(repo, '.lw_coder'));
      writeFileSync(join(repo, '.lw_coder', 'code.Dockerfile'), `FROM ${TEST_BASE_IMAGE}\nRUN echo about to fail && exit 3\n`);
      const tag = uniqueTag('fail');
      await assert.rejects(ensureRepoImage(deps, { repoRoot: repo, tag }), (error: unknown) => {
        assert.ok(isEngineError(error, 'build-failed'));
        assert.match(error.message, /failed at "RUN echo about to fail && exit 3".*non-zero code: 3/s);
        assert.match(error.message, /about to fail/);
        return true;
      });
    });

    it('explains a missing engine, a missing image and a missing code.Dockerfile with their fixes', async () => {
      const nowhere = new DockerodeEngine({ socketPath: join(tempDir(), 'no-docker.sock') });
      await assert.rejects(nowhere.version(), (e: unknown) => isEngineError(e, 'not-running') && /Docker is not running or not installed.*systemctl start docker/s.test(e.message));
      assert.equal(await engine.imageInspect('lwc_test_absent:nope'), undefined);
      await assert.rejects(engine.createContainer({ Image: 'lwc_test_absent:nope', HostConfig: {} }), (e: unknown) => isEngineError(e, 'image-missing'));
      await assert.rejects(ensureRepoImage(deps, { repoRoot: tempDir() }), /code\.Dockerfile is missing .*Initialize LW Coder/);
    });

    it('honours an AbortSignal and a timeout', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(engine.version({ signal: controller.signal }), (e: unknown) => isEngineError(e, 'aborted'));
      const { id } = await engine.createContainer({ Image: TEST_BASE_IMAGE, Cmd: ['sleep', '30'], HostConfig: {} });
      try {
        await engine.startContainer(id);
        await assert.rejects(engine.waitContainer(id, { timeoutMs: 300 }), (e: unknown) => isEngineError(e, 'timeout'));
      } finally {
        assert.equal(await engine.removeContainer(id, { force: true }), true);
      }
    });
  });
}
