import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { runPlan } from '../../../src/app/run/runPlan';
import { repoImageTag } from '../../../src/core/container/images';
import { LABEL_PLAN_ID, LABEL_REPO } from '../../../src/core/container/session';
import { CLI_BUNDLE, ensureBuilt, lwc, lwcProcess } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, section, standIn, suiteFixtures, unlabelledSessionContainers, until, valueOf } from './support';

type Mount = { source: string; target: string; readOnly: boolean };
/** Run directories are named for their start time: compare them as `<run>`. */
const normalize = (mounts: readonly Mount[]): Mount[] =>
  mounts.map((m) => ({ ...m, source: m.source.replace(/\/\.lw_coder\/runs\/([^/]+)\/[^/]+\//, '/.lw_coder/runs/$1/<run>/') })).sort((a, b) => a.target.localeCompare(b.target));


if (dockerEngineAvailable('lwc code / lwc plan new integration tests')) {
  describe('lwc code and lwc plan new on the real engine', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures();

    it('--dry-run --json prints the session without running anything, and its mounts match the real session\'s', async () => {
      const f = make();
      const cmd = 'cat /tmp/lw_coder/main_prompt.md';
      const r = await lwc(['code', f.planId, '--dry-run', '--json', '--agent-command', cmd], { cwd: f.repo.root, env: f.env() });
      assert.equal(r.code, 0, r.stderr);
      const view = JSON.parse(r.stdout) as { image: string; baseImage: string; mounts: Mount[]; env: string[]; user: string; securityOptions: string[]; capDrop: string[]; command: string[]; notYetCreated: string[] };
      for (const key of ['image', 'baseImage', 'mounts', 'env', 'user', 'securityOptions', 'capDrop', 'command']) assert.ok(key in view, key);
      assert.equal(view.image, repoImageTag(f.repo.root));
      assert.equal(view.baseImage, 'lw_coder_droid:latest');
      assert.equal(view.user, `${process.getuid!()}:${process.getgid!()}`);
      assert.deepEqual(view.securityOptions, ['no-new-privileges']);
      assert.deepEqual(view.capDrop, ['ALL']);
      assert.deepEqual(view.command, ['sh', '-c', cmd]);
      assert.deepEqual(view.env, ['HOME'], 'names only, and no host variable matches OPENROUTER_*');
      const worktree = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      assert.ok(view.notYetCreated.includes(worktree), 'the dry-run says the worktree does not exist yet');
      // Nothing happened.
      assert.equal(existsSync(worktree), false);
      assert.equal(existsSync(join(f.repo.root, '.lw_coder', 'runs')), false);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: ready$/m);
      assert.equal(f.repo.git('status', '--porcelain'), '');

      const engine = new DockerodeEngine();
      let real: Mount[] = [];
      const env = f.env();
      const result = await runPlan(f.deps(env), {
        repoRoot: f.repo.root, plan: await f.plan(), promptSource: 'templates', processEnv: env, agentCommandOverride: cmd, tty: false,
        attach: async (session) => {
          real = [...((await engine.inspectContainer(session.containerId))?.mounts ?? [])];
          return session.exited;
        },
      });
      assert.equal(result.exitCode, 0);
      assert.equal(real.length, 5, JSON.stringify(real));
      assert.deepEqual(normalize(real), normalize(view.mounts));
      assert.deepEqual(view.mounts.find((m) => m.target === '/repo-git'), { source: join(f.repo.root, '.git'), target: '/repo-git', readOnly: true });
    });

    it('without a TTY streams the agent\'s output and exits with its exit code (process)', async () => {
      const f = make();
      const r = lwcProcess(['code', f.planId, '--templates', '--agent-command', `${standIn('show-session.sh')}\nexit 3`], { cwd: f.repo.root, env: f.env() });
      assert.equal(r.code, 3, r.stderr);
      const runs = join(f.repo.root, '.lw_coder', 'runs', f.planId);
      const [runName] = readdirSync(runs);
      const mainMd = readFileSync(join(runs, runName!, 'prompts', 'main.md'), 'utf8');
      assert.equal(section(r.stdout, 'PROMPT').trimEnd(), mainMd.trimEnd());
      assert.equal((JSON.parse(readFileSync(join(runs, runName!, 'run.json'), 'utf8')) as { session: { exitCode: number } }).session.exitCode, 3);
      assert.match(r.stderr, /agent exited with 3; plan is coding/);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: coding$/m);
    });

    it('without a key and without --templates, runs with the built-in templates and says so, as the editor and headless runs do', async () => {
      const f = make();
      const env = f.env();
      assert.equal(env.OPENROUTER_API_KEY, undefined, 'the test environment must not carry a key');
      const r = lwcProcess(['code', f.planId, '--agent-command', 'true'], { cwd: f.repo.root, env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /OPENROUTER_API_KEY is not set: using the built-in prompt templates/);
      const runs = join(f.repo.root, '.lw_coder', 'runs', f.planId);
      const [runName] = readdirSync(runs);
      assert.equal((JSON.parse(readFileSync(join(runs, runName!, 'run.json'), 'utf8')) as { source?: string }).source, 'templates');
    });

    it('on a TTY: raw keystrokes reach the agent, its terminal gets our size, and the exit code comes back (process under script(1))', async () => {
      const f = make();
      ensureBuilt();
      const envs = Object.entries(f.env()).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
      const agent = 'echo ready; read line; echo "got:$line"; stty size; exit 4';
      const inner = `stty cols 101 rows 33; env ${envs} ${process.execPath} ${CLI_BUNDLE} code ${f.planId} --templates --agent-command '${agent}'; echo "CLI_EXIT=$?"`;
      const child = spawn('script', ['-qfec', inner, '/dev/null'], { cwd: f.repo.root, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      try {
        await until('the agent to start', () => (/^ready\r?$/m.test(out) ? true : undefined));
        child.stdin.write('hello\r');
        await until('the CLI to exit', () => (/CLI_EXIT=\d+/.test(out) ? true : undefined));
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
      assert.match(out, /got:hello/);
      assert.match(out, /^33 101\r?$/m, 'the container TTY has the terminal\'s size');
      assert.match(out, /CLI_EXIT=4/);
    });

    it('a CLI killed with SIGKILL mid-session leaves a state that `lwc recover` repairs: container removed, pointers restored', async () => {
      const f = make();
      // A first run makes the worktree, so its original pointers are known.
      assert.equal((await lwc(['code', f.planId, '--templates', '--agent-command', 'true'], { cwd: f.repo.root, env: f.env() })).code, 0);
      const worktree = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      const gitFile = join(worktree, '.git');
      const original = readFileSync(gitFile, 'utf8');
      ensureBuilt();
      const child = spawn(process.execPath, [CLI_BUNDLE, 'code', f.planId, '--templates', '--agent-command', 'echo ready; exec sleep 600'], { cwd: f.repo.root, env: f.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      try {
        await until('the agent to start', () => (/^ready$/m.test(out) ? true : undefined));
        assert.match(readFileSync(gitFile, 'utf8'), /^gitdir: \/repo-git\/worktrees\//, 'the pointer is patched while the session runs');
        child.kill('SIGKILL');
        await exited;
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      const engine = new DockerodeEngine();
      const left = await engine.listContainers({ labels: { [LABEL_REPO]: f.repo.root, [LABEL_PLAN_ID]: f.planId } });
      assert.equal(left.length, 1, 'the killed CLI could not remove its container');
      assert.equal(left[0]?.state, 'running');
      assert.notEqual(readFileSync(gitFile, 'utf8'), original, 'nor restore the pointer');

      const r = await lwc(['recover'], { cwd: f.repo.root, env: f.env() });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /Removed container lwc-sample-plan-/);
      assert.match(r.stdout, /Restored git pointers of /);
      assert.deepEqual(containersOfRepo(f.repo.root), []);
      assert.deepEqual(unlabelledSessionContainers(f.planId), []);
      assert.equal(readFileSync(gitFile, 'utf8'), original);
      assert.equal(f.repo.git('-C', worktree, 'rev-parse', '--abbrev-ref', 'HEAD'), f.planId, 'git works on the host again');
      // And a new run starts cleanly afterwards.
      assert.equal((await lwc(['code', f.planId, '--templates', '--agent-command', 'true'], { cwd: f.repo.root, env: f.env() })).code, 0);
    });

    it('lwc plan new: droid in a temporary worktree with only the plan droids writes .lw_coder/tasks/<plan_id>.md, which validates; the worktree is removed', async () => {
      const f = make();
      const before = f.repo.git('worktree', 'list', '--porcelain');
      const r = await lwc(['plan', 'new', 'greeting-feature', '--request', 'Add a greeting', '--json', '--agent-command', standIn('write-plan.sh')], { cwd: f.repo.root, env: f.env() });
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout) as { planId: string; path: string; exitCode: number; valid: boolean };
      assert.deepEqual({ ...result, path: undefined }, { planId: 'greeting-feature', path: undefined, exitCode: 0, valid: true, errors: [] });
      assert.equal(result.path, join(f.repo.root, '.lw_coder', 'tasks', 'greeting-feature.md'));
      const text = readFileSync(result.path, 'utf8');
      assert.match(text, /^plan_id: greeting-feature$/m);
      assert.match(text, new RegExp(`^git_sha: ${f.repo.git('rev-parse', 'HEAD')}$`, 'm'));
      assert.match(text, /^status: draft$/m);
      assert.equal(valueOf(r.stderr, 'WROTE'), 'greeting-feature');
      assert.deepEqual(section(r.stderr, 'DROIDS').trim().split('\n'), ['plan-reviewer.md'], 'plan-only droids, no coding droids');
      assert.equal(f.repo.git('worktree', 'list', '--porcelain'), before, 'the temporary worktree is gone');
      assert.deepEqual(containersOfRepo(f.repo.root), []);
      const again = await lwc(['plan', 'new', 'greeting-feature', '--agent-command', 'true'], { cwd: f.repo.root, env: f.env() });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already taken/);
    });
  });
}
