import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionRecord } from '../../../src/core/commands/types';
import { lwc } from '../../support/cli';
import { GIT_TEST_ENV, makeRepo, type TestRepo } from '../../support/git';

/**
 * Issue 14's acceptance from the user's side: a command written as YAML in .lw_coder/commands, run with `lwc cmd run`
 * (the CLI in-process, as every CLI test runs it) on a real repository through the worktree lifecycle, its session
 * and artifacts on disk, cleanup_on_failure after a failing step, and `lwc cmd resume` finishing it once the cause is
 * fixed without running the completed steps again.
 */

const SHIP = `name: ship
description: Write the topic in a fresh worktree, then wait for the gate
arguments:
  - name: topic
    description: What the change is about
    required: true
  - name: mode
    type: choice
    choices: [fast, careful]
    default: fast
environment:
  SHIP_ENV: from-yaml
pre_steps:
  - validate-prerequisites
steps:
  - create-worktree
  - name: write
    type: shell
    action: printf '%s\\n' "$LWC_ARG_TOPIC" > topic.txt && echo ran >> "$LWC_ARTIFACT_DIR/write-runs" && echo "::set mode_seen=$LWC_ARG_MODE"
  - name: argv
    type: script
    action: scripts/argv.sh
    args: ["{{ args.topic }}", "{{ shared.mode_seen }}"]
  - name: gate
    type: shell
    action: test -f "$LWC_PROJECT/gate-open" || { echo "gate closed for $SHIP_ENV" >&2; exit 3; }
post_steps:
  - store-artifacts
cleanup_on_failure:
  - name: note
    type: shell
    action: echo "cleaned after $LWC_SESSION_ID" > "$LWC_ARTIFACT_DIR/cleanup.txt"
`;

/** Prints each argument on a line of its own, so the test sees exactly what reached the process. */
const ARGV = '#!/bin/sh\nfor a in "$@"; do printf \'<%s>\\n\' "$a"; done > "$LWC_ARTIFACT_DIR/argv.txt"\n';

