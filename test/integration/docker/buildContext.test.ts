import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { nodeImageFiles } from '../../../src/adapters/docker/imageFiles';
import { ensureRepoImage } from '../../../src/app/run/images';
import { makeRepo, type TestRepo } from '../../support/git';
import { TEST_BASE_IMAGE, dockerEngineAvailable, runToExit, uniqueTag } from './support';

/**
 * Issue 10 item 4: `.lw_coder/code.Dockerfile` is the repository's code, so its build context must never carry the
 * user's secrets or LW Coder's state — not even when `.lw_coder/.dockerignore` re-includes them, and not through
 * symbolic links to files outside the repository.
 */
if (dockerEngineAvailable('build context integration tests')) {
  describe('the repository image build context on the real Docker engine (issue 10 item 4)', function () {
    this.timeout(300_000);
    const engine = new DockerodeEngine();
    const tags: string[] = [];
    const dirs: string[] = [];
    const repos: TestRepo[] = [];
    after(async () => {
      for (const t of tags) await engine.removeImage(t, { force: true });
      for (const r of repos) r.dispose();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('leaves out .env, the env file (also through a linked folder), .git and .lw_coder/runs|state|cache|worktrees although .dockerignore re-includes them, and host files behind symlinks', async () => {
      const repo = makeRepo('lwc-ctx-');
      repos.push(repo);
      const host = mkdtempSync(join(tmpdir(), 'lwc-host-'));
      dirs.push(host);
      writeFileSync(join(host, 'id_rsa'), 'HOST-PRIVATE-KEY\n');
      mkdirSync(join(host, 'ssh'));
      writeFileSync(join(host, 'ssh', 'config'), 'HOST-SSH-CONFIG\n');

      repo.write('visible.txt', 'shipped\n');
      repo.write('.env', 'OPENROUTER_API_KEY=sk-or-DOTENV-SECRET\n');
      repo.write('apps/web/.env', 'NESTED=secret\n');
      repo.write('real-config/app.env', 'FROM_ENV_FILE=secret\n');
      symlinkSync('real-config', join(repo.root, 'cfg'));
      repo.write('.lw_coder/runs/p/r/agent/droid-settings.json', '{"apiKey":"sk-RUNS"}\n');
      repo.write('.lw_coder/state/journal/x.json', '{}\n');
      repo.write('.lw_coder/cache/c.json', '{}\n');
      repo.write('.lw_coder/worktrees/p/file.txt', 'worktree\n');
      repo.write('.lw_coder/config.toml', '[code]\nenv_file = "cfg/app.env"\n');
      symlinkSync(join(host, 'id_rsa'), join(repo.root, 'hostkey'));
      symlinkSync(join(host, 'ssh'), join(repo.root, 'hostssh'));
      symlinkSync('.env', join(repo.root, 'dotenv-link'));
      symlinkSync('visible.txt', join(repo.root, 'inside-link'));
      repo.write('.lw_coder/.dockerignore', '# a hostile ignore file: re-include everything\n!.env\n!**/.env\n!.git\n!.lw_coder/runs\n!.lw_coder/state\n!.lw_coder/cache\n!.lw_coder/worktrees\n!cfg/app.env\n!real-config/app.env\n');
      repo.write('.lw_coder/code.Dockerfile', `FROM ${TEST_BASE_IMAGE}\nCOPY . /ctx\nRUN cd /ctx && find . | sort > /ctx-list.txt && (cat hostkey hostssh/config 2>/dev/null || true) > /ctx-host.txt\n`);

      const tag = uniqueTag('ctx');
      tags.push(tag);
      await ensureRepoImage({ engine, files: nodeImageFiles }, { repoRoot: repo.root, tag, envFile: 'cfg/app.env' });
      const out = await runToExit(engine, { Image: tag, Cmd: ['sh', '-c', 'cat /ctx-list.txt; echo ===; cat /ctx-host.txt; echo ===; grep -rl "secret\\|SECRET\\|sk-RUNS" /ctx || true'], HostConfig: {} });
      assert.equal(out.exitCode, 0, out.stderr);
      const [list = '', hostText = '', secretFiles = ''] = out.stdout.split('===\n');
      const listed = list.trim().split('\n');
      assert.ok(listed.includes('./visible.txt'), list);
      assert.ok(listed.includes('./.lw_coder/code.Dockerfile'), list);
      assert.ok(listed.includes('./inside-link'), 'a link inside the repository stays');
      for (const absent of ['./.env', './apps/web/.env', './.git', './.lw_coder/runs', './.lw_coder/state', './.lw_coder/cache', './.lw_coder/worktrees', './real-config/app.env', './hostkey', './hostssh', './dotenv-link']) {
        assert.ok(!listed.includes(absent), `${absent} is in the image:\n${list}`);
      }
      assert.ok(listed.includes('./real-config') && listed.includes('./cfg'), 'the env file goes, its folder stays');
      assert.equal(hostText.trim(), '', 'no host file content reached the image');
      assert.equal(secretFiles.trim(), '', `files holding secrets in the image: ${secretFiles}`);
    });
  });
}
