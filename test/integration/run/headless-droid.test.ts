import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHeadlessRunFiles } from '../../../src/adapters/session/headlessFiles';
import { readRunOutcome } from '../../../src/app/run/runPlanOutcome';
import { EVENTS_FILE, RESULT_FILE, runHeadless } from '../../../src/app/run/runHeadless';
import type { HeadlessResultFile, RunHeadlessResult } from '../../../src/app/run/runHeadlessTypes';
import { createWorktreeFilesPort } from '../../../src/adapters/state/worktreeFiles';
import { schemaInstructions } from '../../../src/core/agent/backend';
import { CodingResultSchema, type CodingResult } from '../../../src/core/agent/result';
import { toStrictJsonSchema } from '../../../src/core/agent/strictSchema';
import { repoImageTag } from '../../../src/core/container/images';
import { droidExecute, lastToolResult, requestText, startFakeChatAgentServer, type ChatRequestRecord, type ChatTurn, type FakeChatAgentServer } from '../../support/fakeChatAgentServer';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, makeRunRepo, removeRepoImage, type RunFixture } from './support';

/**
 * The REAL droid CLI (droid exec 0.225.2 in lw_coder_droid, repo layer on top) completing headless runs against a
 * loopback Chat Completions server that plays the model: a custom model (provider generic-chat-completion-api) from a
 * secret settings file, airgap on, no Factory login.
 *
 * Reaching the loopback server: the repository's config.toml gives the container the host network (`docker_run_args =
 * ["--network=host"]`, confirmed through allowDangerousRunArgs, exactly as a user would have to). The fake server then
 * stays on 127.0.0.1 — nothing else on the machine can talk to it — which the docker0 gateway address would not allow.
 *
 * Observing egress: HTTPS_PROXY/HTTP_PROXY (forwarded by config forward_env) point at the fake server, NO_PROXY exempts
 * 127.0.0.1. Any connection droid tries to anything but its model arrives as a CONNECT (or absolute-URI request) that the
 * server refuses and records. Without FACTORY_AIRGAP_ENABLED droid 0.225.2 goes to api.factory.ai and
 * telemetry.factory.ai this way (checked by hand); with it, to the MCP servers of the image's ~/.factory/mcp.json unless
 * droid's home is overridden, as the backend does for custom models.
 */

const KEY = 'sk-droid-fake-5d1e9a';
const CHANGE_FILE = 'droid-change.txt';

/** A schema-valid answer that names the file the tool call wrote. */
function scriptedResult(): CodingResult {
  return {
    implementation_summary: `Wrote ${CHANGE_FILE} with the shell tool.`,
    commit_message: 'Add droid-change.txt',
    step_results: [{ step_id: '1', status: 'COMPLETED', summary: `Created ${CHANGE_FILE}`, files: [CHANGE_FILE], commands: [`printf ... > ${CHANGE_FILE}`] }],
    tests_executed: [],
    tests_recommended: ['cat droid-change.txt'],
    follow_up_items: [],
    notes: ['Answered by the loopback fake model.'],
    feedback: { review_findings: [{ severity: 'info', file: CHANGE_FILE, message: 'One-line file, nothing to review.' }], plan_alignment: { verdict: 'aligned', reasons: ['The plan asked for a change; there is one.'] } },
  };
}

interface EventLine { attempt: number; kind: string; status?: string; command?: string; text?: string; message?: string; exitCode?: number | null }
const eventsOf = (runDir: string): EventLine[] => readFileSync(join(runDir, EVENTS_FILE), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as EventLine);
const resultOf = (runDir: string): HeadlessResultFile => JSON.parse(readFileSync(join(runDir, RESULT_FILE), 'utf8')) as HeadlessResultFile;
const allFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? allFiles(join(dir, d.name)) : [join(dir, d.name)]));

/** What every droid run leaves, whatever its outcome; and the secret settings file is not among it. */
async function assertCompleteRunDir(runDir: string): Promise<void> {
  for (const file of ['prompts/main.md', 'run.json', EVENTS_FILE, RESULT_FILE, 'attempt-1.stdout.log', 'attempt-1.stderr.log', 'agent/prompt.md']) {
    assert.ok(existsSync(join(runDir, file)), `${file} is in the run directory`);
  }
  assert.ok((await readRunOutcome(createWorktreeFilesPort(), runDir)) !== undefined, 'run.json records the session');
  assert.equal(existsSync(join(runDir, 'agent', 'droid-settings.json')), false, 'the settings file holding the key is removed after the attempt');
  for (const file of allFiles(runDir)) assert.ok(!readFileSync(file, 'utf8').includes(KEY), `${file} does not hold the key`);
}

/**
 * The subagents droid offers the model: droid 0.225.2 lists them in a system reminder of the first user message ("Available
 * subagents for the Task tool are listed below", one `- name: description` line each), not in the Task tool's schema.
 */
