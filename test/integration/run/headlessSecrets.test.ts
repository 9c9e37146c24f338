import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createHeadlessRunFiles } from '../../../src/adapters/session/headlessFiles';
import { EVENTS_FILE, RESULT_FILE, runHeadless } from '../../../src/app/run/runHeadless';
import { REDACTED } from '../../../src/core/env/redact';
import { SECRET_MARKER_FILE } from '../../../src/core/runs/agentSecrets';
import { CLI_BUNDLE, ensureBuilt, lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, suiteFixtures, until } from './support';

/**
 * Issue 10 item 5, secrets at rest: what a headless agent prints goes through the redactor before it reaches
 * events.jsonl, the attempt logs and result.json; a per-attempt key file left by a killed CLI is removed by `lwc recover`.
 */
const PROVIDER_KEY = 'sk-test-provider-key-5f0e1d2c3b4a';
const FORWARDED_KEY = 'sk-or-v1-forwarded-key-a1b2c3d4e5f6';


const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));

if (dockerEngineAvailable('headless secrets integration tests')) {
  describe('secrets at rest in headless runs (issue 10 item 5)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex', 'droid'] });

    it('an agent that prints its key and a forwarded key leaves only the redacted form in events.jsonl, the attempt logs and result.json', async () => {
      const f = make();
      const env = f.env({ LWC_TEST_PROVIDER_KEY: PROVIDER_KEY, OPENROUTER_API_KEY: FORWARDED_KEY });
      // A stand-in codex that leaks both keys on stdout (as events: a message, a command's output, a failure) and stderr.
      const leaky = [
        'echo \'{"type":"thread.started","thread_id":"leaky"}\'',
        'printf \'{"type":"item.completed","item":{"type":"agent_message","text":"my key is %s"}}\\n\' "$LWC_TEST_PROVIDER_KEY"',
        'printf \'{"type":"item.completed","item":{"type":"command_execution","command":"env","exit_code":0,"aggregated_output":"OPENROUTER_API_KEY=%s"}}\\n\' "$OPENROUTER_API_KEY"',
        'printf \'{"type":"turn.failed","error":{"message":"upstream rejected %s"}}\\n\' "$LWC_TEST_PROVIDER_KEY"',
        'echo "stderr says $LWC_TEST_PROVIDER_KEY and $OPENROUTER_API_KEY" >&2',
      ].join('\n');
      const result = await runHeadless({ ...f.deps(env), runFiles: createHeadlessRunFiles() }, {
        repoRoot: f.repo.root, plan: await f.plan(), agent: 'codex', maxAttempts: 1, promptSource: 'templates', processEnv: env, agentCommandOverride: leaky,
        model: 'fake-model', provider: { name: 'loopback', baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'LWC_TEST_PROVIDER_KEY' },
        acceptCredentials: true,
      });
      assert.ok(!result.outcome.ok);
      const events = readFileSync(join(result.runDir, EVENTS_FILE), 'utf8');
      assert.ok(events.includes(`my key is ${REDACTED}`), events);
      assert.ok(events.includes(`OPENROUTER_API_KEY=${REDACTED}`), 'a forwarded secret is redacted too');
      const stderr = readFileSync(join(result.runDir, 'attempt-1.stderr.log'), 'utf8');
      assert.equal(stderr.trim().split('\n').pop(), `stderr says ${REDACTED} and ${REDACTED}`);
      assert.ok(readFileSync(join(result.runDir, 'attempt-1.stdout.log'), 'utf8').includes(`my key is ${REDACTED}`));
      assert.match(readFileSync(join(result.runDir, RESULT_FILE), 'utf8'), /upstream rejected \[REDACTED\]/);
      assert.ok(!JSON.stringify(result.outcome).includes(PROVIDER_KEY), 'nor in what the run returns');
      for (const file of filesUnder(result.runDir)) {
        const text = readFileSync(file, 'utf8');
        assert.ok(!text.includes(PROVIDER_KEY) && !text.includes(FORWARDED_KEY), `${file} holds a key`);
      }
    });

    it('a CLI killed during an attempt leaves droid\'s key file behind; lwc recover removes it (and the container) but keeps a live attempt\'s', async () => {
      const f = make();
      const env = f.env({ OPENROUTER_API_KEY: FORWARDED_KEY });
      ensureBuilt();
      // droid with a model on the default provider (OpenRouter): the key goes into a per-attempt settings file.
      const child = spawn(process.execPath, [CLI_BUNDLE, 'code', f.planId, '--headless', '--agent', 'droid', '--model', 'fake/model', '--templates', '--accept-credentials', '--agent-command', 'exec sleep 600'], { cwd: f.repo.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      const runsOfPlan = join(f.repo.root, '.lw_coder', 'runs', f.planId);
      let keyFile = '';
      try {
        keyFile = await until(`the key file and the container (${out})`, () => {
          const runs = existsSync(runsOfPlan) ? readdirSync(runsOfPlan) : [];
          const file = runs.map((r) => join(runsOfPlan, r, 'agent', 'droid-settings.json')).find((p) => existsSync(p));
          return file && containersOfRepo(f.repo.root).length > 0 ? file : undefined;
        });
        child.kill('SIGKILL');
        await exited;
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      const agentDir = join(keyFile, '..');
      assert.ok(readFileSync(keyFile, 'utf8').includes(FORWARDED_KEY), 'the killed CLI left the key on disk');
      assert.ok(existsSync(join(agentDir, SECRET_MARKER_FILE)));

      // Another attempt, of a process that still runs on this host, must keep its key file.
      const liveDir = join(runsOfPlan, '20990101T000000.000Z', 'agent');
      mkdirSync(liveDir, { recursive: true });
      writeFileSync(join(liveDir, 'droid-settings.json'), '{"apiKey":"live"}\n');
      writeFileSync(join(liveDir, SECRET_MARKER_FILE), JSON.stringify({ version: 1, pid: process.pid, hostname: hostname(), files: ['droid-settings.json'] }));

      const r = await lwc(['recover'], { cwd: f.repo.root, env });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /Removed container lwc-sample-plan-/);
      assert.ok(r.stdout.includes(`Removed ${keyFile}, a key file left by a headless attempt whose process died`), r.stdout);
      assert.ok(r.stdout.includes(`Left ${join(liveDir, 'droid-settings.json')} alone`), r.stdout);
      assert.equal(existsSync(keyFile), false);
      assert.equal(existsSync(join(agentDir, SECRET_MARKER_FILE)), false);
      assert.ok(existsSync(join(liveDir, 'droid-settings.json')), 'a live attempt keeps its key file');
      assert.deepEqual(containersOfRepo(f.repo.root), []);
      const json = await lwc(['recover', '--json'], { cwd: f.repo.root, env });
      assert.deepEqual((JSON.parse(json.stdout) as { secretFiles?: { removed: string[] } }).secretFiles?.removed, [], 'nothing left to remove');
    });
  });
}
