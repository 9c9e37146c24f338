import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { nodeImageFiles } from '../../../src/adapters/docker/imageFiles';
import { defaultExtraCaFile, ensureBaseImage } from '../../../src/app/run/images';
import { EVENTS_FILE, RESULT_FILE } from '../../../src/app/run/runHeadless';
import { CodingResultSchema } from '../../../src/core/agent/result';
import { toStrictJsonSchema } from '../../../src/core/agent/strictSchema';
import { LABEL_CODEX_VERSION, agentImages } from '../../../src/core/container/images';
import { lwc } from '../../support/cli';
import { hasToolOutput, shellCall, startFakeResponsesServer, type FakeResponsesServer, type ResponsesScript } from '../../support/fakeResponsesServer';
import { CODEX_DIR, CONFIG, DROID_DIR, KEY, MODEL, PINNED, RESULT, WROTE, assertKeyInNoFile, toolThen } from './realCodexSupport';
import { TEST_BASE_IMAGE, dockerEngineAvailable, runToExit } from '../docker/support';
import { containersOfRepo, makeRunRepo, removeRepoImage, type RunFixture, eventsOf, resultOf, runDirIn } from './support';

/**
 * The acceptance of issue 6 with nothing stood in but the model: `lwc code <plan> --headless --agent codex --json`
 * builds lw_coder_codex (the real codex from npm) and its repository layer, and the real codex talks the Responses API
 * to a loopback server that asks for one shell tool call and then answers. The container joins the host's network
 * (`[code] docker_run_args = ["--network=host"]`, confirmed with --yes-dangerous-run-args) because the fake server
 * listens on the host's 127.0.0.1 — and OPENROUTER_BASE_URL may use plain http only to loopback, so pointing codex at
 * the docker0 gateway instead would be refused (rightly) by the endpoint rules.
 */

function assertCompleteRunDir(runDir: string): void {
  for (const file of ['prompts/main.md', 'run.json', EVENTS_FILE, RESULT_FILE, 'attempt-1.stdout.log', 'attempt-1.stderr.log', 'agent/output-schema.json', 'agent/codex-home/config.toml']) {
    assert.ok(existsSync(join(runDir, file)), `${file} is in the run directory`);
  }
}

