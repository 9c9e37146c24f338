import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRunOutcome } from '../../../src/app/run/runPlanOutcome';
import { runPlan } from '../../../src/app/run/runPlan';
import type { RunPlanEvent, RunPlanOptions, RunPlanResult } from '../../../src/app/run/runPlanTypes';
import { SessionRunningError } from '../../../src/app/run/sessionClaim';
import { createWorktreeFilesPort } from '../../../src/adapters/state/worktreeFiles';
import { CLI_BUNDLE, ensureBuilt, lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { collector, containersOfRepo, pointers, type RunFixture, suiteFixtures, until } from './support';

/**
 * Issue 10, items 7–9: a plan's status says what happened. `implemented` needs exit 0 and a worktree that changed since
 * the run started; a run that never started leaves the plan byte for byte; one session per plan, refused up front;
 * SIGTERM/SIGHUP to `lwc code` clean up like Ctrl-C and report a cancellation.
 */


const runDirsOf = (f: RunFixture): string[] => {
  const dir = join(f.repo.root, '.lw_coder', 'runs', f.planId);
  return existsSync(dir) ? readdirSync(dir) : [];
};

async function run(f: RunFixture, command: string, extra: Partial<RunPlanOptions> = {}): Promise<{ result: RunPlanResult; events: RunPlanEvent[]; output: string }> {
  const out = collector();
  const env = f.env();
  const events: RunPlanEvent[] = [];
  const result = await runPlan(f.deps(env), {
    repoRoot: f.repo.root,
    plan: await f.plan(),
    promptSource: 'templates',
    processEnv: env,
    agentCommandOverride: command,
    tty: false,
    attach: out.attach,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { result, events, output: out.text() };
}

const transitions = (events: readonly RunPlanEvent[]): string[] => events.flatMap((e) => (e.type === 'plan-status' ? [`${e.from}->${e.to}`] : []));
const endedMessage = (events: readonly RunPlanEvent[]): string | undefined => events.flatMap((e) => (e.type === 'session-ended' ? [e.message] : []))[0];

if (dockerEngineAvailable('run lifecycle integration tests')) {
  describe('run lifecycle: the plan\'s status tells the truth (issue 10)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures();

    it('exit 0 without changing the worktree (Exit at droid\'s login prompt) puts the plan back to its status from before, says so, and records worktreeChanged: false', async () => {
      const f = make();
      const before = readFileSync(f.planPath);
      const { result, events } = await run(f, 'echo "Log in to Factory? [Exit]"; exit 0');
      assert.equal(result.exitCode, 0);
      assert.equal(result.worktreeChanged, false);
      assert.equal(result.status, 'ready');
      assert.deepEqual(transitions(events), ['ready->coding', 'coding->ready'], 'coding while the agent ran, then back');
      assert.equal(endedMessage(events), 'the agent exited without changing the worktree; sample-plan returns to ready');
      assert.deepEqual(readFileSync(f.planPath), before, 'the plan file is byte for byte what it was');
      const outcome = await readRunOutcome(createWorktreeFilesPort(), result.runDir);
      assert.deepEqual([outcome?.exitCode, outcome?.cancelled, outcome?.worktreeChanged, outcome?.planStatus], [0, false, false, 'ready']);
    });

    it('a worktree left dirty by an earlier session is not this session\'s work: exit 0 without a change keeps the plan coding, not implemented', async () => {
      const f = make();
      const first = await run(f, 'echo draft > half-done.txt; exit 3');
      assert.equal(first.result.status, 'coding');
      assert.equal(first.result.worktreeChanged, true);
      assert.ok(existsSync(join(first.result.worktreePath, 'half-done.txt')), 'the worktree holds the first session\'s file');
      const second = await run(f, 'exit 0');
      assert.equal(second.result.worktreeChanged, false, 'a dirty worktree is not a change made by this session');
      assert.equal(second.result.status, 'coding');
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: coding$/m);
      assert.equal(endedMessage(second.events), 'the agent exited without changing the worktree; sample-plan stays coding');
    });

    it('exit 0 with a changed file, or with only a new commit, makes the plan implemented', async () => {
      const f = make();
      const edited = await run(f, 'echo more >> README.md');
      assert.deepEqual([edited.result.status, edited.result.worktreeChanged], ['implemented', true]);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: implemented$/m);
      assert.equal(endedMessage(edited.events), 'the agent finished and changed the worktree; sample-plan is implemented');

      // An empty commit changes HEAD and nothing else (in a fresh repository): HEAD alone counts.
      const g = make();
      const committed = await run(g, 'git -c user.name=agent -c user.email=agent@example.invalid commit -q --allow-empty -m "agent commit"', { repoGitWritable: true });
      assert.equal(committed.result.exitCode, 0, committed.output);
      assert.notEqual(g.repo.git('rev-parse', g.planId), g.sha, 'the agent committed on the plan branch');
      assert.deepEqual([committed.result.status, committed.result.worktreeChanged], ['implemented', true]);
      assert.equal((await readRunOutcome(createWorktreeFilesPort(), committed.result.runDir))?.worktreeChanged, true);
    });

    it('a run that never started leaves the plan byte for byte: a failing image build, and a cancellation before the container', async () => {
      const f = make({ files: { '.lw_coder/code.Dockerfile': 'FROM lw_coder_droid:latest\nRUN echo "broken on purpose" && exit 7\n' } });
      const before = readFileSync(f.planPath);
      const events: RunPlanEvent[] = [];
      await assert.rejects(run(f, 'true', { onEvent: (e) => events.push(e) }), /Building lw_coder_droid:\S+ failed at "RUN echo "broken on purpose"/);
      assert.deepEqual(readFileSync(f.planPath), before, 'status and git_sha bytes are unchanged');
      assert.deepEqual(transitions(events), [], 'no coding, not even for a moment');
      assert.equal(events.some((e) => e.type === 'session-ended'), false);

      const g = make();
      const untouched = readFileSync(g.planPath);
      const controller = new AbortController();
      await assert.rejects(run(g, 'true', { signal: controller.signal, onEvent: (e) => { if (e.type === 'run-dir') controller.abort(); } }));
      assert.deepEqual(readFileSync(g.planPath), untouched, 'cancelled before the agent started: the plan is as it was');
      assert.deepEqual(containersOfRepo(g.repo.root), []);
    });

    it('a second run of a plan whose session runs is refused up front with SessionRunningError: no run directory, no rebuild, the first session unharmed', async () => {
      const f = make();
      const controller = new AbortController();
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const first = run(f, 'echo started; exec sleep 300', {
        signal: controller.signal,
        attach: async (session) => {
          session.onOutput((chunk) => { if (Buffer.from(chunk).toString().includes('started')) started(); });
          return session.exited;
        },
      });
      try {
        await running;
        const dirs = runDirsOf(f);
        const events: RunPlanEvent[] = [];
        await assert.rejects(run(f, 'true', { onEvent: (e) => events.push(e) }), (e: unknown) => {
          assert.ok(e instanceof SessionRunningError, String(e));
          assert.equal(e.code, 'session-running');
          assert.equal(e.planId, f.planId);
          assert.equal(e.thisProcess, true);
          assert.equal(e.holder.pid, process.pid);
          return true;
        });
        assert.deepEqual(events, [], 'refused before validation, config, worktree, prompts or images');
        assert.deepEqual(runDirsOf(f), dirs, 'no new run directory');
        assert.equal(containersOfRepo(f.repo.root).length, 1, 'the first session still runs');
      } finally {
        controller.abort();
      }
      const ended = await first;
      assert.equal(ended.result.cancelled, true);
      // The claim ends with the run: the plan runs again.
      const again = await run(f, 'true');
      assert.equal(again.result.exitCode, 0);
    });

    it('SIGTERM and SIGHUP to a real `lwc code` clean up like Ctrl-C: container removed, pointers restored, run.json cancelled, exit 128+signal (143, 129), and another process is refused meanwhile', async () => {
      const f = make();
      assert.equal((await lwc(['code', f.planId, '--templates', '--agent-command', 'true'], { cwd: f.repo.root, env: f.env() })).code, 0);
      const worktree = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      const original = pointers(worktree);
      ensureBuilt();
      for (const [signal, expected] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
        const child = spawn(process.execPath, [CLI_BUNDLE, 'code', f.planId, '--templates', '--agent-command', 'echo ready; exec sleep 600'], { cwd: f.repo.root, env: f.env(), stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        try {
          await until('the agent to start', () => (/^ready$/m.test(stdout) ? true : undefined));
          assert.match(readFileSync(join(worktree, '.git'), 'utf8'), /^gitdir: \/repo-git\/worktrees\//, 'patched while the session runs');
          const dirs = runDirsOf(f);
          // Another process (this test) is told who runs the plan, and nothing is created.
          await assert.rejects(run(f, 'true'), (e: unknown) => e instanceof SessionRunningError && !e.thisProcess && e.holder.pid === child.pid && e.holder.owner === 'cli');
          const cli = await lwc(['code', f.planId, '--templates', '--agent-command', 'true'], { cwd: f.repo.root, env: f.env() });
          assert.equal(cli.code, 1);
          assert.match(cli.stderr, new RegExp(`${f.planId} is already running \\(lwc code, process ${child.pid} on `));
          assert.deepEqual(runDirsOf(f), dirs);
          child.kill(signal);
          assert.equal(await exited, expected, `${signal}: ${stderr}`);
        } finally {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
        assert.deepEqual(containersOfRepo(f.repo.root), [], `${signal}: the container is removed`);
        assert.deepEqual(pointers(worktree), original, `${signal}: the pointers are restored`);
        assert.match(stderr, new RegExp(`${f.planId}: cancelled by ${signal}; the container was stopped and removed; plan is coding`));
        assert.doesNotMatch(stderr, /agent exited with/, `${signal}: a cancellation is not reported as an exit code`);
        const runDir = join(f.repo.root, '.lw_coder', 'runs', f.planId, runDirsOf(f).sort().at(-1)!);
        const outcome = await readRunOutcome(createWorktreeFilesPort(), runDir);
        assert.equal(outcome?.cancelled, true, `${signal}: run.json records the cancellation`);
        assert.equal(outcome?.planStatus, 'coding');
      }
      assert.deepEqual(readdirSync(join(f.repo.root, '.lw_coder', 'state', 'gitdir-journal')).filter((n) => n.endsWith('.json')), [], 'no journal entry left');
    });
  });
}
