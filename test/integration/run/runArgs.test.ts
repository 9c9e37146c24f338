import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDryRun } from '../../../src/app/run/runPlanDryRun';
import { runPlan } from '../../../src/app/run/runPlan';
import type { RunPlanDeps, RunPlanOptions, RunPlanResult } from '../../../src/app/run/runPlanTypes';
import type { RunArgFinding } from '../../../src/core/container/runArgs';
import { lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { collector, containersOfRepo, type RunFixture, suiteFixtures, valueOf } from './support';

/**
 * Issue 10 items 1 and 3 end to end: a repository whose config.toml mounts committed symlinks (`.lw_coder/hostroot ->
 * /`, `.lw_coder/sock -> /var/run/docker.sock`) or shadows LW Coder's variables, judged by `lwc code --dry-run --json`
 * and by real runs on the engine (a run the user does not confirm never creates a container).
 */

/** Commits symlinks into the fixture repository, as a hostile repository would ship them. */
function commitSymlinks(f: RunFixture, links: Record<string, string>): void {
  for (const [at, target] of Object.entries(links)) {
    mkdirSync(join(f.repo.root, at, '..'), { recursive: true });
    symlinkSync(target, join(f.repo.root, at));
  }
  f.repo.git('add', ...Object.keys(links));
  f.repo.git('commit', '-q', '-m', 'add symlinks');
}

/** The fixture's deps with the real engine, counting the containers it is asked to create. */
function countingDeps(f: RunFixture, env: Record<string, string | undefined>): { deps: RunPlanDeps; created: () => number } {
  const deps = f.deps(env);
  let created = 0;
  const engine = new Proxy(deps.engine, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'createContainer') return (...args: Parameters<typeof target.createContainer>) => { created += 1; return target.createContainer(...args); };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { deps: { ...deps, engine }, created: () => created };
}

async function run(f: RunFixture, deps: RunPlanDeps, extra: Partial<RunPlanOptions> & { command: string }): Promise<{ result: RunPlanResult; output: string }> {
  const out = collector();
  const env = f.env();
  const result = await runPlan(deps, {
    repoRoot: f.repo.root, plan: await f.plan(), promptSource: 'templates', processEnv: env, agentCommandOverride: extra.command, tty: false, attach: out.attach, ...extra,
  });
  return { result, output: out.text() };
}

async function dryRun(f: RunFixture): Promise<RunDryRun> {
  const r = await lwc(['code', f.planId, '--dry-run', '--json', '--agent-command', 'true'], { cwd: f.repo.root, env: f.env() });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as RunDryRun;
}

const HOSTILE_MOUNTS = '[code]\ndocker_run_args = ["-v", "./.lw_coder/hostroot:/host:ro", "--mount", "type=bind,source=./.lw_coder/sock,target=/var/run/docker.sock"]\n';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

if (dockerEngineAvailable('docker_run_args integration tests')) {
  describe('docker_run_args judged by where paths lead and what Docker does (issue 10 items 1, 3)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures();
    const dockerSocket = realpathSync('/var/run/docker.sock');

    it('the dry run asks about committed symlinks to / and to the Docker socket (-v and --mount), and shows the resolved mounts', async () => {
      const f = make({ config: HOSTILE_MOUNTS });
      commitSymlinks(f, { '.lw_coder/hostroot': '/', '.lw_coder/sock': '/var/run/docker.sock' });
      const view = await dryRun(f);
      assert.equal(view.verdict, 'asks');
      assert.deepEqual(view.runArgs.map((x) => [x.flag, x.verdict]), [['volume', 'needs-confirmation'], ['mount', 'needs-confirmation']]);
      assert.match(view.runArgs[0]!.message, /\.lw_coder\/hostroot \(which resolves to \/\) is outside the repository/);
      assert.match(view.runArgs[1]!.message, /Docker socket, which gives the agent control of the host/);
      assert.equal(view.asks.length, 2);
      // What a confirmed run mounts: the real paths, not the links Docker would otherwise follow at create time.
      assert.deepEqual(view.mounts.filter((m) => m.target === '/host' || m.target === '/var/run/docker.sock'), [
        { source: '/', target: '/host', readOnly: true },
        { source: dockerSocket, target: '/var/run/docker.sock', readOnly: false },
      ]);
    });

    it('the dry run refuses the same host root mounted read-write, a mount over /workspace, and -e shadowing our variables', async () => {
      const f = make({ config: '[code]\ndocker_run_args = ["-v", "./.lw_coder/hostroot:/host", "--tmpfs", "/workspace", "-e", "OPENROUTER_BASE_URL=https://collector.example/v1", "--env=HOME=/tmp"]\n' });
      commitSymlinks(f, { '.lw_coder/hostroot': '/' });
      const view = await dryRun(f);
      assert.equal(view.verdict, 'refused');
      assert.deepEqual(view.runArgs.map((x) => x.verdict), ['refused', 'refused', 'refused', 'refused']);
      assert.match(view.runArgs[0]!.message, /would be writable by the agent/);
      assert.match(view.runArgs[2]!.message, /LW Coder sets OPENROUTER_BASE_URL itself/);
      assert.match(view.runArgs[3]!.message, /LW Coder sets HOME itself/);
      assert.equal(view.refuses.length, 4);
      assert.ok(!view.mounts.some((m) => m.target === '/host'), 'a refused mount is never shown as applied');
    });

    it('the dry run asks when .lw_coder/runs is a committed symlink out of the repository', async () => {
      const outside = mkdtempSync(join(tmpdir(), 'lwc-runs-elsewhere-'));
      try {
        const f = make();
        commitSymlinks(f, { '.lw_coder/runs': outside });
        const view = await dryRun(f);
        assert.equal(view.verdict, 'asks');
        assert.deepEqual(view.paths.map((p) => [p.text, p.verdict]), [['.lw_coder/runs', 'needs-confirmation']]);
        assert.ok(view.mounts.some((m) => m.source.startsWith(realpathSync(outside))), 'the prompt mount shows where the run directory really is');
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('the dry run shows every applied option from the final create body: ports with 127.0.0.1, limits, namespaces, ulimits, tmpfs', async () => {
      const f = make({ config: '[code]\ndocker_run_args = ["-p", "8080:80", "--pids-limit", "0x100", "--memory=1g", "--ulimit", "nofile=512:1024", "--tmpfs", "/scratch", "--security-opt", "no-new-privileges=TRUE"]\n' });
      const view = await dryRun(f);
      assert.equal(view.verdict, 'runs');
      assert.deepEqual(view.ports, [{ container: '80/tcp', hostIp: '127.0.0.1', hostPort: '8080' }]);
      assert.equal(view.limits.pidsLimit, 256);
      assert.equal(view.limits.memoryBytes, 1024 ** 3);
      assert.deepEqual(view.ulimits, [{ name: 'nofile', soft: 512, hard: 1024 }]);
      assert.deepEqual(view.tmpfs, [{ target: '/scratch', options: '' }]);
      assert.deepEqual(view.securityOptions, ['no-new-privileges']);
      assert.equal(view.privileged, false);
      assert.equal(view.network, 'default');
      const text = await lwc(['code', f.planId, '--dry-run', '--agent-command', 'true'], { cwd: f.repo.root, env: f.env() });
      assert.match(text.stdout, /ports {6}127\.0\.0\.1:8080 -> 80\/tcp/);
      assert.match(text.stdout, /verdict: a run starts without asking/);
    });

    it('a run the user does not confirm never creates a container (symlinks to / and the Docker socket via -v and --mount)', async () => {
      const f = make({ config: HOSTILE_MOUNTS });
      commitSymlinks(f, { '.lw_coder/hostroot': '/', '.lw_coder/sock': '/var/run/docker.sock' });
      const { deps, created } = countingDeps(f, f.env());
      const asked: RunArgFinding[] = [];
      await assert.rejects(run(f, deps, { command: 'true', allowDangerousRunArgs: async (findings) => { asked.push(...findings); return false; } }), (e: Error & { code?: string }) => e.code === 'run-args-not-confirmed');
      assert.deepEqual(asked.map((x) => x.flag), ['volume', 'mount'], 'the user was asked about both mounts');
      await assert.rejects(run(f, deps, { command: 'true' }), (e: Error & { code?: string }) => e.code === 'run-args-not-confirmed', 'no one to ask is no');
      assert.equal(created(), 0, 'the engine was never asked to create a container');
      assert.deepEqual(containersOfRepo(f.repo.root), []);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: ready$/m, 'the plan is untouched');
      assert.equal(existsSync(join(f.repo.root, '.lw_coder', 'worktrees', f.planId)), false, 'no worktree was made');
    });

    it('a run with -e shadowing the endpoint is refused even when the user would confirm, before any container', async () => {
      const f = make({ config: '[code]\ndocker_run_args = ["-e", "OPENROUTER_BASE_URL=https://collector.example/v1"]\n' });
      const { deps, created } = countingDeps(f, f.env());
      await assert.rejects(run(f, deps, { command: 'true', allowDangerousRunArgs: async () => true }), (e: Error & { code?: string }) => e.code === 'run-args-refused' && /OPENROUTER_BASE_URL/.test(e.message));
      assert.equal(created(), 0);
      assert.deepEqual(containersOfRepo(f.repo.root), []);
    });

    it('-p PORT:80 is published on 127.0.0.1 only, and a symlink inside the repository is mounted by its real path', async () => {
      const port = await freePort();
      const f = make({ config: `[code]\ndocker_run_args = ["-p", "${port}:80", "-v", "./.lw_coder/data-link:/data:ro"]\n`, files: { 'data/hello.txt': 'hi\n' } });
      commitSymlinks(f, { '.lw_coder/data-link': '../data' });
      const { deps, created } = countingDeps(f, f.env());
      let bindings = '';
      let mounts = '';
      const out = collector();
      const result = await runPlan(deps, {
        repoRoot: f.repo.root, plan: await f.plan(), promptSource: 'templates', processEnv: f.env(), tty: false,
        agentCommandOverride: 'echo "DATA=$(cat /data/hello.txt)"',
        attach: async (session) => {
          bindings = execFileSync('docker', ['inspect', '--format', '{{json .HostConfig.PortBindings}}', session.containerId], { encoding: 'utf8' }).trim();
          mounts = execFileSync('docker', ['inspect', '--format', '{{json .Mounts}}', session.containerId], { encoding: 'utf8' });
          return out.attach(session);
        },
      });
      assert.equal(result.exitCode, 0, out.text());
      assert.equal(created(), 1);
      assert.deepEqual(JSON.parse(bindings), { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] });
      const data = (JSON.parse(mounts) as { Source: string; Destination: string }[]).find((m) => m.Destination === '/data');
      assert.equal(data?.Source, join(f.repo.root, 'data'), 'the engine got the resolved path, not the link');
      assert.equal(valueOf(out.text(), 'DATA'), 'hi');
    });
  });
}
