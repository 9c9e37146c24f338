import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lwc } from '../../support/cli';
import { startFakeResponsesServer, type FakeResponsesServer } from '../../support/fakeResponsesServer';
import { dockerEngineAvailable } from '../docker/support';
import { CONFIG, KEY, MODEL, PINNED, RESULT, WROTE, assertKeyInNoFile, toolThen } from '../run/realCodexSupport';
import { containersOfRepo, suiteFixtures } from '../run/support';
import { addPlans, git, tasksOf } from './support';

/**
 * Issue 12's run with nothing stood in but the model: `lwc up` drains a queue of two plans with two workers, each
 * running the real codex CLI in lw_coder_codex against one loopback Responses API server (as issue 6's headless test
 * does). The server answers each request from its body alone, so the two workers' codex runs can share it.
 */

if (dockerEngineAvailable('real codex fleet tests')) {
  describe(`lwc up with the real codex CLI (${PINNED}) against a loopback Responses API server (issue 12)`, function () {
    // A cold image build downloads codex from npm; a real run takes a few seconds.
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex'] });
    let server: FakeResponsesServer | undefined;
    after(async () => {
      await server?.close();
    });

    it('up -n 2 --agent codex --until-empty drains two plans: each branch has the tool call\'s file, each plan is implemented, the key is in no run file', async () => {
      server = await startFakeResponsesServer(toolThen(JSON.stringify(RESULT)));
      const f = make({ planId: 'plan-a', config: CONFIG });
      addPlans(f, ['plan-b']);
      const root = f.repo.root;
      const env = f.env({ OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: server.baseUrl });
      const added = await lwc(['task', 'add', 'plan-a', 'plan-b'], { cwd: root, env });
      assert.equal(added.code, 0, added.stderr);

      const r = await lwc(['up', '-n', '2', '--agent', 'codex', '--until-empty', '--templates', '--accept-credentials', '--yes-dangerous-run-args', '--json'], { cwd: root, env });
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { stopReason: string; tasks: { planId: string; outcome: string; runDir?: string }[] };
      assert.match(report.stopReason, /queue is empty/);
      assert.deepEqual(report.tasks.map((t) => [t.planId, t.outcome]).sort(), [['plan-a', 'done'], ['plan-b', 'done']]);
      const tasks = await tasksOf(root);
      assert.deepEqual(tasks.map((t) => [t.planId, t.state]).sort(), [['plan-a', 'done'], ['plan-b', 'done']]);

      for (const planId of ['plan-a', 'plan-b']) {
        assert.equal(await git(root, 'show', `${planId}:${WROTE}`), 'hello from the real codex', `${planId}'s branch has the file codex's tool call wrote`);
        assert.equal(await git(root, 'log', '-1', '--format=%s', planId), RESULT.commit_message, 'committed with the agent\'s commit message');
        assert.match(readFileSync(join(root, '.lw_coder', 'tasks', `${planId}.md`), 'utf8'), /^status: implemented$/m, `${planId} is implemented`);
      }
      assert.deepEqual(containersOfRepo(root), [], 'no container is left');

      // Each codex run asked twice (the tool call, then the answer), with our key and the configured model.
      const asked = server.responsesRequests();
      assert.equal(asked.length, 4, 'two turns per plan');
      for (const req of asked) {
        assert.equal(req.headers.authorization, `Bearer ${KEY}`);
        assert.equal(req.body?.model, MODEL);
      }

      // Each task names its run directory, inside the repository's runs; neither holds the key in any file.
      for (const t of report.tasks) {
        const runDir = t.runDir ?? '';
        assert.ok(runDir.startsWith(join(root, '.lw_coder', 'runs', t.planId)) && existsSync(runDir), `${t.planId}'s run directory: ${runDir}`);
        assertKeyInNoFile(runDir);
      }
      assertKeyInNoFile(join(root, '.lw_coder', 'runs'), 16);
    });
  });
}
