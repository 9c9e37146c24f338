import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunOutcome } from '../../../src/app/run/runPlanOutcome';
import { runPlan } from '../../../src/app/run/runPlan';
import type { RunPlanOptions, RunPlanResult } from '../../../src/app/run/runPlanTypes';
import { repoImageTag } from '../../../src/core/container/images';
import { createWorktreeFilesPort } from '../../../src/adapters/state/worktreeFiles';
import { dockerEngineAvailable } from '../docker/support';
import { startFakeModelServer } from '../../support/fakeModelServer';
import { collector, containersOfRepo, pointers, type RunFixture, section, standIn, suiteFixtures, valueOf } from './support';

const SHOW = standIn('show-session.sh');

async function run(f: RunFixture, extra: Partial<RunPlanOptions> & { command?: string; env?: Record<string, string | undefined> } = {}): Promise<{ result: RunPlanResult; output: string }> {
  const out = collector();
  const env = extra.env ?? f.env();
  const result = await runPlan(f.deps(env), {
    repoRoot: f.repo.root,
    plan: await f.plan(),
    promptSource: 'templates',
    processEnv: env,
    agentCommandOverride: extra.command ?? SHOW,
    tty: false,
    attach: out.attach,
    ...extra,
  });
  return { result, output: out.text() };
}