function subagentCatalog(request: ChatRequestRecord): string {
  const parts = (request.body?.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? (m.content as { text?: unknown }[]) : [{ text: m.content }]));
  const text = parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('\n');
  const start = text.indexOf('Available subagents for the Task tool');
  assert.ok(start >= 0, 'droid sent its subagent catalog');
  return text.slice(start, text.indexOf('</system-reminder>', start));
}

/** With LWC_CAPTURE_DROID_STREAMS=<dir>, keeps droid's stdout for refreshing test/fixtures/agent-streams/droid/real-*.jsonl. */
function captureStream(runDir: string, name: string): void {
  const dir = process.env['LWC_CAPTURE_DROID_STREAMS'];
  if (dir) copyFileSync(join(runDir, 'attempt-1.stdout.log'), join(dir, name));
}

/**
 * droid tried nothing but its model: no Factory service, no telemetry, and not the image's context7 MCP server either
 * (its ~/.factory/mcp.json is out of sight under the backend's FACTORY_HOME_OVERRIDE).
 */
function assertAirgapped(server: FakeChatAgentServer): void {
  const targets = [...new Set(server.stray.map((s) => s.target))];
  assert.ok(!targets.some((t) => /factory\.ai/.test(t)), `no Factory host was contacted: ${targets.join(', ')}`);
  assert.deepEqual(targets, [], 'nothing but the model, not even the image\'s MCP server (mcp.context7.com)');
}