describe('lwc cmd run|resume of a YAML command through the worktree lifecycle (issue 14 acceptance)', () => {
  let repo: TestRepo;
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    repo = makeRepo('lwc-cmd-yaml-');
    repo.commit({ '.lw_coder/commands/ship.yaml': SHIP, 'scripts/argv.sh': ARGV });
    repo.git('update-index', '--chmod=+x', 'scripts/argv.sh');
    repo.git('commit', '-qm', 'executable');
    home = mkdtempSync(join(tmpdir(), 'lwc-cmd-yaml-home-'));
    env = { ...GIT_TEST_ENV, HOME: home };
  });
  afterEach(() => {
    repo.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  const sessionsDir = (): string => join(repo.root, '.lw_coder', 'sessions');
  const sessionIds = (): string[] => (existsSync(sessionsDir()) ? readdirSync(sessionsDir()) : []);
  const branches = (): string[] => repo.git('branch', '--format=%(refname:short)').split('\n');

  it('fails at the gate (cleanup runs, worktree kept, history on disk), then resume completes it without rerunning what completed', async () => {
    const run = await lwc(['cmd', 'run', 'ship', 'topic=login page', 'mode=careful'], { cwd: repo.root, env });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /<== \[5\] gate: FAILED/);
    assert.match(run.stderr, /resume: +lwc cmd resume (\S+)/);
    const id = /resume: +lwc cmd resume (\S+)/.exec(run.stderr)![1]!;
    assert.deepEqual(sessionIds(), [id]);

    const dir = join(sessionsDir(), id);
    const failed = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as SessionRecord;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.command, 'ship');
    assert.deepEqual(failed.arguments, { topic: 'login page', mode: 'careful' });
    assert.equal(failed.lifecycle, 'worktree');
    assert.match(failed.branch ?? '', /^lwc\/ship-\d{8}T\d{6}$/);
    assert.ok(branches().includes(failed.branch!), 'the branch exists');
    assert.deepEqual(failed.stepHistory.map((s) => [s.phase, s.name, s.status]), [
      ['pre', 'validate-prerequisites', 'completed'],
      ['main', 'create-worktree', 'completed'],
      ['main', 'write', 'completed'],
      ['main', 'argv', 'completed'],
      ['main', 'gate', 'failed'],
      ['cleanup', 'note', 'completed'],
    ]);
    const gate = failed.stepHistory.find((s) => s.name === 'gate')!;
    assert.equal(gate.exitCode, 3);
    assert.match(gate.outputTail ?? '', /gate closed for from-yaml/, "the command's environment reached the step");
    assert.equal(failed.sharedData.mode_seen, 'careful', 'a ::set line became shared data');
    // Every step's output is in its own log in the artifact directory.
    const logs = readdirSync(join(failed.artifactDir, 'logs')).sort();
    for (const name of ['validate-prerequisites', 'create-worktree', 'write', 'argv', 'gate', 'note']) assert.ok(logs.some((l) => new RegExp(`^step-\\d+-${name}\\.log$`).test(l)), `a log for ${name}: ${logs.join(', ')}`);
    assert.match(readFileSync(join(failed.artifactDir, 'logs', logs.find((l) => l.endsWith('-gate.log'))!), 'utf8'), /gate closed for from-yaml/);
    assert.equal(readFileSync(join(failed.artifactDir, 'cleanup.txt'), 'utf8'), `cleaned after ${id}\n`, 'cleanup_on_failure ran');
    assert.equal(readFileSync(join(failed.artifactDir, 'argv.txt'), 'utf8'), '<login page>\n<careful>\n', 'placeholders in args reach the script as whole arguments');
    // The work happened in the worktree, which is kept because the session failed; the checkout is untouched.
    assert.equal(readFileSync(join(failed.worktreePath!, 'topic.txt'), 'utf8'), 'login page\n');
    assert.equal(existsSync(join(repo.root, 'topic.txt')), false);

    // Fix the cause, resume: only the gate (and the post step) run now.
    repo.write('gate-open', '');
    const resumed = await lwc(['cmd', 'resume', id, '--json'], { cwd: repo.root, env });
    assert.equal(resumed.code, 0, resumed.stderr);
    const done = JSON.parse(resumed.stdout) as SessionRecord;
    assert.equal(done.status, 'completed', done.error);
    assert.equal(done.worktreePath, failed.worktreePath);
    assert.equal(readFileSync(join(done.artifactDir, 'write-runs'), 'utf8'), 'ran\n', 'write ran once');
    assert.equal(done.stepHistory.filter((s) => s.name === 'write').length, 1);
    assert.deepEqual(done.stepHistory.filter((s) => s.name === 'gate').map((s) => s.status), ['failed', 'completed']);
    assert.equal(done.stepHistory.at(-1)?.name, 'store-artifacts');
    const onDisk = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as SessionRecord;
    assert.equal(onDisk.status, 'completed');
    const manifest = JSON.parse(readFileSync(join(done.artifactDir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    assert.ok(manifest.files.some((f) => f.path === 'cleanup.txt'), 'store-artifacts listed the artifacts');
    assert.ok(existsSync(done.worktreePath!), 'kept: topic.txt is an uncommitted change');

    // session list/show read the same record.
    const list = await lwc(['session', 'list'], { cwd: repo.root, env });
    assert.match(list.stdout, new RegExp(`^${id}  completed +ship`, 'm'));
  });

  it('--dry-run prints the resolved steps, lifecycle, environment names and working directory, and creates nothing', async () => {
    const before = branches();
    const dry = await lwc(['cmd', 'run', 'ship', 'topic=x', '--dry-run'], { cwd: repo.root, env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^Command ship \(dry run: nothing runs\)$/m);
    assert.match(dry.stdout, /^Lifecycle: +worktree \(new worktree on branch lwc\/ship-\d{8}T\d{6}\)$/m);
    assert.match(dry.stdout, new RegExp(`^Working directory: +${repo.root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.lw_coder/worktrees/cmd-<session id>$`, 'm'));
    assert.match(dry.stdout, /^Arguments: +topic="x" mode="fast"$/m);
    assert.match(dry.stdout, /^Environment names: +SHIP_ENV LWC_SESSION_ID .* LWC_ARG_TOPIC LWC_ARG_MODE LWC_SHARED_\*$/m);
    assert.match(dry.stdout, /^ +1\. \[pre\] validate-prerequisites \(builtin: validate-prerequisites\)$/m);
    assert.match(dry.stdout, /^ +4\. \[main\] argv \(script: scripts\/argv\.sh \["x","\{\{ shared\.mode_seen \}\}"\]\)$/m);
    assert.match(dry.stdout, /^On failure:\n +7\. \[cleanup\] note \(shell: /m);
    const json = JSON.parse((await lwc(['cmd', 'run', 'ship', 'topic=x', '--dry-run', '--json'], { cwd: repo.root, env })).stdout) as { lifecycle: string; steps: unknown[] };
    assert.equal(json.lifecycle, 'worktree');
    assert.equal(json.steps.length, 6);
    assert.deepEqual(sessionIds(), [], 'no session');
    assert.deepEqual(branches(), before, 'no branch');
    assert.equal(existsSync(join(repo.root, '.lw_coder', 'worktrees')), false, 'no worktree');
  });

  it('a bad argument exits 2 naming the command file, the argument and the fix, and creates no session', async () => {
    const before = branches();
    const bad = await lwc(['cmd', 'run', 'ship', 'topic=x', 'mode=reckless'], { cwd: repo.root, env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\.lw_coder\/commands\/ship\.yaml:\d+:\d+: error: Argument 'mode' must be one of fast, careful, got 'reckless'\.\n +fix: Give one of: mode=fast, mode=careful\./);
    const missing = await lwc(['cmd', 'run', 'ship'], { cwd: repo.root, env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /\.lw_coder\/commands\/ship\.yaml:\d+:\d+: error: Argument 'topic' is required \(What the change is about\)\./);
    const unknown = await lwc(['cmd', 'run', 'ship', 'topic=x', 'colour=red'], { cwd: repo.root, env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /ship\.yaml: error: Command 'ship' has no argument 'colour'\.\n +fix: Its arguments: topic, mode\./);
    assert.deepEqual(sessionIds(), [], 'no session');
    assert.deepEqual(branches(), before, 'no branch');
  });

  it('an argument value that is shell syntax reaches the steps verbatim and runs nothing', async () => {
    const marker = join(tmpdir(), `pwned-${randomBytes(6).toString('hex')}`);
    const value = `$(touch ${marker}); rm -rf ~`;
    repo.write('gate-open', '');
    const run = await lwc(['cmd', 'run', 'ship', `topic=${value}`, '--json'], { cwd: repo.root, env });
    assert.equal(run.code, 0, run.stderr);
    const record = JSON.parse(run.stdout) as SessionRecord;
    assert.equal(record.status, 'completed', record.error);
    assert.equal(readFileSync(join(record.worktreePath!, 'topic.txt'), 'utf8'), `${value}\n`, 'the shell step saw the value as data');
    assert.equal(readFileSync(join(record.artifactDir, 'argv.txt'), 'utf8'), `<${value}>\n<fast>\n`, 'the script got it as one argument');
    assert.equal(record.arguments.topic, value);
    assert.equal(existsSync(marker), false, 'the command substitution never ran');
    assert.ok(existsSync(home), 'HOME is still there');
  });
});