if (dockerEngineAvailable('run plan integration tests')) {
  describe('runPlan on the real engine with a stand-in agent (seed 001)', function () {
    // The first run may build lw_coder_droid:latest from npm (minutes); later runs find it current.
    this.timeout(20 * 60_000);
    const make = suiteFixtures();

    it('Docker container sees only code assets: the mounted prompt is the run\'s main.md and the droids are the run\'s coding droids', async () => {
      const f = make();
      const { result, output } = await run(f);
      assert.equal(result.exitCode, 0, output);
      const mainMd = readFileSync(join(result.runDir, 'prompts', 'main.md'), 'utf8');
      assert.equal(section(output, 'PROMPT'), mainMd.endsWith('\n') ? mainMd : `${mainMd}\n`);
      const droids = section(output, 'DROIDS').trim().split('\n').sort();
      assert.deepEqual(droids, readdirSync(join(result.runDir, 'droids')).sort());
      assert.deepEqual(droids, ['code-review-auditor.md', 'plan-alignment-checker.md']);
      assert.ok(!droids.includes('plan-reviewer.md'), 'no plan-only droid in a coding run');
      assert.equal(valueOf(output, 'ID'), `${process.getuid!()}:${process.getgid!()}`);
      assert.equal(valueOf(output, 'PWD'), '/workspace');
      assert.equal(valueOf(output, 'AUTH'), 'absent', 'a missing droid auth file is not mounted');
      assert.deepEqual(containersOfRepo(f.repo.root), [], 'the container is removed after the session');
    });

    it('git status and git diff work inside the container on the patched worktree, and both pointers are restored after', async () => {
      const f = make();
      // First run creates the worktree; record its pointers, then run again and compare.
      await run(f, { command: 'true' });
      const worktree = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      const before = pointers(worktree);
      const { result, output } = await run(f);
      assert.equal(result.exitCode, 0, output);
      assert.match(valueOf(output, 'GITDIR') ?? '', /^gitdir: \/repo-git\/worktrees\/[^/]+$/);
      assert.doesNotMatch(output, /FAILED/);
      assert.match(section(output, 'GIT STATUS'), /^ M README\.md$/m);
      assert.match(section(output, 'GIT DIFF'), /README\.md \| 1 \+/);
      assert.equal(valueOf(output, 'BRANCH'), f.planId);
      assert.deepEqual(pointers(worktree), before, 'pointers are byte-for-byte what they were');
      assert.equal(execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: worktree, encoding: 'utf8' }), ' M README.md\n', 'host git sees the agent\'s change');
      assert.deepEqual(readdirSync(join(f.repo.root, '.lw_coder', 'state', 'gitdir-journal')).filter((n) => n.endsWith('.json')), [], 'no journal entry left');
    });

    it('records the exit code in run.json; exit 0 moves the plan from coding to implemented, exit 3 leaves it coding (never done)', async () => {
      const f = make();
      const statuses: string[] = [];
      const failed = await run(f, { command: `${SHOW}\nexit 3`, onEvent: (e) => { if (e.type === 'plan-status') statuses.push(`${e.from}->${e.to}`); } });
      assert.equal(failed.result.exitCode, 3);
      assert.equal(failed.result.status, 'coding');
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: coding$/m);
      const files = createWorktreeFilesPort();
      const first = await readRunOutcome(files, failed.result.runDir);
      assert.equal(first?.exitCode, 3);
      assert.equal(first?.planStatus, 'coding');
      assert.equal(first?.worktreeHead, f.sha);
      assert.ok((first?.timings.sessionMs ?? -1) >= 0);
      const record = JSON.parse(readFileSync(join(failed.result.runDir, 'run.json'), 'utf8')) as { planId: string; files: string[] };
      assert.equal(record.planId, f.planId, 'prompt generation\'s record is kept beside the outcome');

      const before = readFileSync(f.planPath, 'utf8');
      const ok = await run(f);
      assert.equal(ok.result.exitCode, 0);
      assert.equal(ok.result.status, 'implemented');
      assert.equal((await readRunOutcome(files, ok.result.runDir))?.exitCode, 0);
      const after = readFileSync(f.planPath, 'utf8');
      assert.equal(after, before.replace('status: coding', 'status: implemented'), 'only the status bytes changed');
      assert.match(after, new RegExp(`^git_sha: ${f.sha}$`, 'm'), 'git_sha stays the plan\'s base');
      assert.deepEqual(statuses, ['ready->coding']);
    });

    it('Worktree separation is preserved: the plan worktree persists across runs and no other worktree is touched', async () => {
      const f = make();
      const other = join(f.repo.root, '..', `${f.repo.root.split('/').pop()!}-other`);
      f.repo.git('worktree', 'add', '-q', '--detach', other, 'HEAD');
      try {
        const listBefore = f.repo.git('worktree', 'list', '--porcelain');
        const first = await run(f, { command: 'echo one > one.txt' });
        const second = await run(f, { command: 'test -f one.txt && echo reused' });
        assert.equal(first.result.worktreePath, second.result.worktreePath);
        assert.equal(first.result.worktreePath, join(f.repo.root, '.lw_coder', 'worktrees', f.planId));
        assert.match(second.output, /^reused$/m, 'the second run sees the first run\'s files');
        assert.ok(existsSync(join(first.result.worktreePath, 'one.txt')), 'the worktree remains after the command exits');
        assert.ok(existsSync(other), 'an unrelated worktree is not removed');
        const listAfter = f.repo.git('worktree', 'list', '--porcelain');
        assert.ok(listAfter.startsWith(listBefore.trimEnd()), 'earlier registrations are unchanged');
        assert.match(listAfter, new RegExp(`branch refs/heads/${f.planId}`));
      } finally {
        f.repo.git('worktree', 'remove', '--force', other);
      }
    });

    it('Configurable env file path is honored: the container gets OPENROUTER_API_KEY from .env.local and nothing else leaks', async () => {
      const f = make({ config: '[code]\nenv_file = ".env.local"\n' });
      writeFileSync(join(f.repo.root, '.env.local'), 'OPENROUTER_API_KEY=sk-or-from-env-local\nUNRELATED_SECRET=nope\n');
      const env = f.env({ HOST_SECRET_TOKEN: 'do-not-forward', AWS_SECRET_ACCESS_KEY: 'nor-this' });
      const { result, output } = await run(f, { env, acceptCredentials: true });
      assert.equal(result.exitCode, 0, output);
      assert.equal(existsSync(join(f.repo.root, '.env')), false, 'no .env is involved');
      assert.equal(valueOf(output, 'KEY'), 'sk-or-from-env-local');
      const inside = new Set(section(output, 'ENV').trim().split('\n'));
      const imageEnv = (JSON.parse(execFileSync('docker', ['image', 'inspect', repoImageTag(f.repo.root), '--format', '{{json .Config.Env}}'], { encoding: 'utf8' })) as string[]).map((e) => e.split('=')[0]);
      // What the runtime and the shell add on their own.
      const runtime = ['HOSTNAME', 'HOME', 'PWD', 'SHLVL', 'OLDPWD', '_'];
      const added = [...inside].filter((n) => !imageEnv.includes(n) && !runtime.includes(n));
      assert.deepEqual(added, ['OPENROUTER_API_KEY']);
      for (const leak of ['HOST_SECRET_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'UNRELATED_SECRET', 'LWC_BASE_IMAGE_FROM']) assert.ok(!inside.has(leak), `${leak} must not reach the container`);
    });

    it('mounts droid\'s auth file read-only when it exists', async () => {
      const f = make();
      mkdirSync(join(f.home, '.factory'), { recursive: true });
      writeFileSync(join(f.home, '.factory', 'auth.json'), '{"token":"t"}');
      const { output } = await run(f, { command: `${SHOW}\n(echo x >> /home/droiduser/.factory/auth.json) 2>/dev/null && echo AUTHRW=yes || echo AUTHRW=no`, acceptCredentials: true });
      assert.equal(valueOf(output, 'AUTH'), '{"token":"t"}');
      assert.equal(valueOf(output, 'AUTHRW'), 'no');
    });

    it('refuses docker_run_args that weaken the container unless confirmed, before changing anything', async () => {
      const f = make({ config: '[code]\ndocker_run_args = ["--privileged"]\n' });
      await assert.rejects(run(f, { command: 'true' }), (e: Error & { code?: string }) => e.code === 'run-args-not-confirmed' && /--privileged/.test(e.message));
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: ready$/m, 'the plan is untouched');
      assert.equal(existsSync(join(f.repo.root, '.lw_coder', 'worktrees', f.planId)), false, 'no worktree was made');
      const asked: string[] = [];
      await assert.rejects(run(f, { command: 'true', allowDangerousRunArgs: async (findings) => { asked.push(...findings.map((x) => x.flag)); return false; } }), /did not confirm/);
      assert.deepEqual(asked, ['privileged'], 'the user is asked about exactly the dangerous option');
    });

    it('applies allowed docker_run_args to the real container (env, memory limit, a bind mount inside the repository)', async () => {
      const f = make({ config: '[code]\ndocker_run_args = ["-e", "FROM_ARGS=yes", "--memory", "300m", "-v", "./data:/data:ro"]\n', files: { 'data/hello.txt': 'hi\n' } });
      const { result, output } = await run(f, { command: 'echo "ARG=$FROM_ARGS"; echo "MEM=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"; echo "DATA=$(cat /data/hello.txt)"' });
      assert.equal(result.exitCode, 0, output);
      assert.equal(valueOf(output, 'ARG'), 'yes');
      assert.equal(valueOf(output, 'MEM'), String(300 * 1024 ** 2));
      assert.equal(valueOf(output, 'DATA'), 'hi');
    });

    it('with the model: prompts come from the endpoint into the container, and the rerun reuses the cache (loopback model server)', async () => {
      const server = await startFakeModelServer();
      try {
        const f = make();
        const env = f.env({ OPENROUTER_API_KEY: 'sk-or-v1-run-test', OPENROUTER_BASE_URL: server.baseUrl });
        const first = await run(f, { env, promptSource: 'model', acceptCredentials: true });
        assert.equal(first.result.exitCode, 0, first.output);
        assert.equal(server.completionCount, 1);
        assert.equal(section(first.output, 'PROMPT').trimEnd(), readFileSync(join(first.result.runDir, 'prompts', 'main.md'), 'utf8').trimEnd());
        const second = await run(f, { env, promptSource: 'model', acceptCredentials: true });
        assert.equal(second.result.exitCode, 0);
        assert.equal(server.completionCount, 1, 'the second run made no request');
        assert.equal((JSON.parse(readFileSync(join(second.result.runDir, 'run.json'), 'utf8')) as { cacheHit: boolean }).cacheHit, true);
      } finally {
        await server.close();
      }
    });

    it('the user\'s own base URL (machine setting) wins over the repository\'s env file and needs no confirmation', async () => {
      const server = await startFakeModelServer();
      try {
        // The repository's env file points the key at another endpoint: it must neither be used nor asked about.
        const f = make({ files: { '.env': 'OPENROUTER_BASE_URL=http://127.0.0.1:9/v1\n' } });
        const env = f.env({ OPENROUTER_API_KEY: 'sk-or-v1-user-url' });
        let asked = 0;
        const r = await run(f, { env, promptSource: 'model', acceptCredentials: true, userBaseUrl: server.baseUrl, confirmEndpoint: async () => { asked += 1; return false; } });
        assert.equal(r.result.exitCode, 0, r.output);
        assert.equal(server.completionCount, 1, 'the prompts came from the user\'s endpoint');
        assert.equal(asked, 0, 'the user\'s own endpoint is not questioned');
      } finally {
        await server.close();
      }
    });

    it('Missing OpenRouter configuration fails fast: no worktree, no status change, no run directory', async () => {
      const f = make();
      await assert.rejects(run(f, { promptSource: 'model' }), /OPENROUTER_API_KEY is not set/);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: ready$/m);
      assert.equal(existsSync(join(f.repo.root, '.lw_coder', 'worktrees')), false);
      assert.equal(existsSync(join(f.repo.root, '.lw_coder', 'runs')), false);
      const warnings: string[] = [];
      const auto = await run(f, { promptSource: 'auto', command: 'true', onEvent: (e) => { if (e.type === 'warning') warnings.push(e.message); } });
      assert.equal(auto.result.exitCode, 0);
      assert.ok(warnings.some((w) => /built-in prompt templates/.test(w)), 'auto falls back to the templates and says so');
    });

    it('prepares the worktree and the prompts side by side: a worktree that fails after the prompts were written leaves no run directory', async () => {
      const f = make();
      // Someone's directory where the worktree goes: ensuring it fails (path-occupied), but only once the test lets go
      // of the worktree's lock, which it does when the prompts are written, so the failure always comes after them.
      const occupied = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      mkdirSync(occupied, { recursive: true });
      writeFileSync(join(occupied, 'notes.txt'), 'someone else\'s file\n');
      const release = await f.deps().worktree.locks.acquire(`worktree-${f.planId}`);
      let promptsWritten = false;
      await assert.rejects(run(f, {
        command: 'true',
        onEvent: (e) => {
          if (e.type === 'prompts' && e.progress.stage === 'done') {
            promptsWritten = true;
            void release();
          }
        },
      }), /exists but is not a worktree of this repository/);
      assert.equal(promptsWritten, true, 'the prompts were written while the worktree waited');
      const runs = join(f.repo.root, '.lw_coder', 'runs', f.planId);
      assert.deepEqual(existsSync(runs) ? readdirSync(runs) : [], [], 'the run directory the prompts wrote is removed');
      assert.equal(readFileSync(join(occupied, 'notes.txt'), 'utf8'), 'someone else\'s file\n');
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: ready$/m);
    });

    it('stops the container and still restores the pointers and records the outcome when the run is aborted', async () => {
      const f = make();
      await run(f, { command: 'true' });
      const worktree = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      const before = pointers(worktree);
      const controller = new AbortController();
      const { result } = await run(f, {
        command: 'echo started; exec sleep 300',
        signal: controller.signal,
        attach: async (session) => {
          session.onOutput((chunk) => { if (Buffer.from(chunk).toString().includes('started')) controller.abort(); });
          return session.exited;
        },
      });
      assert.equal(result.cancelled, true);
      assert.notEqual(result.exitCode, 0);
      assert.equal(result.status, 'coding');
      assert.deepEqual(pointers(worktree), before);
      assert.equal((await readRunOutcome(createWorktreeFilesPort(), result.runDir))?.cancelled, true);
      assert.deepEqual(containersOfRepo(f.repo.root), []);
    });

  });
}
