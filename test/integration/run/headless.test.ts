import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHeadlessRunFiles } from '../../../src/adapters/session/headlessFiles';
import { readRunOutcome } from '../../../src/app/run/runPlanOutcome';
import { EVENTS_FILE, RESULT_FILE, runHeadless } from '../../../src/app/run/runHeadless';
import type { RunHeadlessResult } from '../../../src/app/run/runHeadlessTypes';
import { createWorktreeFilesPort } from '../../../src/adapters/state/worktreeFiles';
import { CodingResultSchema } from '../../../src/core/agent/result';
import { lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, eventsOf, resultOf, runDirIn, standIn, suiteFixtures, valueOf } from './support';

const CODEX = standIn('codex-standin.sh');
/** The stand-in codex in one of its shapes (see the script's header). */
const codexIn = (mode: string): string => `MODE=${mode}\n${CODEX}`;


/** Everything a finished run leaves, whatever its outcome: prompts, run.json with the session, events, result, logs. */
async function assertCompleteRunDir(runDir: string): Promise<void> {
  for (const file of ['prompts/main.md', 'prompts/headless.md', 'run.json', EVENTS_FILE, RESULT_FILE, 'attempt-1.stdout.log', 'attempt-1.stderr.log', 'agent/output-schema.json', 'agent/codex-home/config.toml']) {
    assert.ok(existsSync(join(runDir, file)), `${file} is in the run directory`);
  }
  assert.ok((await readRunOutcome(createWorktreeFilesPort(), runDir)) !== undefined, 'run.json records the session');
}

