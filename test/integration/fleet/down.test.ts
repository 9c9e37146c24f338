import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTask } from '../../../src/app/fleet/queue';
import { lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, pointers, standIn, suiteFixtures, until, type RunFixture } from '../run/support';
import { addPlans, enqueue, git, lwcBackground, queueOf, runningContainers, supervisorFile, taskOf, tasksOf, type Background } from './support';

/** An agent mid-task: it writes files in the worktree (one in a new folder), answers nothing, and sleeps. */
const WORKING = [
  'cat > /dev/null',
  'echo "work in progress" > wip.txt',
  'mkdir -p notes && echo "draft of the design" > notes/draft.md',
  'echo \'{"type":"thread.started","thread_id":"t"}\'',
  'exec sleep 600',
].join('\n');

const worktreeOf = (root: string, planId: string): string => join(root, '.lw_coder', 'worktrees', planId);
const salvageRefs = (root: string, planId: string): string[] => {
  const out = execFileSync('git', ['for-each-ref', '--format=%(refname)', `refs/lw-coder/salvage/${planId}/`], { cwd: root, encoding: 'utf8' }).trim();
  return out === '' ? [] : out.split('\n');
};

if (dockerEngineAvailable('fleet down integration tests')) {
  describe('lwc down and crash recovery on the real engine (issue 12)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex'] });
    let f: RunFixture;
    let root: string;
    let up: Background | undefined;

    before(() => {
      f = make({ planId: 'down-salvage', config: '[code]\n\n[fleet]\nlease_seconds = 60\n' });
      addPlans(f, ['down-discard', 'down-save', 'down-destroy', 'down-kill', 'down-term', 'down-kill-up']);
      root = f.repo.root;
    });

    afterEach(async () => {
      // Whatever a test left: the supervisor, its container, the task.
      if (up && up.child.exitCode === null) {
        up.child.kill('SIGKILL');
        await up.exited;
        await lwc(['recover'], { cwd: root, env: f.env() });
      }
      up = undefined;
      // Each test queues its own plan; none may be left for the next test's worker to claim first.
      for (const t of await tasksOf(root)) await removeTask(queueOf(root), t.planId, { force: true });
    });

    /** `lwc up -n 1` in the background with one task, until its agent has written its files and sleeps. */
    async function midTask(planId: string): Promise<Background> {
      await enqueue(root, [planId]);
      up = lwcBackground(['up', '-n', '1', '--templates', '--agent', 'codex', '--agent-command', WORKING], { cwd: root, env: f.env() });
      const started = up;
      await until(`${planId} running in a worker\n${started.output()}`, () => {
        if (started.child.exitCode !== null) throw new Error(`lwc up exited early:\n${started.output()}`);
        const w = supervisorFile(root)?.workers[0];
        return w?.state === 'running' && w.planId === planId && existsSync(join(worktreeOf(root, planId), 'notes', 'draft.md')) ? true : undefined;
      });
      return started;
    }

    it('status --json and --brief show the running worker; down --salvage saves its files in a salvage ref, releases the task, leaves no container, and up ends', async () => {
      const bg = await midTask('down-salvage');
      const status = await lwc(['status', '--json'], { cwd: root, env: f.env() });
      assert.equal(status.code, 0, status.stderr);
      const model = JSON.parse(status.stdout) as {
        supervisor: { state: string; pid: number }; services: { supervisor: string; docker: { state: string; version?: string } };
        workers: { name: string; state: string; task?: string; plan?: string; branch?: string; container?: string; durationMs?: number }[];
        tasks: { ready: number; claimed: number; blocked: number; done: number; failed: number; total: number };
        sync: { hostBranch?: string; head?: string; branches: { planId: string; branch?: string; ahead?: number; merged?: boolean; uncommitted: number; task: string }[] };
        problems: string[];
      };
      assert.equal(model.supervisor.state, 'running');
      assert.equal(model.supervisor.pid, bg.child.pid);
      assert.equal(model.services.supervisor, 'alive');
      assert.equal(model.services.docker.state, 'running');
      assert.equal(model.workers.length, 1);
      const w = model.workers[0]!;
      assert.equal(w.name, 'w1');
      assert.equal(w.state, 'running');
      assert.equal(w.task, 'down-salvage');
      assert.equal(w.plan, '.lw_coder/tasks/down-salvage.md');
      assert.equal(w.branch, 'down-salvage');
      assert.match(w.container ?? '', /^lwc-down-salvage-/);
      assert.deepEqual((await runningContainers(root)), [w.container], 'the container it names is the one running');
      assert.ok(typeof w.durationMs === 'number' && w.durationMs >= 0);
      assert.deepEqual(model.tasks, { ready: 0, claimed: 1, blocked: 0, done: 0, failed: 0, total: 1 });
      assert.equal(model.sync.hostBranch, 'main');
      assert.equal(model.sync.head, f.repo.git('rev-parse', 'HEAD'));
      const branch = model.sync.branches.find((b) => b.planId === 'down-salvage');
      assert.ok(branch, JSON.stringify(model.sync));
      assert.equal(branch.uncommitted, 2, 'wip.txt and notes/draft.md are uncommitted');
      assert.equal(branch.ahead, 0);
      assert.equal(branch.task, 'claimed');
      assert.deepEqual(model.problems, []);
      const second = await lwc(['up', '-n', '1', '--templates'], { cwd: root, env: f.env() });
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`A fleet supervisor already runs for .* \\(process ${bg.child.pid} on .*\\)\\. One per repository: \`lwc status\` shows its workers, \`lwc down\` stops it\\.`));
      const brief = await lwc(['status', '--brief'], { cwd: root, env: f.env() });
      assert.match(brief.stdout, /^workers: 1 running \| tasks: 0 ready, 1 in progress, 0 blocked, 0 done, 0 failed \| supervisor: ● running \| docker: ● \S+\n$/);

      const down = await lwc(['down', '--salvage', '--json'], { cwd: root, env: f.env() });
      assert.equal(down.code, 0, down.stderr);
      const report = JSON.parse(down.stdout) as { supervisor: string; worktrees: { planId: string; work: string; ref?: string }[]; releasedTasks: string[] };
      assert.equal(report.supervisor, 'stopped');
      const saved = report.worktrees.find((x) => x.planId === 'down-salvage');
      assert.equal(saved?.work, 'salvaged');
      assert.match(saved?.ref ?? '', /^refs\/lw-coder\/salvage\/down-salvage\//);
      assert.equal(await git(root, 'show', `${saved!.ref}:wip.txt`), 'work in progress');
      assert.equal(await git(root, 'show', `${saved!.ref}:notes/draft.md`), 'draft of the design');
      assert.equal((await taskOf(root, 'down-salvage')).state, 'open', 'the task is back in the queue');
      assert.deepEqual(containersOfRepo(root), [], 'no container is left');
      assert.equal(await bg.exited, 0, bg.output());
      assert.match(bg.output(), /stopping: the fleet was stopped \(asked by lwc down \(process \d+ on /);
      assert.equal(supervisorFile(root)?.state, 'stopped');
      const wt = worktreeOf(root, 'down-salvage');
      assert.ok(!pointers(wt).forward.includes('/repo-git'), 'the worktree points at the host repository again');
      assert.equal(readFileSync(join(wt, 'wip.txt'), 'utf8'), 'work in progress\n', 'salvage keeps the files in the worktree too');
      const after = await lwc(['status', '--brief'], { cwd: root, env: f.env() });
      assert.match(after.stdout, /^workers: none \| tasks: 1 ready, 0 in progress, 0 blocked, 0 done, 0 failed \| supervisor: ○ stopped \| /);
    });

    it('down without a terminal and without --salvage or --discard refuses and changes nothing; --discard then stops without a salvage ref', async () => {
      const bg = await midTask('down-discard');
      const refused = await lwc(['down'], { cwd: root, env: f.env() });
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /--salvage .* or --discard; --yes alone means --salvage\. Nothing was changed/s);
      assert.equal(supervisorFile(root)?.state, 'running', 'the supervisor still runs');
      assert.equal((await runningContainers(root)).length, 1, 'its worker still runs');

      const down = await lwc(['down', '--discard', '--json'], { cwd: root, env: f.env() });
      assert.equal(down.code, 0, down.stderr);
      const report = JSON.parse(down.stdout) as { worktrees: { planId: string; work: string; ref?: string; removed: boolean }[] };
      assert.deepEqual(report.worktrees.map((x) => [x.planId, x.work, x.removed]), [['down-discard', 'discarded', false]]);
      assert.deepEqual(salvageRefs(root, 'down-discard'), [], 'nothing was saved');
      assert.equal((await taskOf(root, 'down-discard')).state, 'open');
      assert.deepEqual(containersOfRepo(root), []);
      assert.ok(existsSync(join(worktreeOf(root, 'down-discard'), 'wip.txt')), 'without --destroy the worktree stays as it was');
      await bg.exited;
    });

    it('down --save snapshots the worker\'s container as lw_coder_snapshot:<plan_id>-<timestamp> before removing it', async () => {
      await midTask('down-save');
      const down = await lwc(['down', '--save', '--yes', '--json'], { cwd: root, env: f.env() });
      assert.equal(down.code, 0, down.stderr);
      const report = JSON.parse(down.stdout) as { work: string; snapshots: { planId: string; image: string }[] };
      assert.equal(report.work, 'salvage', '--yes alone means salvage');
      assert.equal(report.snapshots.length, 1);
      const image = report.snapshots[0]!.image;
      try {
        assert.match(image, /^lw_coder_snapshot:down-save-\d{8}T\d{6}\.\d{3}Z$/);
        const label = execFileSync('docker', ['image', 'inspect', '--format', '{{index .Config.Labels "lw_coder.snapshot_of"}}', image], { encoding: 'utf8' }).trim();
        assert.equal(label, 'down-save', 'the snapshot image exists and names its plan');
        assert.deepEqual(containersOfRepo(root), []);
        assert.equal(salvageRefs(root, 'down-save').length, 1);
      } finally {
        execFileSync('docker', ['image', 'rm', '-f', image], { stdio: 'pipe' });
      }
    });

    it('down --destroy asks for the word destroy, then removes the worktree (its work salvaged first) and keeps the branch', async () => {
      await midTask('down-destroy');
      const unconfirmed = await lwc(['down', '--destroy', '--salvage'], { cwd: root, env: f.env() });
      assert.equal(unconfirmed.code, 2, unconfirmed.stderr);
      assert.match(unconfirmed.stderr, /confirm by typing `destroy` on a terminal, or pass --yes\. Nothing was changed/);
      const declined = await lwc(['down', '--destroy'], { cwd: root, env: f.env(), answers: ['s', 'yes'] });
      assert.equal(declined.code, 1, declined.stderr);
      assert.match(declined.questions?.[1] ?? '', /permanently delete these worktrees[\s\S]*down-destroy[\s\S]*Type 'destroy' to confirm/);
      assert.equal(supervisorFile(root)?.state, 'running', 'a wrong word changes nothing');

      const down = await lwc(['down', '--destroy', '--json'], { cwd: root, env: f.env(), answers: ['s', 'destroy'] });
      assert.equal(down.code, 0, down.stderr);
      assert.match(down.questions?.[0] ?? '', /Workers with unsaved work:\n {2}w1 \(branch down-destroy\) - 2 uncommitted change\(s\)[\s\S]*\[s\] Salvage[\s\S]*\[d\] Discard[\s\S]*\[c\] Cancel/);
      const report = JSON.parse(down.stdout) as { worktrees: { planId: string; work: string; ref?: string; removed: boolean }[] };
      const o = report.worktrees.find((x) => x.planId === 'down-destroy')!;
      assert.equal(o.work, 'salvaged');
      assert.equal(o.removed, true);
      assert.equal(existsSync(worktreeOf(root, 'down-destroy')), false, 'the worktree is gone');
      assert.equal(await git(root, 'show', `${o.ref!}:wip.txt`), 'work in progress', 'its work is in the salvage ref');
      assert.equal(await git(root, 'rev-parse', '--verify', '-q', 'refs/heads/down-destroy'), f.sha, 'the branch stays');
      assert.equal((await taskOf(root, 'down-destroy')).state, 'open');
      assert.deepEqual(containersOfRepo(root), []);
    });

    it('SIGKILL of lwc up mid-run, then lwc recover: container removed, pointers restored, the task back in the queue at once, files kept', async () => {
      const bg = await midTask('down-kill');
      const wt = worktreeOf(root, 'down-kill');
      assert.match(readFileSync(join(wt, '.git'), 'utf8'), /^gitdir: \/repo-git\//, 'while the agent runs, the worktree is patched for the container');
      bg.child.kill('SIGKILL');
      await bg.exited;
      const container = (await runningContainers(root))[0];
      assert.ok(container, 'the dead supervisor\'s container still runs');
      const stale = JSON.parse((await lwc(['status', '--json'], { cwd: root, env: f.env() })).stdout) as { supervisor: { state: string; why?: string }; workers: { state: string }[] };
      assert.equal(stale.supervisor.state, 'stale');
      assert.match(stale.supervisor.why ?? '', /is gone/);
      assert.deepEqual(stale.workers.map((w) => w.state), ['stale']);

      const r = await lwc(['recover', '--json'], { cwd: root, env: f.env() });
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { containers?: { removed: string[] }; fleet?: { releasedTasks: string[]; deadSupervisor?: { pid: number } } };
      assert.deepEqual(report.containers?.removed, [container]);
      assert.deepEqual(report.fleet?.releasedTasks, ['down-kill']);
      assert.equal(report.fleet?.deadSupervisor?.pid, bg.child.pid);
      assert.deepEqual(containersOfRepo(root), [], 'no container is left');
      assert.ok(!pointers(wt).forward.includes('/repo-git'), 'the pointers are restored');
      assert.equal(await git(wt, 'status', '--porcelain', '--untracked-files=all'), '?? notes/draft.md\n?? wip.txt'.trim(), 'git works in the worktree and its files are there');
      const task = await taskOf(root, 'down-kill');
      assert.equal(task.state, 'open', 'released at once: the supervisor is provably dead');
      assert.match(task.history.at(-1)?.reason ?? '', /died with its supervisor/);
      assert.equal(supervisorFile(root)?.state, 'stopped');
    });

    it('SIGTERM to lwc up stops it as Ctrl-C does: the run is cancelled, the task released, no container left, exit 143', async () => {
      const bg = await midTask('down-term');
      bg.child.kill('SIGTERM');
      assert.equal(await bg.exited, 143, bg.output());
      assert.match(bg.output(), /stopping: interrupted \(lwc received SIGTERM\)/);
      assert.equal((await taskOf(root, 'down-term')).state, 'open');
      assert.deepEqual(containersOfRepo(root), []);
      assert.ok(!pointers(worktreeOf(root, 'down-term')).forward.includes('/repo-git'));
      assert.equal(supervisorFile(root)?.state, 'stopped');
    });

    it('after a SIGKILL of lwc up, the next lwc up cleans up first (container, pointers, the task) and then runs the task to the end', async () => {
      const bg = await midTask('down-kill-up');
      bg.child.kill('SIGKILL');
      await bg.exited;
      assert.equal((await runningContainers(root)).length, 1);
      const next = await lwc(['up', '-n', '1', '--until-empty', '--json', '--templates', '--agent', 'codex', '--agent-command', `MODE=ok\n${standIn('codex-standin.sh')}`], { cwd: root, env: f.env() });
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, /recovered after a crash: removed container lwc-down-kill-up-\S+; restored pointers of \S+down-kill-up; released down-kill-up/);
      const report = JSON.parse(next.stdout) as { tasks: { planId: string; outcome: string }[] };
      assert.deepEqual(report.tasks.map((t) => [t.planId, t.outcome]), [['down-kill-up', 'done']]);
      assert.equal(await git(root, 'show', 'down-kill-up:wip.txt'), 'work in progress', 'the dead run\'s files were kept and committed with the new run\'s change');
      assert.deepEqual(containersOfRepo(root), []);
    });
  });
}
