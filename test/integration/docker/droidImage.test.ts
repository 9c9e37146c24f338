import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { nodeImageFiles } from '../../../src/adapters/docker/imageFiles';
import { defaultExtraCaFile, ensureBaseImage, ensureRepoImage } from '../../../src/app/run/images';
import { BASE_IMAGE_TAG, LABEL_DROID_VERSION } from '../../../src/core/container/images';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../../../src/core/container/scaffold';
import { TEST_BASE_IMAGE, dockerEngineAvailable, runToExit, uniqueTag } from './support';

const DROID_DOCKERFILE_DIR = join(__dirname, '../../../docker/droid');
const DROID_VERSION = '0.225.2';

if (dockerEngineAvailable('droid image integration tests')) {
  describe('the real droid base image (docker/droid/Dockerfile, droid from npm)', function () {
    // A cold build downloads droid from npm (~1-2 min here); later runs find the content label and build nothing.
    this.timeout(20 * 60_000);
    const engine = new DockerodeEngine();
    const deps = { engine, files: nodeImageFiles };
    const dirs: string[] = [];
    after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

    before(async () => {
      const lines: string[] = [];
      const started = Date.now();
      const result = await ensureBaseImage(deps, {
        dockerfileDir: DROID_DOCKERFILE_DIR,
        baseImageArg: TEST_BASE_IMAGE,
        // The npm registry is reached through a TLS-inspecting proxy here; the host's bundle makes the image trust it.
        extraCaFile: defaultExtraCaFile(process.env) ?? '/etc/ssl/certs/ca-certificates.crt',
        onProgress: (l) => lines.push(l),
      });
      console.log(`      ${BASE_IMAGE_TAG}: ${result.built ? 'built' : 'already current'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });

    it('runs `droid --version` and records the installed version as a label', async () => {
      const out = await runToExit(engine, { Image: BASE_IMAGE_TAG, Cmd: ['droid', '--version'], HostConfig: {} });
      assert.equal(out.exitCode, 0, out.stderr);
      assert.equal(out.stdout.trim(), DROID_VERSION);
      assert.equal((await engine.imageInspect(BASE_IMAGE_TAG))?.labels[LABEL_DROID_VERSION], DROID_VERSION);
    });

    it('has the context7 MCP configured for droid (mcp.json and `droid mcp list`), also for a foreign UID', async () => {
      const out = await runToExit(engine, {
        Image: BASE_IMAGE_TAG,
        User: '4242:4242',
        Env: ['FACTORY_AIRGAP_ENABLED=1'],
        Cmd: ['sh', '-c', 'cat "$HOME/.factory/mcp.json"; timeout 60 droid mcp list 2>/dev/null | grep -v "^{"'],
        HostConfig: {},
      });
      const config = JSON.parse(out.stdout.slice(0, out.stdout.indexOf('}\n}') + 3)) as { mcpServers: Record<string, { url: string; type: string }> };
      assert.deepEqual(config.mcpServers['context7'], { url: 'https://mcp.context7.com/mcp', disabled: false, type: 'http' });
      assert.match(out.stdout, /^\s+context7\s+http/m);
    });

    it('the scaffolded code.Dockerfile builds on it', async () => {
      const repo = mkdtempSync(join(tmpdir(), 'lwc-scaffold-'));
      dirs.push(repo);
      mkdirSync(join(repo, '.lw_coder'));
      writeFileSync(join(repo, '.lw_coder', 'code.Dockerfile'), CODE_DOCKERFILE_TEMPLATE);
      writeFileSync(join(repo, '.lw_coder', '.dockerignore'), DOCKERIGNORE_TEMPLATE);
      const tag = uniqueTag('scaffold');
      try {
        const image = await ensureRepoImage(deps, { repoRoot: repo, tag });
        const out = await runToExit(engine, { Image: image.tag, Cmd: ['sh', '-c', 'id -un; droid --version; git --version'], HostConfig: {} });
        assert.equal(out.exitCode, 0, out.stderr);
        assert.match(out.stdout, /^droiduser\n0\.225\.2\ngit version/);
      } finally {
        await engine.removeImage(tag, { force: true });
      }
    });
  });
}
