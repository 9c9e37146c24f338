import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { nodeImageFiles } from '../../../src/adapters/docker/imageFiles';
import { defaultExtraCaFile, ensureBaseImage } from '../../../src/app/run/images';
import { LABEL_CLAUDE_VERSION } from '../../../src/core/container/images';
import { TEST_BASE_IMAGE, dockerEngineAvailable, runToExit } from './support';

const CLAUDE_DIR = join(__dirname, '../../../docker/claude');
const PINNED = /ARG CLAUDE_VERSION=(\S+)/.exec(readFileSync(join(CLAUDE_DIR, 'Dockerfile'), 'utf8'))?.[1] ?? 'unknown';
const TAG = 'lw_coder_claude:latest';

if (dockerEngineAvailable('claude image integration tests')) {
  describe(`the real claude base image (docker/claude/Dockerfile, Claude Code ${PINNED} from npm)`, function () {
    // A cold build downloads Claude Code's native binary from npm; later runs find the content label and build nothing.
    this.timeout(20 * 60_000);
    const engine = new DockerodeEngine();

    before(async () => {
      const started = Date.now();
      const built = await ensureBaseImage({ engine, files: nodeImageFiles }, {
        dockerfileDir: CLAUDE_DIR,
        tag: TAG,
        baseImageArg: TEST_BASE_IMAGE,
        extraCaFile: defaultExtraCaFile(process.env) ?? '/etc/ssl/certs/ca-certificates.crt',
      });
      console.log(`      ${TAG}: ${built.built ? 'built' : 'already current'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });

    it('runs the pinned claude as any UID, records its version as a label, and keeps telemetry and non-essential traffic off', async () => {
      assert.equal((await engine.imageInspect(TAG))?.labels[LABEL_CLAUDE_VERSION], PINNED);
      const out = await runToExit(engine, {
        Image: TAG,
        User: '4321:4321',
        Cmd: ['sh', '-c', 'claude --version; env | grep -E "^(DISABLE_TELEMETRY|CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC|DISABLE_AUTOUPDATER|HOME)=" | sort; touch "$HOME/.claude.json" && echo HOME_WRITABLE'],
        HostConfig: {},
      });
      assert.equal(out.exitCode, 0, out.stderr);
      assert.match(out.stdout, new RegExp(`^${PINNED.replace(/\./g, '\\.')} \\(Claude Code\\)$`, 'm'));
      assert.match(out.stdout, /^CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1$/m);
      assert.match(out.stdout, /^DISABLE_AUTOUPDATER=1$/m);
      assert.match(out.stdout, /^DISABLE_TELEMETRY=1$/m);
      assert.match(out.stdout, /^HOME=\/home\/droiduser$/m);
      assert.match(out.stdout, /^HOME_WRITABLE$/m, 'a UID without a passwd entry can write its state under HOME');
    });
  });
}
