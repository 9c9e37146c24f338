import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/types';
import { DEFAULT_MODEL } from '../../../src/core/env/openrouter';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import type { TestRepo } from '../../support/git';
import { makePlanRepo, TEST_KEY } from './setup';

const run = promisify(execFile);
const MAIN = resolve(__dirname, '../../../src/cli/main.ts');
// By absolute URL: the child runs in a temp repository, where `--import tsx` would not resolve.
const TSX_LOADER = pathToFileURL(resolve(__dirname, '../../../node_modules/tsx/dist/loader.mjs')).href;

/** `lwc` as a child process (node + tsx on the sources), with only the environment given. */
async function lwc(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', TSX_LOADER, MAIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function inProcess(cwd: string, env: NodeJS.ProcessEnv, extra: Partial<CliIO> = {}): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env, stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false, signal: new AbortController().signal, out, err, ...extra };
}

describe('lwc prompts generate (acceptance)', () => {
  let server: FakeModelServer;
  let repo: TestRepo;
  beforeEach(async () => {
    server = await startFakeModelServer();
    repo = makePlanRepo({ '.lw_coder/config.toml': '[code]\nenv_file = ".env"\n', '.env': `OPENROUTER_API_KEY=${TEST_KEY}\n` }).repo;
  });
  afterEach(async () => {
    await server.close();
    repo.dispose();
  });

  it('twice against a loopback OPENROUTER_BASE_URL: the first makes the requests, the second none, both complete run directories', async () => {
    const env = { OPENROUTER_BASE_URL: server.baseUrl };
    const first = await lwc(repo.root, ['prompts', 'generate', 'sample-plan', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const a = JSON.parse(first.stdout) as { runDir: string; files: string[]; cacheHit: boolean; source: string };
    assert.equal(server.completionCount, 1);
    assert.equal(a.cacheHit, false);
    assert.equal(a.source, 'model');

    const second = await lwc(repo.root, ['prompts', 'generate', '.lw_coder/tasks/sample-plan.md', '--json'], env);
    assert.equal(second.code, 0, second.stderr);
    const b = JSON.parse(second.stdout) as typeof a;
    assert.equal(server.completionCount, 1, 'the second run makes no request');
    assert.equal(b.cacheHit, true);
    for (const r of [a, b]) {
      assert.deepEqual(r.files.map((f) => f.slice(r.runDir.length + 1)), ['prompts/main.md', 'droids/code-review-auditor.md', 'droids/plan-alignment-checker.md', 'run.json']);
      for (const f of r.files) assert.ok(existsSync(f), f);
    }
    assert.ok(!first.stderr.includes(TEST_KEY) && !second.stderr.includes(TEST_KEY));
  });

  it('fails fast with the guidance when no key is configured, and exits 1', async () => {
    writeFileSync(join(repo.root, '.env'), '');
    const r = await lwc(repo.root, ['prompts', 'generate', 'sample-plan'], { OPENROUTER_BASE_URL: server.baseUrl });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /OPENROUTER_API_KEY is not set\. Add it to \.env .*'LW Coder: Set OpenRouter API Key'.*--templates/);
    assert.equal(server.completionCount, 0);
  });

  it('when the endpoint has retired the default model, exits 1 naming the config key and the variable to change', async () => {
    await server.close();
    server = await startFakeModelServer({ retiredModels: [DEFAULT_MODEL] });
    const io = inProcess(repo.root, { OPENROUTER_BASE_URL: server.baseUrl });
    assert.equal(await runCli(['prompts', 'generate', 'sample-plan'], io), 1);
    const err = io.err.join('');
    assert.match(err, /Model '~anthropic\/claude-sonnet-latest' is not available at \S+ \(No endpoints found for ~anthropic\/claude-sonnet-latest\)/);
    assert.match(err, /Choose another model with `\[prompts\] model` in \.lw_coder\/config\.toml or OPENROUTER_MODEL in your environment/);
    assert.doesNotMatch(err, /lwCoder\.|\n\s+at /, 'no editor setting, no stack trace');
    assert.equal(server.completionCount, 1, 'not retried');
  });

  it('--templates works offline and says so', async () => {
    const io = inProcess(repo.root, {});
    assert.equal(await runCli(['prompts', 'generate', 'sample-plan', '--templates', '--json'], io), 0, io.err.join(''));
    assert.equal(JSON.parse(io.out.join('')).source, 'templates');
  });

  it('asks on a terminal before sending the key to an endpoint from the repository .env, and refuses off a terminal', async () => {
    writeFileSync(join(repo.root, '.env'), `OPENROUTER_API_KEY=${TEST_KEY}\nOPENROUTER_BASE_URL=${server.baseUrl}\n`);
    const refused = inProcess(repo.root, {});
    assert.equal(await runCli(['prompts', 'generate', 'sample-plan'], refused), 1);
    assert.match(refused.err.join(''), /Not sending OPENROUTER_API_KEY.*--trust-endpoint/);
    assert.equal(server.completionCount, 0);

    const questions: string[] = [];
    const tty = inProcess(repo.root, {}, { interactive: true, prompt: async (q) => (questions.push(q), 'y') });
    assert.equal(await runCli(['prompts', 'generate', 'sample-plan', '--json'], tty), 0, tty.err.join(''));
    assert.match(questions[0] ?? '', /repository's \.env sets OPENROUTER_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/api\/v1\. Send your OPENROUTER_API_KEY \(from \.env\) to that endpoint\? \[y\/N\] $/);

    const trusted = inProcess(repo.root, {});
    assert.equal(await runCli(['prompts', 'generate', 'sample-plan', '--trust-endpoint', '--no-cache'], trusted), 0, trusted.err.join(''));
    assert.equal(server.completionCount, 2);
  });

  it('rejects a missing plan argument as a usage error', async () => {
    const io = inProcess(repo.root, {});
    assert.equal(await runCli(['prompts', 'generate'], io), 2);
    assert.match(io.err.join(''), /give exactly one plan/);
  });
});

describe('lwc runs', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makePlanRepo().repo;
  });
  afterEach(() => repo.dispose());

  it('lists runs as JSON and prunes by --older-than', async () => {
    const gen = inProcess(repo.root, {});
    assert.equal(await runCli(['prompts', 'generate', 'sample-plan', '--templates'], gen), 0, gen.err.join(''));
    const list = inProcess(repo.root, {});
    assert.equal(await runCli(['runs', 'list', '--json'], list), 0);
    const runs = JSON.parse(list.out.join('')) as { planId: string; source: string; files: string[] }[];
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.planId, 'sample-plan');
    assert.equal(runs[0]!.source, 'templates');
    assert.deepEqual(runs[0]!.files, ['droids/code-review-auditor.md', 'droids/plan-alignment-checker.md', 'prompts/main.md', 'run.json']);

    const keep = inProcess(repo.root, {});
    assert.equal(await runCli(['runs', 'prune'], keep), 0);
    assert.match(keep.out.join(''), /Removed 0 run directories/);
    await new Promise((r) => setTimeout(r, 5));
    const all = inProcess(repo.root, {});
    assert.equal(await runCli(['runs', 'prune', '--older-than', '1s', '--json'], all), 0);
    assert.equal(await runCli(['runs', 'prune', '--older-than', '0s', '--json'], all), 0);
    assert.deepEqual(readdirSync(join(repo.root, '.lw_coder/runs/sample-plan')), []);
    const bad = inProcess(repo.root, {});
    assert.equal(await runCli(['runs', 'prune', '--older-than', 'soon'], bad), 2);
  });
});
