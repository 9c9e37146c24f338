import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionRecord } from '../../../src/core/commands/types';
import { lwc } from '../../support/cli';
import { startFakeResponsesServer, type FakeResponsesServer } from '../../support/fakeResponsesServer';
import { dockerEngineAvailable } from '../docker/support';
import { CONFIG, KEY, MODEL, PINNED, RESULT, WROTE, assertKeyInNoFile, toolThen } from '../run/realCodexSupport';
import { containersOfRepo, suiteFixtures } from '../run/support';

/**
 * Issue 14's run-agent step with nothing stood in but the model: `lwc cmd run` of a YAML command whose prompt file
 * has an `{{ args.x }}` placeholder runs the real codex CLI in lw_coder_codex against a loopback Responses API server
 * (as issue 6's and issue 12's real-codex tests do). codex's tool call changes the session's worktree, and the session
 * keeps the agent's run (result.json, events) in its artifacts.
 */

const COMMAND = `name: greet
description: Ask the agent for a greeting file in a fresh worktree
prompt_file: prompts/greet.md
arguments:
  - name: who
    required: true
steps:
  - create-worktree
  - run-agent
  - name: check
    type: shell
    action: grep -q 'hello from the real codex' ${WROTE}
post_steps:
  - store-artifacts
`;
const PROMPT = 'Write a greeting for {{ args.who }} into a file.\n';

if (dockerEngineAvailable('real codex command tests')) {
  describe(`a run-agent command step with the real codex CLI (${PINNED}) against a loopback Responses API server (issue 14)`, function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex'] });
    let server: FakeResponsesServer | undefined;
    after(async () => {
      await server?.close();
    });

    it("substitutes the argument into the prompt, codex changes the session's worktree, the session completes with the agent's result in its artifacts", async () => {
      server = await startFakeResponsesServer(toolThen(JSON.stringify(RESULT)));
      const f = make({ config: CONFIG, files: { '.lw_coder/commands/greet.yaml': COMMAND, 'prompts/greet.md': PROMPT } });
      const root = f.repo.root;
      const env = f.env({ OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: server.baseUrl });

      const r = await lwc(['cmd', 'run', 'greet', 'who=Ada Lovelace', '--agent', 'codex', '--accept-credentials', '--yes-dangerous-run-args', '--json'], { cwd: root, env });
      assert.equal(r.code, 0, r.stderr);
      const session = JSON.parse(r.stdout) as SessionRecord;
      assert.equal(session.status, 'completed', session.error);
      assert.deepEqual(session.stepHistory.map((s) => `${s.name}:${s.status}`), ['create-worktree:completed', 'run-agent:completed', 'check:completed', 'store-artifacts:completed']);
      assert.equal(session.stepHistory.find((s) => s.name === 'run-agent')?.outputTail?.includes(RESULT.implementation_summary), true, "the step's tail is the agent's summary");

      // codex's shell call ran in the session's worktree, not in the checkout.
      assert.equal(readFileSync(join(session.worktreePath!, WROTE), 'utf8'), 'hello from the real codex\n');
      assert.equal(existsSync(join(root, WROTE)), false);
      assert.ok(existsSync(session.worktreePath!), 'kept: the agent left a change');

      // The prompt reached the model with the argument substituted, with our key and the configured model.
      const asked = server.responsesRequests();
      assert.equal(asked.length, 2, 'the tool call, then the answer');
      for (const req of asked) {
        assert.equal(req.headers.authorization, `Bearer ${KEY}`);
        assert.equal(req.body?.model, MODEL);
      }
      assert.ok(JSON.stringify(asked[0]!.body).includes('Write a greeting for Ada Lovelace into a file.'), 'the substituted prompt went to the model');

      // The agent's run is in the session's artifacts: the prompt, the validated result, the events; no key anywhere.
      assert.equal(readFileSync(join(session.artifactDir, 'prompts', 'step-2-run-agent.md'), 'utf8'), 'Write a greeting for Ada Lovelace into a file.\n');
      const runDir = join(session.artifactDir, 'agent', 'step-2');
      const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as { ok: boolean; agent: string; result: unknown };
      assert.deepEqual([result.ok, result.agent], [true, 'codex']);
      assert.deepEqual(result.result, RESULT);
      assert.ok(readFileSync(join(runDir, 'events.jsonl'), 'utf8').trim().length > 0, 'the agent events were recorded');
      const manifest = JSON.parse(readFileSync(join(session.artifactDir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
      assert.ok(manifest.files.some((x) => x.path === 'agent/step-2/result.json'), 'store-artifacts lists the agent result');
      assertKeyInNoFile(join(root, '.lw_coder', 'sessions', session.id));
      assert.deepEqual(containersOfRepo(root), [], 'no container is left');
    });
  });
}
