import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BUNDLE, ensureBuilt } from '../../support/cli';
import { startFakeModelServer } from '../../support/fakeModelServer';
import { makeRepo, type TestRepo } from '../../support/git';
import { makePlanRepo, TEST_KEY } from '../prompts/setup';

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const started: ReturnType<typeof spawn>[] = [];

/** Starts the bundled CLI as a real process; `exited` settles when it ends (the test's own timeout bounds the wait). */
function start(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { child: ReturnType<typeof spawn>; exited: Promise<Exit> } {
  ensureBuilt();
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

/** Polls until `check` holds; the test's timeout bounds the wait. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('lwc as a process: broken pipes and termination signals', () => {
  let repo: TestRepo | undefined;
  afterEach(() => {
    // A process that outlived a failed test (e.g. one deaf to SIGTERM) must not outlive the suite.
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    repo?.dispose();
    repo = undefined;
  });

  it('`lwc plan list --json | head -c 10` exits 0 quietly: no EPIPE stack trace', function () {
    ensureBuilt();
    repo = makeRepo('lwc-epipe-');
    const tasks = join(repo.root, '.lw_coder', 'tasks');
    mkdirSync(tasks, { recursive: true });
    // Far more output than a pipe buffers (64 KiB), so lwc is still writing when head has gone.
    for (let i = 0; i < 1500; i++) writeFileSync(join(tasks, `plan-${i}.md`), `---\nplan_id: plan-${i}\ngit_sha: ${'0'.repeat(40)}\nstatus: draft\n---\n\n# Plan ${i}\n`);
    const errFile = join(repo.root, 'stderr.txt');
    const script = `"${process.execPath}" "${CLI_BUNDLE}" plan list --json 2>"${errFile}" | head -c 10; echo "lwc=\${PIPESTATUS[0]}"`;
    for (const cmd of [script, script.replace('plan list --json', 'plan validate')]) {
      const r = spawnSync('bash', ['-c', cmd], { cwd: repo.root, encoding: 'utf8' });
      assert.match(r.stdout, /lwc=0\n$/, `${cmd}\n${r.stdout}\n${readFileSync(errFile, 'utf8')}`);
      assert.equal(readFileSync(errFile, 'utf8'), '', cmd);
    }
  });

  it('`lwc --help` whose reader has already closed the pipe exits 0 quietly', async () => {
    repo = makeRepo('lwc-epipe-help-');
    const { child, exited } = start(['--help'], repo.root);
    // Close our end before lwc writes: every write it makes meets EPIPE.
    child.stdout!.destroy();
    const r = await exited;
    assert.deepEqual([r.code, r.signal], [0, null], r.stderr);
    assert.equal(r.stderr, '');
  });

  it('SIGTERM while lwc reads a big .env with an unclosed quote ends the process (143, or its finished report)', async () => {
    // 900 KB with a quote opened on line 1 and never closed: reading it used to take minutes, deaf to SIGTERM.
    const made = makePlanRepo({ '.env': `OPENROUTER_API_KEY="never closed\n${'SOME_SETTING=a plain value that goes on for a while\n'.repeat(17_000)}` });
    repo = made.repo;
    const { child, exited } = start(['prompts', 'generate', 'sample-plan', '--no-cache'], repo.root, { ...process.env, OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1' });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // lwc has installed its handlers and is about to read config.toml and the .env.
    await until(() => stderr.includes('Reading .lw_coder/config.toml'));
    child.kill('SIGTERM');
    const r = await exited;
    const finished = r.code === 1 && /\.env line 1: the value of OPENROUTER_API_KEY opens a " quote that is never closed/.test(r.stderr);
    assert.ok(r.code === 143 || finished, JSON.stringify({ code: r.code, signal: r.signal, stderr: r.stderr.slice(0, 500) }));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('SIGTERM while lwc waits on the model endpoint cancels the request and exits 143 with one line', async () => {
    const server = await startFakeModelServer();
    server.setDefault({ kind: 'hang' });
    const made = makePlanRepo({ '.env': `OPENROUTER_API_KEY=${TEST_KEY}\n` });
    repo = made.repo;
    try {
      const { child, exited } = start(['prompts', 'generate', 'sample-plan', '--no-cache'], repo.root, { ...process.env, OPENROUTER_BASE_URL: server.baseUrl });
      await until(() => server.completionCount > 0);
      child.kill('SIGTERM');
      const r = await exited;
      assert.deepEqual([r.code, r.signal], [143, null], r.stderr);
      assert.match(r.stderr, /\nlwc: cancelled\n$/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      await server.close();
    }
  });
});
