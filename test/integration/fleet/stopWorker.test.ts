import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, standIn, suiteFixtures, until } from '../run/support';
import { addPlans, enqueue, git, lwcBackground, runningContainers, supervisorFile, taskOf, type Background } from './support';

/**
 * An agent that works until the test lets it finish: it keeps the prompt, writes a file in the worktree and waits for
 * go.txt there; then it is the stand-in codex (MODE=ok) on the prompt it kept. A worker mid-run for as long as the test
 * needs, and one that then really completes its task.
 */
const GATED = [
  'prompt_file=$(mktemp)',
  'cat > "$prompt_file"',
  'echo "work in progress" > wip.txt',
  'while [ ! -f go.txt ]; do sleep 0.2; done',
  'rm -f go.txt',
  'exec < "$prompt_file"',
  'MODE=ok',
  standIn('codex-standin.sh'),
].join('\n');

const worktreeOf = (root: string, planId: string): string => join(root, '.lw_coder', 'worktrees', planId);

if (dockerEngineAvailable('fleet stop-one-worker integration tests')) {
  describe('lwc down --worker on the real engine (issue 13, Stop Worker)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex'] });
    let up: Background | undefined;

    afterEach(async () => {
      if (up && up.child.exitCode === null) {
        up.child.kill('SIGKILL');
        await up.exited;
      }
      up = undefined;
    });

    it('up -n 2 with two long tasks: down --worker w1 salvages w1\'s work into a salvage ref and puts its task back to open while w2 goes on and completes its own', async () => {
      const f = make({ planId: 'stop-one-a', config: '[code]\n\n[fleet]\nlease_seconds = 60\n' });
      addPlans(f, ['stop-one-b']);
      const root = f.repo.root;
      await enqueue(root, ['stop-one-a', 'stop-one-b']);
      const bg = lwcBackground(['up', '-n', '2', '--until-empty', '--templates', '--agent', 'codex', '--agent-command', GATED], { cwd: root, env: f.env() });
      up = bg;

      // Both workers mid-run: their agents have written their file and wait.
      const busy = await until(`two workers running\n${bg.output()}`, () => {
        if (bg.child.exitCode !== null) throw new Error(`lwc up exited early:\n${bg.output()}`);
        const ws = supervisorFile(root)?.workers ?? [];
        const running = ws.filter((w) => w.state === 'running' && w.planId && w.container && existsSync(join(worktreeOf(root, w.planId), 'wip.txt')));
        return running.length === 2 ? running : undefined;
      });
      const w1 = busy.find((w) => w.name === 'w1')!;
      const w2 = busy.find((w) => w.name === 'w2')!;
      const mine = w1.planId!;
      const other = w2.planId!;
      assert.deepEqual([mine, other].sort(), ['stop-one-a', 'stop-one-b']);

      // Refused with nothing changed: a worker that does not exist, and whole-fleet options.
      const unknown = await lwc(['down', '--worker', 'w9'], { cwd: root, env: f.env() });
      assert.equal(unknown.code, 1, unknown.stderr);
      assert.match(unknown.stderr, new RegExp(`has no worker 'w9'\\. Running workers: w1 \\(running, ${mine}\\), w2 \\(running, ${other}\\)\\.`));
      const usage = await lwc(['down', '--worker', 'w1', '--destroy'], { cwd: root, env: f.env() });
      assert.equal(usage.code, 2, usage.stderr);
      assert.match(usage.stderr, /--save and --destroy are for stopping the whole fleet/);
      assert.equal((await runningContainers(root)).length, 2, 'both agents still run');

      const down = await lwc(['down', '--worker', 'w1', '--json'], { cwd: root, env: f.env() });
      assert.equal(down.code, 0, down.stderr);
      const report = JSON.parse(down.stdout) as { work: string; worker: string; record: { planId?: string; work: string; ref?: string; released: boolean } };
      assert.equal(report.work, 'salvage', 'salvage is the default');
      assert.equal(report.worker, 'w1');
      assert.equal(report.record.planId, mine);
      assert.equal(report.record.work, 'salvaged');
      assert.equal(report.record.released, true);
      const ref = report.record.ref ?? '';
      assert.match(ref, new RegExp(`^refs/lw-coder/salvage/${mine}/`), 'the same salvage ref naming as lwc down');
      assert.equal(await git(root, 'show', `${ref}:wip.txt`), 'work in progress', 'the salvage ref holds the worker\'s uncommitted file');

      const task = await taskOf(root, mine);
      assert.equal(task.state, 'open', 'w1\'s task is back in the queue');
      assert.equal(task.attempts, 1, 'the stopped attempt is not counted as a failure');
      assert.match(task.history.at(-1)?.reason ?? '', /stopped: stop of w1 \(asked by lwc down --worker/);
      const state = supervisorFile(root)!;
      assert.equal(state.state, 'running', 'the supervisor goes on');
      assert.deepEqual(state.workers.map((w) => [w.name, w.state]), [['w1', 'stopped'], ['w2', 'running']]);
      assert.deepEqual(await runningContainers(root), [w2.container], 'only w1\'s container is gone; w2\'s agent is the same one, still running');
      assert.equal((await taskOf(root, other)).state, 'claimed');

      const again = await lwc(['down', '--worker', 'w1'], { cwd: root, env: f.env() });
      assert.equal(again.code, 1, again.stderr);
      assert.match(again.stderr, new RegExp(`Worker w1 is already stopped\\. Running workers: w2 \\(running, ${other}\\)\\.`));

      // w2 finishes its task, then (the only worker left) takes the released one: the queue drains and up ends.
      writeFileSync(join(worktreeOf(root, other), 'go.txt'), 'go\n');
      writeFileSync(join(worktreeOf(root, mine), 'go.txt'), 'go\n');
      assert.equal(await bg.exited, 0, bg.output());
      assert.match(bg.output(), /\[w1\] stopping: stop of w1 \(asked by lwc down --worker/);
      assert.match(bg.output(), new RegExp(`w1 stopped; work of ${mine} saved to refs/lw-coder/salvage/${mine}/\\S+; ${mine} back in the queue`));
      const done = await taskOf(root, other);
      assert.equal(done.state, 'done', bg.output());
      assert.equal(done.attempts, 1, 'w2 was never interrupted');
      assert.equal(await git(root, 'show', `${other}:standin-change.txt`), 'written by the stand-in codex', 'w2 completed its task on its branch');
      assert.equal((await taskOf(root, mine)).state, 'done', 'the released task ran again to the end');
      assert.deepEqual(containersOfRepo(root), []);
    });
    it('an idle worker stops at once with nothing to save; --discard saves no ref and reopens the task; the supervisor ends when its last worker stops', async () => {
      const f = make({ planId: 'stop-idle-a', config: '[code]\n\n[fleet]\nlease_seconds = 60\n' });
      const root = f.repo.root;
      await enqueue(root, ['stop-idle-a']);
      const bg = lwcBackground(['up', '-n', '2', '--templates', '--agent', 'codex', '--agent-command', GATED], { cwd: root, env: f.env() });
      up = bg;
      const [busy, idle] = await until(`one worker running, one idle\n${bg.output()}`, () => {
        if (bg.child.exitCode !== null) throw new Error(`lwc up exited early:\n${bg.output()}`);
        const ws = supervisorFile(root)?.workers ?? [];
        const b = ws.find((w) => w.state === 'running' && w.planId === 'stop-idle-a' && existsSync(join(worktreeOf(root, 'stop-idle-a'), 'wip.txt')));
        const i = ws.find((w) => w.state === 'idle');
        return b && i ? [b, i] : undefined;
      });

      const first = await lwc(['down', '--worker', idle!.name], { cwd: root, env: f.env() });
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stdout, `${idle!.name} stopped; it had no task\n`);
      assert.equal(supervisorFile(root)?.state, 'running');
      assert.equal((await runningContainers(root)).length, 1, 'the busy worker goes on');

      const second = await lwc(['down', '--worker', busy!.name, '--discard', '--json'], { cwd: root, env: f.env() });
      assert.equal(second.code, 0, second.stderr);
      const report = JSON.parse(second.stdout) as { work: string; record: { planId?: string; work: string; ref?: string; released: boolean } };
      assert.deepEqual([report.work, report.record.planId, report.record.work, report.record.ref, report.record.released], ['discard', 'stop-idle-a', 'discarded', undefined, true]);
      assert.equal(await git(root, 'for-each-ref', 'refs/lw-coder/salvage/'), '', 'nothing was saved');
      assert.ok(existsSync(join(worktreeOf(root, 'stop-idle-a'), 'wip.txt')), 'discard leaves the files in the worktree');
      assert.equal((await taskOf(root, 'stop-idle-a')).state, 'open');
      assert.equal(await bg.exited, 0, bg.output());
      assert.match(bg.output(), /stopping: every worker was stopped/);
      assert.equal(supervisorFile(root)?.state, 'stopped');
      assert.deepEqual(containersOfRepo(root), []);
      const none = await lwc(['down', '--worker', 'w1'], { cwd: root, env: f.env() });
      assert.equal(none.code, 1);
      assert.match(none.stderr, /The fleet supervisor is stopped, so no worker runs to stop\./);
    });
  });
}
