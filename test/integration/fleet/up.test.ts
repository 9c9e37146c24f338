import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, standIn, suiteFixtures } from '../run/support';
import { addPlans, git, runningContainers, supervisorFile, tasksOf } from './support';

const CODEX = standIn('codex-standin.sh');
/**
 * The stand-in codex after a pause longer than the 5-second lease: workers overlap (the sampling sees them together),
 * and every run outlives its lease unless the heartbeat renews it.
 */
const slowCodex = `sleep 7\nMODE=ok\n${CODEX}`;

if (dockerEngineAvailable('fleet integration tests')) {
  describe('lwc up on the real engine with a stand-in codex (issue 12)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex'] });

    it('up -n 3 --until-empty drains 6 plans, a dependent only after its dependency, never more than 3 containers; each branch has its change and each plan is implemented', async () => {
      const f = make({ planId: 'plan-a', config: '[code]\n\n[fleet]\nlease_seconds = 5\n' });
      const others = ['plan-b', 'plan-c', 'plan-d', 'plan-e', 'plan-f'];
      addPlans(f, others);
      const root = f.repo.root;
      const added = await lwc(['task', 'add', 'plan-a', 'plan-b', 'plan-c', 'plan-d', 'plan-e'], { cwd: root, env: f.env() });
      assert.equal(added.code, 0, added.stderr);
      // plan-f waits for plan-e: a dependency chain.
      const chained = await lwc(['task', 'add', 'plan-f', '--after', 'plan-e'], { cwd: root, env: f.env() });
      assert.equal(chained.code, 0, chained.stderr);

      let sampling = true;
      let most = 0;
      const samples: number[] = [];
      const sampler = (async () => {
        while (sampling) {
          const n = (await runningContainers(root)).length;
          samples.push(n);
          most = Math.max(most, n);
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
      const r = await lwc(['up', '-n', '3', '--until-empty', '--json', '--templates', '--agent', 'codex', '--agent-command', slowCodex], { cwd: root, env: f.env() });
      sampling = false;
      await sampler;
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { stopReason: string; tasks: { planId: string; outcome: string; worker: string; commit?: string }[] };
      assert.match(report.stopReason, /queue is empty/);
      assert.deepEqual(report.tasks.map((t) => t.planId).sort(), ['plan-a', 'plan-b', 'plan-c', 'plan-d', 'plan-e', 'plan-f']);
      assert.ok(report.tasks.every((t) => t.outcome === 'done'), JSON.stringify(report.tasks));
      assert.ok(most <= 3, `at most 3 containers ran at once (samples: ${samples.join(',')})`);
      assert.ok(most >= 2, `workers ran side by side (samples: ${samples.join(',')})`);

      const tasks = await tasksOf(root);
      assert.ok(tasks.every((t) => t.state === 'done'), JSON.stringify(tasks.map((t) => [t.planId, t.state])));
      for (const t of tasks) {
        assert.deepEqual(t.history.filter((h) => h.by === 'lease'), [], `${t.planId}'s lease never expired: the heartbeat renewed it`);
        assert.equal(t.attempts, 1, `${t.planId} was claimed once`);
      }
      const e = tasks.find((t) => t.planId === 'plan-e')!;
      const fTask = tasks.find((t) => t.planId === 'plan-f')!;
      const eDone = e.history.find((h) => h.to === 'done')!.at;
      const fClaimed = fTask.history.find((h) => h.to === 'claimed')!.at;
      assert.ok(fClaimed >= eDone, `plan-f was claimed (${fClaimed}) after plan-e was done (${eDone})`);

      for (const planId of ['plan-a', ...others]) {
        const committed = await git(root, 'show', `${planId}:standin-change.txt`);
        assert.match(committed, /written by the stand-in codex/, `${planId}'s branch has its change`);
        assert.equal(await git(root, 'log', '-1', '--format=%s', planId), 'Add the stand-in change', 'committed with the agent\'s commit message');
        assert.equal(await git(join(root, '.lw_coder', 'worktrees', planId), 'status', '--porcelain'), '', `${planId}'s worktree is clean after the commit`);
        assert.match(readFileSync(join(root, '.lw_coder', 'tasks', `${planId}.md`), 'utf8'), /^status: implemented$/m, `${planId} is implemented`);
      }
      assert.deepEqual(containersOfRepo(root), [], 'no container is left');

      // The sync section: each task branch one commit ahead of its plan's git_sha; merged once the host branch has it.
      f.repo.git('merge', '-q', '--no-edit', 'plan-a');
      const status = await lwc(['status', '--json'], { cwd: root, env: f.env() });
      const sync = (JSON.parse(status.stdout) as { sync: { hostBranch: string; branches: { planId: string; ahead?: number; merged?: boolean; uncommitted: number; task: string }[] } }).sync;
      assert.equal(sync.hostBranch, 'main');
      // The stand-in makes the same change with the same message: runs in the same second make the very same commit.
      const mergedHead = f.repo.git('rev-parse', 'plan-a');
      const expected = ['plan-a', ...others].map((id) => [id, 1, f.repo.git('rev-parse', id) === mergedHead, 0, 'done']);
      assert.ok(expected.some((e) => e[2] === false), 'some branches are not merged');
      assert.deepEqual(sync.branches.map((b) => [b.planId, b.ahead, b.merged, b.uncommitted, b.task]).sort(), expected);
      const published = supervisorFile(root);
      assert.equal(published?.state, 'stopped', 'supervisor.json says it stopped');
      assert.ok(published?.workers.length === 3);
      // Each worker that ran a task keeps its last run, for readers that looked only before and after it (its terminal).
      for (const w of published.workers.filter((x) => report.tasks.some((t) => t.worker === x.name))) {
        assert.match(w.lastRunDir ?? '', /[\\/]\.lw_coder[\\/]runs[\\/]plan-[a-f][\\/]/, `${w.name} has no lastRunDir`);
      }
    });
  });
}
