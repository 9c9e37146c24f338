import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTextFilesPort } from '../../../src/adapters/fs/textFiles';
import { createNodePromptDeps } from '../../../src/adapters/llm/promptDeps';
import { ConfigError, EnvFileError, loadRepoConfig, loadRunEnvironment } from '../../../src/app/config';
import { generatePrompts } from '../../../src/app/prompts/prompts';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/types';
import { startFakeModelServer } from '../../support/fakeModelServer';
import { makeRepo, type TestRepo } from '../../support/git';
import { makePlanRepo } from '../prompts/setup';

const files = createTextFilesPort();

function io(cwd: string): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false, signal: new AbortController().signal, out, err };
}

describe('repository configuration', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-config-');
  });
  afterEach(() => repo.dispose());

  it('Configurable env file path is honored: variables are selected from .env.local, not .env', async () => {
    repo.write('.lw_coder/config.toml', '[code]\nenv_file = ".env.local"\n');
    repo.write('.env.local', 'OPENROUTER_API_KEY=sk-or-v1-from-env-local\nUNRELATED=1\n');
    repo.write('.env', 'OPENROUTER_API_KEY=sk-or-v1-from-dot-env\nOPENROUTER_MODEL=from-dot-env\n');
    const env = await loadRunEnvironment(repo.root, files, { OPENROUTER_SITE: 'shell', PATH: '/usr/bin' });
    assert.equal(env.envFile.label, '.env.local');
    assert.deepEqual(env.forwarded.variables, { OPENROUTER_API_KEY: 'sk-or-v1-from-env-local', OPENROUTER_SITE: 'shell' });
    assert.deepEqual(env.forwarded.sources, { OPENROUTER_API_KEY: 'env-file', OPENROUTER_SITE: 'process' });
    assert.deepEqual(env.warnings, []);
  });

  it('Configurable env file path is honored: prompt generation takes the key from .env.local', async () => {
    const server = await startFakeModelServer();
    const { repo: planRepo } = makePlanRepo({ '.lw_coder/config.toml': '[code]\nenv_file = ".env.local"\n', '.env.local': 'OPENROUTER_API_KEY=sk-or-v1-from-env-local\n' });
    try {
      const result = await generatePrompts({ cwd: planRepo.root, plan: 'sample-plan', processEnv: { OPENROUTER_BASE_URL: server.baseUrl } }, createNodePromptDeps());
      assert.equal(result.source, 'model');
      assert.equal(server.requests[0]!.headers.authorization, 'Bearer sk-or-v1-from-env-local');
    } finally {
      await server.close();
      planRepo.dispose();
    }
  });

  it('an explicit env_file that does not exist is an error on its line', async () => {
    repo.write('.lw_coder/config.toml', '# settings\n[code]\nenv_file = ".env.local"\n');
    const loaded = await loadRepoConfig(repo.root, files);
    assert.equal(loaded.config, undefined);
    assert.deepEqual(loaded.diagnostics.map((d) => [d.code, d.key, d.line]), [['env-file-missing', 'code.env_file', 3]]);
    assert.match(loaded.diagnostics[0]!.message, /code\.env_file \(line 3\) names "\.env\.local", which does not exist.*Fix: create \.env\.local/);
    await assert.rejects(loadRunEnvironment(repo.root, files, {}), (e: unknown) => e instanceof ConfigError && /line 3:/.test(e.message));
  });

  it('the default .env is optional, and a repository without config.toml gets the defaults', async () => {
    const loaded = await loadRepoConfig(repo.root, files);
    assert.equal(loaded.exists, false);
    assert.deepEqual(loaded.config?.code.forwardEnv, ['OPENROUTER_*']);
    const env = await loadRunEnvironment(repo.root, files, { OPENROUTER_API_KEY: 'k' });
    assert.equal(env.envFile.exists, false);
    assert.deepEqual(env.forwarded.variables, { OPENROUTER_API_KEY: 'k' });
  });

  it('an env file with broken lines stops the run with line numbers, never values', async () => {
    repo.write('.lw_coder/config.toml', '[code]\n');
    repo.write('.env', 'OPENROUTER_API_KEY=sk-or-v1-secret-value\nthis line is wrong sk-or-v1-secret-value\n');
    await assert.rejects(loadRunEnvironment(repo.root, files, {}), (e: unknown) => e instanceof EnvFileError && /\.env line 2: is not KEY=VALUE/.test(e.message) && !e.message.includes('secret-value'));
  });

  it('forward_env "*" forwards everything with a warning', async () => {
    repo.write('.lw_coder/config.toml', '[code]\nforward_env = ["*"]\n');
    const env = await loadRunEnvironment(repo.root, files, { A: '1', PATH: '/bin' });
    assert.deepEqual(env.forwarded.variables, { A: '1' });
    assert.equal(env.warnings.length, 1);
    assert.match(env.warnings[0]!, /forward_env contains "\*"/);
  });

  it('lwc config validate names the key and line of every mistake, and exits 1', async () => {
    repo.write('.lw_coder/config.toml', '[code]\nenv_file = 3\nforward_envs = ["X"]\n\n[prompts]\nsource = "gpt"\n');
    const cli = io(repo.root);
    assert.equal(await runCli(['config', 'validate', '--json'], cli), 1);
    const report = JSON.parse(cli.out.join('')) as { valid: boolean; diagnostics: { key: string; line: number; message: string }[] };
    assert.equal(report.valid, false);
    assert.deepEqual(report.diagnostics.map((d) => [d.key, d.line]), [['code.env_file', 2], ['code.forward_envs', 3], ['prompts.source', 6]]);
    const human = io(repo.root);
    assert.equal(await runCli(['config', 'validate'], human), 1);
    assert.match(human.err.join(''), /^\.lw_coder\/config\.toml:2:1: error: code\.env_file \(line 2\) must be a string/m);
  });

  it('lwc config validate reports env file lines and passes a clean config', async () => {
    repo.write('.lw_coder/config.toml', '[code]\n');
    repo.write('.env', 'A=1\nnot valid\n');
    const bad = io(repo.root);
    assert.equal(await runCli(['config', 'validate'], bad), 1);
    assert.match(bad.err.join(''), /^\.env:2:1: error: \.env line 2: is not KEY=VALUE/m);
    writeFileSync(join(repo.root, '.env'), 'A=1\n');
    const good = io(repo.root);
    assert.equal(await runCli(['config', 'validate'], good), 0, good.err.join(''));
    assert.match(good.out.join(''), /config\.toml is valid \(env file \.env\)/);
  });

  it('an env_file that is a symlink to a device is an error on its line, found without reading it (issue 10 item 1)', async () => {
    repo.write('.lw_coder/config.toml', '[code]\nenv_file = ".env.dev"\n');
    symlinkSync('/dev/zero', join(repo.root, '.env.dev'));
    const loaded = await loadRepoConfig(repo.root, files);
    assert.deepEqual(loaded.diagnostics.map((d) => [d.code, d.line]), [['env-file-not-a-file', 2]]);
    assert.match(loaded.diagnostics[0]!.message, /char-device \(\/dev\/zero\), not a regular file/);
    // The default .env too, with no config.toml at all: refused before any read (reading /dev/zero never ends).
    const bare = makeRepo('lwc-config-bare-');
    try {
      symlinkSync('/dev/zero', join(bare.root, '.env'));
      await assert.rejects(loadRunEnvironment(bare.root, files, {}), (e: unknown) => e instanceof ConfigError && /not a regular file/.test(e.message));
    } finally {
      bare.dispose();
    }
  });

  it('an env file behind a symlink is read through its real path, and says where that is (issue 10 item 1)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'lwc-outside-env-'));
    try {
      writeFileSync(join(outside, 'secrets.env'), 'OPENROUTER_API_KEY=sk-or-v1-outside\n');
      symlinkSync(join(outside, 'secrets.env'), join(repo.root, '.env'));
      const env = await loadRunEnvironment(repo.root, files, {});
      assert.equal(env.envFile.resolved.realPath, join(outside, 'secrets.env'));
      assert.equal(env.envFile.resolved.kind, 'file');
      assert.equal(env.envFile.values['OPENROUTER_API_KEY'], 'sk-or-v1-outside');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('inspectPath: where a repository path really leads (issue 10 item 1)', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-inspect-');
  });
  afterEach(() => repo.dispose());

  it('resolves symlinks to the host root and to a socket, and names the kind of what is there', async () => {
    symlinkSync('/', join(repo.root, 'hostroot'));
    const net = await import('node:net');
    const socketPath = join(repo.root, 'real.sock');
    const server = net.createServer().listen(socketPath);
    await new Promise((r) => server.once('listening', r));
    try {
      symlinkSync(socketPath, join(repo.root, 'sock'));
      assert.deepEqual(await files.inspectPath(join(repo.root, 'hostroot')), { path: join(repo.root, 'hostroot'), realPath: '/', kind: 'directory' });
      assert.deepEqual(await files.inspectPath(join(repo.root, 'sock')), { path: join(repo.root, 'sock'), realPath: socketPath, kind: 'socket' });
      assert.equal((await files.inspectPath('/dev/null')).kind, 'char-device');
    } finally {
      server.close();
    }
  });

  it('reports dangling and looping links as unresolvable, and a missing path under a symlinked parent where mkdir would land', async () => {
    symlinkSync(join(repo.root, 'nowhere'), join(repo.root, 'dangling'));
    symlinkSync('loop-b', join(repo.root, 'loop-a'));
    symlinkSync('loop-a', join(repo.root, 'loop-b'));
    symlinkSync('/tmp', join(repo.root, 'tmp-link'));
    assert.equal((await files.inspectPath(join(repo.root, 'dangling'))).kind, 'unresolvable');
    assert.equal((await files.inspectPath(join(repo.root, 'loop-a'))).kind, 'unresolvable');
    assert.equal((await files.inspectPath(join(repo.root, 'dangling', 'below'))).kind, 'unresolvable');
    assert.deepEqual(await files.inspectPath(join(repo.root, 'tmp-link', 'not-yet', 'state')), { path: join(repo.root, 'tmp-link', 'not-yet', 'state'), realPath: '/tmp/not-yet/state', kind: 'missing' });
  });
});
