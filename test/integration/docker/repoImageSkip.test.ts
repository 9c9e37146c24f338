import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { packBuildContext } from '../../../src/adapters/docker/buildContext';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { nodeImageFiles } from '../../../src/adapters/docker/imageFiles';
import { ensureRepoImage, type EnsureRepoImageOptions, type EnsuredImage } from '../../../src/app/run/images';
import { alwaysInContext, repoContextExclusions } from '../../../src/core/container/contextRules';
import { CODE_DOCKERFILE_PATH, LABEL_CONTENT_HASH } from '../../../src/core/container/images';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../../../src/core/container/scaffold';
import { TEST_BASE_IMAGE, dockerEngineAvailable, runToExit, uniqueTag } from './support';

/**
 * Issue 11 item 1: the repository image is built only when something that goes into it changed. "No build" is asserted
 * through the engine itself — the tag keeps its image id and the engine reports no image event for it (a build, even
 * one answered from the cache, re-tags the image and says so) — and through the progress lines (no build step).
 */
if (dockerEngineAvailable('repository image skip integration tests')) {
  describe('the repository image is rebuilt only when its inputs change (issue 11 item 1)', function () {
    this.timeout(300_000);
    const engine = new DockerodeEngine();
    const deps = { engine, files: nodeImageFiles };
    const tags: string[] = [];
    const ids = new Set<string>();
    const dirs: string[] = [];
    after(async () => {
      for (const t of tags) await engine.removeImage(t, { force: true });
      for (const id of ids) await engine.removeImage(id, { force: true }).catch(() => false);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    const repoWith = (files: Record<string, string>): string => {
      const root = mkdtempSync(join(tmpdir(), 'lwc-skip-'));
      dirs.push(root);
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), content);
      }
      return root;
    };

    /** One ensureRepoImage, with its progress lines and the engine's image events for the tag while it ran. */
    const ensure = async (options: EnsureRepoImageOptions & { tag: string }): Promise<{ image: EnsuredImage; lines: string[]; events: string[] }> => {
      const lines: string[] = [];
      const since = (Date.now() / 1000).toFixed(3);
      const image = await ensureRepoImage(deps, { ...options, onProgress: (l) => lines.push(l) });
      ids.add(image.imageId);
      // Events up to now only: an --until in the future would make `docker events` wait for it.
      const until = (Date.now() / 1000 + 0.001).toFixed(3);
      const out = execFileSync('docker', ['events', '--since', since, '--until', until, '--filter', 'type=image', '--format', '{{.Action}} {{.Actor.Attributes.name}}'], { encoding: 'utf8' });
      return { image, lines, events: out.split('\n').filter((l) => l.endsWith(` ${options.tag}`)) };
    };
    const assertNotBuilt = (r: { image: EnsuredImage; lines: string[]; events: string[] }, id: string, what: string): void => {
      assert.equal(r.image.built, false, what);
      assert.equal(r.image.imageId, id, `${what}: the tag still names the same image`);
      assert.deepEqual(r.events, [], `${what}: the engine saw no build`);
      assert.deepEqual(r.lines.filter((l) => /^Step \d|Building /.test(l)), [], `${what}: no build output`);
      assert.match(r.lines.join('\n'), /is up to date/);
    };
    const assertBuilt = (r: { image: EnsuredImage; events: string[] }, id: string, what: string): void => {
      assert.equal(r.image.built, true, what);
      assert.notEqual(r.image.imageId, id, `${what}: a new image`);
      assert.ok(r.events.some((e) => e.startsWith('tag ')), `${what}: the engine tagged a new build (${r.events.join(', ')})`);
    };

    it('the scaffolded Dockerfile: an unchanged repository builds nothing, nor does a change it cannot see; a build arg or a new base rebuilds', async () => {
      const root = repoWith({ [CODE_DOCKERFILE_PATH]: CODE_DOCKERFILE_TEMPLATE, '.lw_coder/.dockerignore': DOCKERIGNORE_TEMPLATE, 'src/app.ts': 'export {};\n' });
      const baseTag = uniqueTag('skipbase');
      tags.push(baseTag);
      const baseDir = repoWith({ Dockerfile: `FROM ${TEST_BASE_IMAGE}\nLABEL lwc.test.base=1\n` });
      const buildBase = async (): Promise<string> => (await engine.buildImage({ context: { root: baseDir }, dockerfile: 'Dockerfile', tag: baseTag }, () => undefined)).imageId;
      ids.add(await buildBase());
      const tag = uniqueTag('skip');
      tags.push(tag);
      const options = { repoRoot: root, tag, baseImage: baseTag };

      const first = await ensure(options);
      assert.equal(first.image.built, true);
      assert.match(first.lines[0] ?? '', /not present yet; sending only the Dockerfile/);
      assert.equal((await engine.imageInspect(tag))?.labels[LABEL_CONTENT_HASH], first.image.contentHash);

      assertNotBuilt(await ensure(options), first.image.imageId, 'unchanged repository');
      writeFileSync(join(root, 'src', 'app.ts'), 'export const changed = true;\n');
      writeFileSync(join(root, 'new-file.txt'), 'the Dockerfile copies nothing\n');
      assertNotBuilt(await ensure(options), first.image.imageId, 'a change the Dockerfile cannot see');

      const withArg = await ensure({ ...options, dockerBuildArgs: ['--build-arg', 'EXTRA=1'] });
      assertBuilt(withArg, first.image.imageId, 'a changed build arg');
      const back = await ensure(options);
      assertBuilt(back, withArg.image.imageId, 'the build arg removed again');

      writeFileSync(join(baseDir, 'Dockerfile'), `FROM ${TEST_BASE_IMAGE}\nLABEL lwc.test.base=2\n`);
      ids.add(await buildBase());
      const rebased = await ensure(options);
      assertBuilt(rebased, back.image.imageId, 'a new base image');
      assertNotBuilt(await ensure(options), rebased.image.imageId, 'unchanged after the rebase');

      const noCache = await ensure({ ...options, dockerBuildArgs: ['--no-cache'] });
      assert.equal(noCache.image.built, true, '--no-cache builds every time');
      assert.match(noCache.lines[0] ?? '', /built every run: --no-cache/);
    });

    it('a Dockerfile that copies: a change to a copied file or its mode rebuilds; ignored, excluded, outside and touched files do not', async () => {
      const root = repoWith({
        [CODE_DOCKERFILE_PATH]: `FROM ${TEST_BASE_IMAGE}\nCOPY app /app\n`,
        '.lw_coder/.dockerignore': 'app/*.log\n',
        'app/main.sh': 'echo one\n',
        'app/debug.log': 'noise\n',
        '.env': 'SECRET=1\n',
        'app/.env': 'SECRET=2\n',
        '.lw_coder/runs/p/r/run.json': '{}\n',
      });
      const host = repoWith({ id_rsa: 'HOST KEY 1\n' });
      symlinkSync(join(host, 'id_rsa'), join(root, 'app', 'hostkey'));
      const tag = uniqueTag('skipcopy');
      tags.push(tag);
      const options = { repoRoot: root, tag };
      const first = await ensure(options);
      assert.equal(first.image.built, true);
      assert.match(first.lines[0] ?? '', /sending the repository: COPY on line 2 reads it/);
      assertNotBuilt(await ensure(options), first.image.imageId, 'unchanged repository');

      writeFileSync(join(root, 'app', 'debug.log'), 'more noise\n');
      writeFileSync(join(root, '.env'), 'SECRET=changed\n');
      writeFileSync(join(root, 'app', '.env'), 'SECRET=changed\n');
      writeFileSync(join(root, '.lw_coder', 'runs', 'p', 'r', 'run.json'), '{"changed":true}\n');
      utimesSync(join(root, 'app', 'main.sh'), new Date(), new Date(Date.now() + 60_000));
      writeFileSync(join(host, 'id_rsa'), 'HOST KEY 2\n');
      assertNotBuilt(await ensure(options), first.image.imageId, 'ignored, excluded, linked-from-outside and touched files');

      writeFileSync(join(root, 'app', 'main.sh'), 'echo two\n');
      const edited = await ensure(options);
      assertBuilt(edited, first.image.imageId, 'an edited copied file');
      const out = await runToExit(engine, { Image: tag, Cmd: ['sh', '/app/main.sh'], HostConfig: {} });
      assert.equal(out.stdout, 'two\n');
      assertNotBuilt(await ensure(options), edited.image.imageId, 'unchanged after the edit');

      chmodSync(join(root, 'app', 'main.sh'), 0o755);
      assertBuilt(await ensure(options), edited.image.imageId, 'a changed mode');
    });

    it('a Dockerfile that reads nothing is sent alone, under the same exclusions: an escaping Dockerfile link is not sent', async () => {
      const root = repoWith({ [CODE_DOCKERFILE_PATH]: CODE_DOCKERFILE_TEMPLATE, 'big/data.bin': 'x'.repeat(1000), '.env': 'SECRET=1\n' });
      const listed = async (only: string[]): Promise<string[]> => {
        const names: string[] = [];
        const tar = extract();
        tar.on('entry', (header, stream, next) => {
          names.push(header.name);
          stream.resume();
          stream.on('end', next);
        });
        const done = new Promise<void>((resolve, reject) => { tar.on('finish', () => resolve()); tar.on('error', reject); });
        packBuildContext({ root, only, exclusions: repoContextExclusions([]) }, alwaysInContext(CODE_DOCKERFILE_PATH)).pipe(tar);
        await done;
        return names.sort();
      };
      assert.deepEqual(await listed([CODE_DOCKERFILE_PATH]), [CODE_DOCKERFILE_PATH]);
      assert.deepEqual(await listed([CODE_DOCKERFILE_PATH, '.env', 'missing']), [CODE_DOCKERFILE_PATH], 'the exclusions hold for `only` too');

      const outside = repoWith({ 'secret.Dockerfile': 'FROM x\n# HOST SECRET\n' });
      rmSync(join(root, CODE_DOCKERFILE_PATH));
      symlinkSync(join(outside, 'secret.Dockerfile'), join(root, CODE_DOCKERFILE_PATH));
      assert.deepEqual(await listed([CODE_DOCKERFILE_PATH]), [], 'a link out of the repository is never followed');
      rmSync(join(root, '.lw_coder'), { recursive: true });
      mkdirSync(join(outside, 'lw'));
      writeFileSync(join(outside, 'lw', 'code.Dockerfile'), 'FROM x\n');
      symlinkSync(join(outside, 'lw'), join(root, '.lw_coder'));
      assert.deepEqual(await listed([CODE_DOCKERFILE_PATH]), [], 'nor a linked parent directory');
      mkdirSync(join(root, 'real'));
      writeFileSync(join(root, 'real', 'code.Dockerfile'), CODE_DOCKERFILE_TEMPLATE);
      rmSync(join(root, '.lw_coder'));
      mkdirSync(join(root, '.lw_coder'));
      symlinkSync('../real/code.Dockerfile', join(root, CODE_DOCKERFILE_PATH));
      assert.deepEqual(await listed([CODE_DOCKERFILE_PATH]), [CODE_DOCKERFILE_PATH, 'real/code.Dockerfile'], 'a link inside goes with its target');
    });
  });
}