if (dockerEngineAvailable('headless droid integration tests')) {
  describe('headless runs with the real droid exec against a loopback Chat Completions model (issue 6)', function () {
    this.timeout(20 * 60_000);
    const fixtures: RunFixture[] = [];
    const servers: FakeChatAgentServer[] = [];
    after(async () => {
      for (const s of servers) await s.close();
      for (const f of fixtures) {
        removeRepoImage(repoImageTag(f.repo.root));
        f.dispose();
      }
    });

    /** A repository whose container shares the host network, droid's egress routed through the fake server's refusals. */
    const setUp = async (final: ChatTurn): Promise<{ f: RunFixture; server: FakeChatAgentServer; run: () => Promise<RunHeadlessResult> }> => {
      const write = droidExecute(`printf 'written by droid\\n' > ${CHANGE_FILE}`);
      // No retry: the model asks for the tool call once and answers after the first tool result, so the run only gets its
      // file when droid's single Execute call worked (the image's procps keeps droid's watcher from SIGKILLing it).
      const server = await startFakeChatAgentServer({ beforeToolResult: write, afterToolResult: final });
      servers.push(server);
      const f = makeRunRepo({ config: '[code]\ndocker_run_args = ["--network=host"]\nforward_env = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"]\n' });
      fixtures.push(f);
      const proxy = `http://${server.hostPort}`;
      const env = f.env({ OPENROUTER_API_KEY: KEY, HTTPS_PROXY: proxy, HTTP_PROXY: proxy, NO_PROXY: '127.0.0.1,localhost' });
      const run = async (): Promise<RunHeadlessResult> => runHeadless({ ...f.deps(env), runFiles: createHeadlessRunFiles() }, {
        repoRoot: f.repo.root, plan: await f.plan(), agent: 'droid', maxAttempts: 1, timeoutMs: 5 * 60_000, promptSource: 'templates', processEnv: env,
        // OpenRouter's alias id, leading ~ and all: droid must pass it to the model verbatim (issue 10 item 13).
        model: '~anthropic/claude-sonnet-latest', provider: { name: 'fake', baseUrl: server.baseUrl, apiKeyEnv: 'OPENROUTER_API_KEY' },
        allowDangerousRunArgs: async (findings) => findings.every((x) => /network/.test(x.message)),
        acceptCredentials: true,
      });
      return { f, server, run };
    };

    it('droid exec runs the model\'s Execute call in the worktree and ends with a schema-valid result; the key reaches only the model and no run file', async () => {
      const expected = scriptedResult();
      const { f, server, run } = await setUp({ kind: 'content', text: JSON.stringify(expected) });
      const started = Date.now();
      const result = await run();
      const wall = Date.now() - started;
      const o = result.outcome;
      assert.ok(o.ok, `the run succeeds: ${JSON.stringify(o)}`);
      assert.deepEqual(CodingResultSchema.parse(o.result), expected);
      assert.deepEqual(resultOf(result.runDir), o, 'result.json holds the validated result');
      assert.equal(result.status, 'implemented');
      assert.equal(readFileSync(join(result.worktreePath, CHANGE_FILE), 'utf8'), 'written by droid\n', 'the tool call ran in the plan\'s worktree');

      const events = eventsOf(result.runDir);
      const kinds = events.map((e) => e.kind);
      for (const kind of ['started', 'command', 'message', 'usage', 'completed']) assert.ok(kinds.includes(kind), `events.jsonl has ${kind}: ${kinds.join(', ')}`);
      assert.ok(events.some((e) => e.kind === 'command' && e.status === 'started' && e.command === `printf 'written by droid\\n' > ${CHANGE_FILE}`), 'the Execute call is a command event');
      assert.ok(events.some((e) => e.kind === 'command' && e.status !== 'started' && e.command?.startsWith('Execute call_')), 'its tool_result is the command\'s end');
      assert.ok(kinds.indexOf('started') < kinds.indexOf('command') && kinds.lastIndexOf('completed') === kinds.length - 1, `order: ${kinds.join(', ')}`);

      // The model saw our prompt with the schema instructions, the tool result, and the key — and nothing else did.
      // Exactly two turns: one Execute call, and it succeeded the first time (droid 0.225.2 SIGKILLed about half of them
      // while the image had no `ps`, see docker/droid/Dockerfile).
      assert.deepEqual(server.requests.map((r) => r.answeredWith), ['tool-call', 'content']);
      assert.match(lastToolResult(server.requests.at(-1)!) ?? '', /^Command completed successfully\n\n\[Process exited with code 0\]/, 'the single Execute call succeeded');
      for (const r of server.requests) {
        assert.equal(r.headers.authorization, `Bearer ${KEY}`);
        assert.equal(r.body?.model, '~anthropic/claude-sonnet-latest');
        assert.equal(r.body?.stream, true);
      }
      const firstPrompt = requestText(server.requests[0]!);
      assert.ok(firstPrompt.includes(schemaInstructions(toStrictJsonSchema(CodingResultSchema))), 'the prompt carries the strict schema instructions');
      assert.match(firstPrompt, /Add a greeting function/, 'and the plan');
      assertAirgapped(server);
      // What droid itself offers the model as subagents: the review droids the prompt tells it to run are among them,
      // although its home is the fresh FACTORY_HOME_OVERRIDE rather than the image's (where the run's droids are mounted).
      const catalog = subagentCatalog(server.requests[0]!);
      for (const reviewer of ['code-review-auditor', 'plan-alignment-checker']) assert.match(catalog, new RegExp(`^- ${reviewer}: `, 'm'), `droid lists ${reviewer} as a subagent:\n${catalog}`);

      const session = await readRunOutcome(createWorktreeFilesPort(), result.runDir);
      // Reported, not asserted (no timed assertions).
      const t = session?.timings;
      console.log(`      real droid headless run: ${wall} ms wall (prepare ${t?.prepareMs} ms, images ${t?.imagesMs} ms, droid container ${t?.sessionMs} ms; ${server.requests.length} model turns)`);
      assert.deepEqual(session?.command.slice(0, 2), ['sh', '-c'], 'droid starts through the shell that copies the review droids into its home');
      assert.deepEqual(session?.command.slice(6, 10), ['droid', 'exec', '-o', 'stream-json']);
      assert.ok(session?.command.join(' ').includes('--settings /tmp/lw_coder/agent/droid-settings.json -m custom:~anthropic/claude-sonnet-latest'), session?.command.join(' '));
      await assertCompleteRunDir(result.runDir);
      assert.deepEqual(containersOfRepo(f.repo.root), [], 'the container is removed');
      captureStream(result.runDir, 'real-success.jsonl');
    });

    it('real droid failure shapes: prose instead of JSON is invalid-json, a provider 401 is an auth failure with droid\'s message; each leaves a complete run directory', async () => {
      const prose = await setUp({ kind: 'content', text: 'I wrote the file. Everything went fine!' });
      const bad = await prose.run();
      assert.ok(!bad.outcome.ok && bad.outcome.kind === 'invalid-json', JSON.stringify(bad.outcome));
      assert.match(bad.outcome.reasons.join('\n'), /not a JSON object \(it starts: "I wrote the file/);
      assert.deepEqual(resultOf(bad.runDir), bad.outcome);
      assert.equal(bad.status, 'coding');
      assert.ok(existsSync(join(bad.worktreePath, CHANGE_FILE)), 'the tool call still ran');
      await assertCompleteRunDir(bad.runDir);
      assertAirgapped(prose.server);
      captureStream(bad.runDir, 'real-prose.jsonl');

      const refused = await setUp({ kind: 'status', status: 401, message: 'Invalid API key for fake-model' });
      const failed = await refused.run();
      assert.ok(!failed.outcome.ok && failed.outcome.kind === 'auth', JSON.stringify(failed.outcome));
      assert.match(failed.outcome.reasons.join('\n'), /agent: 401 Invalid API key for fake-model \(agent_loop\).*check the API key/);
      const session = await readRunOutcome(createWorktreeFilesPort(), failed.runDir);
      assert.equal(session?.exitCode, 1, 'droid exits 1');
      assert.ok(eventsOf(failed.runDir).some((e) => e.kind === 'failed'), 'events.jsonl has the failure');
      await assertCompleteRunDir(failed.runDir);
      captureStream(failed.runDir, 'real-401.jsonl');
      assert.deepEqual([...containersOfRepo(prose.f.repo.root), ...containersOfRepo(refused.f.repo.root)], []);
    });
  });
}