if (dockerEngineAvailable('headless run integration tests')) {
  describe('headless runs on the real engine with a stand-in codex (issue 6)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex', 'claude'] });

    it('lwc code --headless --agent codex --json: a retry after invalid JSON succeeds with exit 0, a schema-valid result, events.jsonl and the worktree change', async () => {
      const f = make();
      const r = await lwc(['code', f.planId, '--headless', '--agent', 'codex', '--json', '--templates', '--agent-command', codexIn('bad-then-ok')], { cwd: f.repo.root, env: f.env() });
      assert.equal(r.code, 0, r.stderr);
      const printed = CodingResultSchema.parse(JSON.parse(r.stdout));
      assert.equal(printed.implementation_summary, 'Added standin-change.txt');
      const runDir = runDirIn(r.stderr);
      const saved = resultOf(runDir);
      assert.ok(saved.ok, 'result.json says ok');
      assert.equal(saved.attempts, 2, 'the first attempt\'s invalid JSON was retried');
      assert.deepEqual(CodingResultSchema.parse(saved.result), printed);
      const events = eventsOf(runDir);
      assert.deepEqual(events.filter((e) => e.attempt === 2).map((e) => e.kind), ['started', 'file-change', 'message', 'usage', 'completed']);
      // Tagged so the fleet's status can price it per model (issue 13): no [headless] model, so the agent names it.
      const usage = events.filter((e) => e.kind === 'usage');
      assert.ok(usage.length > 0 && usage.every((e) => e.agent === 'codex' && e.model === undefined), JSON.stringify(usage));
      assert.ok(events.some((e) => e.attempt === 1 && e.kind === 'message' && e.text === 'I changed the file. All done!'));
      const stderr2 = readFileSync(join(runDir, 'attempt-2.stderr.log'), 'utf8');
      assert.equal(valueOf(stderr2, 'RETRY_PROMPT'), 'yes', 'the retry prompt says what went wrong');
      assert.equal(valueOf(stderr2, 'SCHEMA'), 'present', 'codex got its --output-schema file');
      assert.equal(valueOf(stderr2, 'CONFIG'), 'present', 'codex got its CODEX_HOME/config.toml');
      assert.ok(Number(valueOf(stderr2, 'PROMPT_CHARS')) > 100, 'the prompt arrived on stdin');
      assert.equal(valueOf(stderr2, 'HEADLESS_PROMPT'), 'yes', 'codex got the headless overrides with the review instructions inline');
      assert.match(readFileSync(join(runDir, 'prompts', 'headless.md'), 'utf8'), /## Headless run[\s\S]*### Review: plan-alignment-checker/, 'the run directory keeps what was sent');
      const worktree = join(f.repo.root, '.lw_coder', 'worktrees', f.planId);
      assert.match(readFileSync(join(worktree, 'standin-change.txt'), 'utf8'), /written by the stand-in codex/);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: implemented$/m);
      await assertCompleteRunDir(runDir);
      assert.equal(statSync(join(runDir, 'agent', 'codex-home', 'config.toml')).mode & 0o777, 0o644);
      assert.deepEqual(containersOfRepo(f.repo.root), [], 'every attempt\'s container is removed');
    });

    it('turn.failed with exit 0 is a failure: lwc exits 1 and --json prints { ok: false, reasons }', async () => {
      const f = make();
      const r = await lwc(['code', f.planId, '--headless', '--json', '--templates', '--agent-command', codexIn('turn-failed')], { cwd: f.repo.root, env: f.env() });
      assert.equal(r.code, 1, r.stderr);
      const printed = JSON.parse(r.stdout) as { ok: boolean; reasons: string[] };
      assert.equal(printed.ok, false);
      assert.match(printed.reasons.join('\n'), /failed turn \(despite exit code 0\).*stand-in model error: upstream overloaded/s);
      const runDir = runDirIn(r.stderr);
      const saved = resultOf(runDir);
      assert.ok(!saved.ok && saved.kind === 'agent-failed' && saved.attempts === 2, JSON.stringify(saved));
      await assertCompleteRunDir(runDir);
      assert.match(readFileSync(f.planPath, 'utf8'), /^status: coding$/m, 'a failed run leaves the plan coding');
    });

    it('no change, invalid JSON, schema mismatch and a hang past the timeout each fail with a clear reason and a complete run directory', async () => {
      const f = make();
      const run = async (mode: string, timeoutMs = 120_000): Promise<RunHeadlessResult> =>
        runHeadless({ ...f.deps(), runFiles: createHeadlessRunFiles() }, { repoRoot: f.repo.root, plan: await f.plan(), agent: 'codex', maxAttempts: 1, timeoutMs, promptSource: 'templates', processEnv: f.env(), agentCommandOverride: codexIn(mode) });
      // First, while the worktree is still clean: later shapes write a file. A clean exit that changed nothing puts
      // the plan back to its status from before (ready); a failure after a change, or a timeout, leaves it coding.
      const expectations: [string, string, RegExp, string, number?][] = [
        ['no-change', 'no-changes', /changed nothing in the worktree/, 'ready'],
        ['invalid-json', 'invalid-json', /not a JSON object \(it starts: "I changed the file/, 'coding'],
        ['schema-mismatch', 'schema-mismatch', /does not match the result schema.*step_results\.0\.status/s, 'coding'],
        ['hang', 'timeout', /did not finish before the timeout/, 'coding', 3000],
      ];
      for (const [mode, kind, reason, status, timeoutMs] of expectations) {
        const result = await run(mode, timeoutMs);
        const o = result.outcome;
        assert.ok(!o.ok, `${mode} fails`);
        assert.equal(o.kind, kind, `${mode}: ${o.reasons.join('; ')}`);
        assert.match(o.reasons.join('\n'), reason, mode);
        assert.deepEqual(resultOf(result.runDir), o, `${mode}: result.json holds the failure`);
        await assertCompleteRunDir(result.runDir);
        assert.ok(eventsOf(result.runDir).some((e) => e.kind === 'started'), `${mode}: events.jsonl has the stream`);
        assert.equal(result.status, status, mode);
        assert.match(readFileSync(f.planPath, 'utf8'), new RegExp(`^status: ${status}$`, 'm'), mode);
      }
      assert.deepEqual(containersOfRepo(f.repo.root), [], 'the hung container was stopped and removed');
    });

    it('a backend\'s secret file (droid\'s custom-model settings) is 0600 in the container, gone after the attempt, and the key is in no run file', async () => {
      const f = make();
      const key = 'sk-test-secret-7c1e';
      const env = f.env({ LWC_TEST_PROVIDER_KEY: key });
      // Finds droid's --settings file in its command line and reports its mode and whether it holds a key (by prefix: the
      // command line is recorded in run.json, so it must not spell the key out).
      const probe = 'while [ $# -gt 0 ]; do [ "$1" = --settings ] && s="$2"; shift; done\necho "MODE_BITS=$(stat -c %a "$s")" >&2\necho "HAS_KEY=$(grep -c sk-test-secret- "$s")" >&2';
      const result = await runHeadless({ ...f.deps(env), runFiles: createHeadlessRunFiles() }, {
        repoRoot: f.repo.root, plan: await f.plan(), agent: 'droid', maxAttempts: 1, promptSource: 'templates', processEnv: env, agentCommandOverride: probe,
        model: 'fake-model', provider: { name: 'loopback', baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'LWC_TEST_PROVIDER_KEY' },
        acceptCredentials: true,
      });
      assert.ok(!result.outcome.ok && result.outcome.kind === 'process', 'no completion event: a failure');
      const stderr = readFileSync(join(result.runDir, 'attempt-1.stderr.log'), 'utf8');
      assert.equal(valueOf(stderr, 'MODE_BITS'), '600');
      assert.equal(valueOf(stderr, 'HAS_KEY'), '1');
      assert.equal(existsSync(join(result.runDir, 'agent', 'droid-settings.json')), false, 'the secret file is removed after the attempt');
      assert.match(readFileSync(join(result.runDir, 'agent', 'prompt.md'), 'utf8'), /## Final answer/, 'droid gets the schema in its prompt');
      const all = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? all(join(dir, d.name)) : [join(dir, d.name)]));
      for (const file of all(result.runDir)) assert.ok(!readFileSync(file, 'utf8').includes(key), `${file} does not hold the key`);
    });

    it('claude on a custom provider gets the provider\'s key as ANTHROPIC_AUTH_TOKEN, an empty ANTHROPIC_API_KEY and the Anthropic base URL, in its own image', async () => {
      const f = make();
      const key = 'sk-test-claude-4b2d';
      const env = f.env({ LWC_TEST_PROVIDER_KEY: key });
      // Reports facts about the variables without spelling the key out (stderr is kept in the run directory).
      const probe = [
        'echo "TOKEN_SHA=$(printf %s "$ANTHROPIC_AUTH_TOKEN" | sha256sum | cut -d" " -f1)" >&2',
        'echo "API_KEY_SET=${ANTHROPIC_API_KEY+set}" >&2',
        'echo "API_KEY_EMPTY=$([ -z "$ANTHROPIC_API_KEY" ] && echo yes || echo no)" >&2',
        'echo "BASE_URL=$ANTHROPIC_BASE_URL" >&2',
        'echo "CLI=$1 VERSION=$(claude --version 2>/dev/null | cut -d" " -f1)" >&2',
      ].join('\n');
      const result = await runHeadless({ ...f.deps(env), runFiles: createHeadlessRunFiles() }, {
        repoRoot: f.repo.root, plan: await f.plan(), agent: 'claude', maxAttempts: 1, promptSource: 'templates', processEnv: env,
        agentCommandOverride: probe,
        model: 'anthropic/claude-sonnet-4.5', provider: { name: 'loopback', baseUrl: 'http://127.0.0.1:9/api/v1', apiKeyEnv: 'LWC_TEST_PROVIDER_KEY' },
        acceptCredentials: true,
      });
      assert.ok(!result.outcome.ok, 'the probe gives no answer: a failure');
      const stderr = readFileSync(join(result.runDir, 'attempt-1.stderr.log'), 'utf8');
      assert.equal(valueOf(stderr, 'TOKEN_SHA'), createHash('sha256').update(key).digest('hex'), stderr);
      assert.equal(valueOf(stderr, 'API_KEY_SET'), 'set');
      assert.equal(valueOf(stderr, 'API_KEY_EMPTY'), 'yes');
      assert.equal(valueOf(stderr, 'BASE_URL'), 'http://127.0.0.1:9/api');
      assert.match(stderr, /CLI=claude VERSION=\d+\.\d+\.\d+/, 'the claude image has the CLI');
      const all = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? all(join(dir, d.name)) : [join(dir, d.name)]));
      for (const file of all(result.runDir)) assert.ok(!readFileSync(file, 'utf8').includes(key), `${file} does not hold the key`);
    });
  });
}
