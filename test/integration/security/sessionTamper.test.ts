import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlan } from '../../../src/app/run/runPlan';
import type { RunPlanEvent } from '../../../src/app/run/runPlanTypes';
import { repoImageTag } from '../../../src/core/container/images';
import { dockerEngineAvailable } from '../docker/support';
import { collector, makeRunRepo, removeRepoImage, type RunFixture } from '../run/support';

/**
 * End to end on the real engine: an agent (a stand-in command) rewrites `/workspace/.git` inside its container to point
 * at a git dir it planted in the worktree. When the run ends, the host's `.git` is LW Coder's pointer again and the run
 * reported a warning naming the change.
 */
if (dockerEngineAvailable('session tamper test')) {
  describe('a real session that rewrites /workspace/.git (issue 10, item 2)', function () {
    this.timeout(20 * 60_000);
    let f: RunFixture;
    before(() => {
      f = makeRunRepo();
    });
    after(() => {
      removeRepoImage(repoImageTag(f.repo.root));
      f.dispose();
    });

    it('ends with LW Coder\'s .git pointer back in place and a warning event', async () => {
      const plan = await f.plan();
      const options = (command: string, events: RunPlanEvent[]) => ({
        repoRoot: f.repo.root, plan, promptSource: 'templates' as const, processEnv: f.env(), agentCommandOverride: command, tty: false, attach: collector().attach, onEvent: (e: RunPlanEvent) => events.push(e),
      });
      await runPlan(f.deps(), options('true', []));
      const worktree = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      const before = readFileSync(join(worktree, '.git'), 'utf8');
      const events: RunPlanEvent[] = [];
      const result = await runPlan(f.deps(), options('mkdir -p /workspace/planted && printf "gitdir: /workspace/planted\\n" > /workspace/.git', events));
      assert.equal(result.exitCode, 0);
      assert.equal(readFileSync(join(worktree, '.git'), 'utf8'), before);
      const warning = events.find((e) => e.type === 'worktree' && e.event.type === 'gitdir-tampered');
      assert.ok(warning, JSON.stringify(events.filter((e) => e.type !== 'image')));
      assert.match(JSON.stringify(warning), /\.git was rewritten: \\"gitdir: \/workspace\/planted\\" \(restored\)/);
    });
  });
}