if (dockerEngineAvailable('real codex headless tests')) {
  describe(`the real codex CLI (${PINNED}) in lw_coder_codex, headless against a loopback Responses API server (issue 6)`, function () {
    // A cold image build downloads codex from npm; a real run takes a few seconds.
    this.timeout(20 * 60_000);
    const fixtures: RunFixture[] = [];
    const servers: FakeResponsesServer[] = [];
    const make = (): RunFixture => {
      const f = makeRunRepo({ config: CONFIG });
      fixtures.push(f);
      return f;
    };
    const serve = async (script: ResponsesScript): Promise<FakeResponsesServer> => {
      const s = await startFakeResponsesServer(script);
      servers.push(s);
      return s;
    };
    const run = (f: RunFixture, server: FakeResponsesServer): ReturnType<typeof lwc> =>
      lwc(['code', f.planId, '--headless', '--agent', 'codex', '--json', '--templates', '--yes-dangerous-run-args', '--accept-credentials'], { cwd: f.repo.root, env: f.env({ OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: server.baseUrl }) });
    after(async () => {
      for (const s of servers) await s.close();
      for (const f of fixtures) {
        removeRepoImage(agentImages('codex', f.repo.root, DROID_DIR).repo);
        f.dispose();
      }
    });

    it('lw_coder_codex:latest is built from docker/codex with the pinned codex, its version label and the system-wide privacy defaults', async () => {
      const engine = new DockerodeEngine();
      const started = Date.now();
      const built = await ensureBaseImage({ engine, files: nodeImageFiles }, {
        dockerfileDir: CODEX_DIR,
        tag: 'lw_coder_codex:latest',
        baseImageArg: TEST_BASE_IMAGE,
        extraCaFile: defaultExtraCaFile(process.env) ?? '/etc/ssl/certs/ca-certificates.crt',
      });
      console.log(`      lw_coder_codex:latest: ${built.built ? 'built' : 'already current'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      assert.equal((await engine.imageInspect('lw_coder_codex:latest'))?.labels[LABEL_CODEX_VERSION], PINNED);
      const out = await runToExit(engine, { Image: 'lw_coder_codex:latest', Cmd: ['sh', '-c', 'codex --version; cat /etc/codex/config.toml; echo "HOME=$HOME"'], HostConfig: {} });
      assert.equal(out.exitCode, 0, out.stderr);
      assert.match(out.stdout, new RegExp(`^codex-cli ${PINNED.replace(/\./g, '\\.')}$`, 'm'));
      assert.match(out.stdout, /\[analytics\]\nenabled = false/);
      assert.match(out.stdout, /\[features\]\nplugins = false/);
      assert.match(out.stdout, /^HOME=\/home\/droiduser$/m);
    });

    it('lwc code --headless --agent codex --json: one real tool call changes the worktree, the result is schema-valid, the plan is implemented', async () => {
      const server = await serve(toolThen(JSON.stringify(RESULT)));
      const f = make();
      const started = Date.now();
      const r = await run(f, server);
      console.log(`      real codex headless run (warm image): ${((Date.now() - started) / 1000).toFixed(1)} s wall`);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(CodingResultSchema.parse(JSON.parse(r.stdout)), RESULT);
      const worktree = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      assert.equal(readFileSync(join(worktree, WROTE), 'utf8'), 'hello from the real codex\n', 'the tool call ran in the plan worktree');

      const runDir = runDirIn(r.stderr);
      assertCompleteRunDir(runDir);
      const saved = resultOf(runDir);
      assert.ok(saved.ok, JSON.stringify(saved));
      assert.equal(saved.agent, 'codex');
      assert.deepEqual(saved.result, RESULT);
      const events = eventsOf(runDir);
      assert.ok(events.some((e) => e.kind === 'command' && e.status === 'completed' && (e.command ?? '').includes(WROTE)), `a completed command event: ${JSON.stringify(events)}`);
      assert.ok(events.some((e) => e.kind === 'completed'), 'the turn completed');
      assert.deepEqual(events.filter((e) => e.kind === 'failed'), []);
      // codex has no metadata for an OpenRouter model id and says so in an `error` item; the turn still completed with a
      // valid result, so the run succeeds and keeps the message as a warning.
      assert.ok(events.some((e) => e.kind === 'error' && /Model metadata for `openai\/gpt-5\.2` not found/.test(e.message ?? '')), 'codex warned about the unknown model');
      assert.ok(saved.warnings.some((w) => w.includes('Model metadata for `openai/gpt-5.2` not found')), JSON.stringify(saved.warnings));

      // What the real codex sent: the strict schema, our key, the configured model, the tool output on the second turn.
      const asked = server.responsesRequests();
      assert.equal(asked.length, 2, 'one turn for the tool call, one for the answer');
      for (const req of asked) {
        assert.equal(req.headers.authorization, `Bearer ${KEY}`);
        assert.equal(req.body?.model, MODEL);
        assert.equal(req.body?.text?.format?.type, 'json_schema');
        assert.equal(req.body?.text?.format?.strict, true);
        assert.deepEqual(req.body?.text?.format?.schema, toStrictJsonSchema(CodingResultSchema));
      }
      assert.ok(hasToolOutput(asked[1]!.body!), 'the second request carries the function_call_output');

      assertKeyInNoFile(runDir);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: implemented$/m);
      assert.deepEqual(containersOfRepo(f.repo.root), [], 'the attempt\'s container is removed');
    });

    it("a repository's env file cannot send the key to its own endpoint: refused before anything changes, unless confirmed", async () => {
      const server = await serve(toolThen(JSON.stringify(RESULT)));
      const f = makeRunRepo({ config: CONFIG, files: { '.env': `OPENROUTER_BASE_URL=${server.baseUrl}\n` } });
      fixtures.push(f);
      const env = f.env({ OPENROUTER_API_KEY: KEY });
      const refused = await lwc(['code', f.planId, '--headless', '--json', '--templates', '--yes-dangerous-run-args'], { cwd: f.repo.root, env });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /Not sending OPENROUTER_API_KEY to http:\/\/127\.0\.0\.1:\d+\/v1 for the headless agent.*--trust-endpoint.*provider = "agent"/s);
      assert.equal(existsSync(join(f.repo.root, '.lw_coder', 'worktrees', f.planId)), false, 'no worktree');
      assert.equal(existsSync(join(f.repo.root, '.lw_coder', 'runs')), false, 'no run directory');
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: ready$/m, 'the status is untouched');
      assert.equal(server.requests.length, 0, 'the endpoint never heard from us');

      const trusted = await lwc(['code', f.planId, '--headless', '--json', '--templates', '--yes-dangerous-run-args', '--trust-endpoint', '--accept-credentials'], { cwd: f.repo.root, env });
      assert.equal(trusted.code, 0, trusted.stderr);
      assert.equal(server.responsesRequests()[0]?.headers.authorization, `Bearer ${KEY}`, 'confirmed: the key goes to the repository\'s endpoint');
    });

    it('a stream that never sends response.completed: codex fails the turn, lwc exits 1 with the reason and a complete run directory', async () => {
      const server = await serve((body) => ({ items: [shellCall(body, 'true')], omitCompleted: true }));
      const f = make();
      const r = await run(f, server);
      assert.equal(r.code, 1, r.stderr);
      const printed = JSON.parse(r.stdout) as { ok: boolean; reasons: string[] };
      assert.equal(printed.ok, false);
      assert.match(r.stderr, /failed: .*failed turn/);
      const runDir = runDirIn(r.stderr);
      assertCompleteRunDir(runDir);
      const saved = resultOf(runDir);
      assert.ok(!saved.ok && saved.kind === 'agent-failed' && saved.attempts === 1, JSON.stringify(saved));
      assert.ok(eventsOf(runDir).some((e) => e.kind === 'failed'), 'events.jsonl holds codex\'s turn.failed');
      assert.ok(server.responsesRequests().length >= 1);
      assertKeyInNoFile(runDir);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: coding$/m, 'a failed run leaves the plan coding');
    });

    it('a final message that is not schema-valid: codex exits 0 with it, lwc judges it, exits 1 and says which fields are wrong', async () => {
      const server = await serve(toolThen(JSON.stringify({ implementation_summary: 'Wrote the file', step_results: [{ step_id: 's1', status: 'DONE' }] })));
      const f = make();
      const r = await run(f, server);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /does not match the result schema/);
      const runDir = runDirIn(r.stderr);
      assertCompleteRunDir(runDir);
      const saved = resultOf(runDir);
      assert.ok(!saved.ok && saved.kind === 'schema-mismatch', JSON.stringify(saved));
      assert.match(saved.reasons.join('\n'), /step_results\.0\.status/);
      const events = eventsOf(runDir);
      assert.ok(events.some((e) => e.kind === 'completed'), 'codex itself completed the turn');
      assert.ok(events.some((e) => e.kind === 'command'), 'the tool call ran');
      assertKeyInNoFile(runDir);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: coding$/m);
    });
  });
}
