import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, symlinkSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../../src/app/commands/run';
import { CommandRunError } from '../../../src/app/commands/runTypes';
import { makeRepo, type TestRepo } from '../../support/git';
import { builtin, commandOf, shell, step } from '../../support/commandDefs';
import { depsFor, sessionFileOf } from './support';

describe('commands: standard lifecycle, sessions and shared data', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-cmd-');
  });
  afterEach(() => repo.dispose());

  it('runs pre → main → post in the project, records every step in session.json and streams each step to its log', async () => {
    const command = commandOf({
      name: 'hello',
      preSteps: [shell('first', 'echo one >> order.txt; pwd > where.txt')],
      steps: [shell('second', 'echo two >> order.txt; echo to-stderr >&2')],
      postSteps: [shell('third', 'echo three >> order.txt')],
    });
    const events: string[] = [];
    const record = await runCommand({ repoRoot: repo.root, command, args: {}, deps: depsFor(repo.root), onEvent: (e) => events.push(e.kind) });
    assert.equal(record.status, 'completed', record.error);
    assert.equal(readFileSync(join(repo.root, 'order.txt'), 'utf8'), 'one\ntwo\nthree\n');
    assert.equal(readFileSync(join(repo.root, 'where.txt'), 'utf8').trim(), record.projectPath);
    assert.deepEqual(record.stepHistory.map((s) => [s.phase, s.index, s.name, s.status, s.exitCode]), [
      ['pre', 1, 'first', 'completed', 0],
      ['main', 2, 'second', 'completed', 0],
      ['post', 3, 'third', 'completed', 0],
    ]);
    assert.deepEqual(sessionFileOf(repo.root, record.id), JSON.parse(JSON.stringify(record)));
    assert.equal(record.artifactDir, join(record.projectPath, '.lw_coder', 'sessions', record.id, 'artifacts'));
    assert.equal(readFileSync(join(record.artifactDir, 'logs', 'step-2-second.log'), 'utf8'), 'to-stderr\n');
    assert.ok(events.includes('step-start') && events.includes('step-end') && events.includes('output'));
  });

  it('passes shared data between steps (::set lines and $LWC_OUTPUT) and gives steps LWC_SESSION_ID, LWC_ARTIFACT_DIR and LWC_WORKTREE', async () => {
    const command = commandOf({
      name: 'share',
      steps: [
        shell('produce', 'echo "::set greeting=hello world"; printf "other=from-file\\nmulti<<END\\nline 1\\nline 2\\nEND\\n" > "$LWC_OUTPUT"'),
        shell('consume', 'printf "%s|%s|%s|%s|%s|%s" "$LWC_SHARED_GREETING" "$LWC_SHARED_OTHER" "$LWC_SHARED_MULTI" "$LWC_SESSION_ID" "$LWC_ARTIFACT_DIR" "$LWC_WORKTREE" > shared.txt'),
        shell('only-when-hello', 'touch when-ran', { when: "shared.greeting == 'hello world'" }),
        shell('never', 'touch never-ran', { when: 'shared.greeting != "hello world"' }),
      ],
    });
    const record = await runCommand({ repoRoot: repo.root, command, args: {}, deps: depsFor(repo.root) });
    assert.equal(record.status, 'completed', record.error);
    const [greeting, other, multi, id, artifacts, worktree] = readFileSync(join(repo.root, 'shared.txt'), 'utf8').split('|');
    assert.deepEqual([greeting, other, multi, id, artifacts, worktree], ['hello world', 'from-file', 'line 1\nline 2', record.id, record.artifactDir, record.projectPath]);
    assert.deepEqual(record.sharedData, { greeting: 'hello world', other: 'from-file', multi: 'line 1\nline 2' });
    assert.ok(existsSync(join(repo.root, 'when-ran')));
    assert.equal(existsSync(join(repo.root, 'never-ran')), false);
    assert.equal(record.stepHistory.find((s) => s.name === 'never')?.status, 'skipped');
  });

  it('on a failure runs cleanup_on_failure, records it and fails the session with the step error; later steps do not run', async () => {
    const command = commandOf({
      name: 'breaks',
      steps: [shell('ok', 'true'), shell('boom', 'echo broken >&2; exit 3'), shell('after', 'touch after-ran')],
      postSteps: [shell('post', 'touch post-ran')],
      cleanupOnFailure: [shell('undo', 'touch cleaned'), builtin('cleanup')],
    });
    const record = await runCommand({ repoRoot: repo.root, command, args: {}, deps: depsFor(repo.root) });
    assert.equal(record.status, 'failed');
    assert.match(record.error ?? '', /step 'boom' failed: step 'boom' exited with 3/);
    assert.deepEqual(record.stepHistory.map((s) => [s.phase, s.name, s.status]), [
      ['main', 'ok', 'completed'],
      ['main', 'boom', 'failed'],
      ['cleanup', 'undo', 'completed'],
      ['cleanup', 'cleanup', 'completed'],
    ]);
    assert.equal(record.stepHistory[1]!.exitCode, 3);
    assert.match(record.stepHistory[1]!.outputTail ?? '', /broken/);
    assert.ok(existsSync(join(repo.root, 'cleaned')));
    assert.equal(existsSync(join(repo.root, 'after-ran')) || existsSync(join(repo.root, 'post-ran')), false);
    assert.deepEqual(sessionFileOf(repo.root, record.id).status, 'failed');
  });

  it('retries a failing step (attempts recorded) and goes on past a continue_on_error step', async () => {
    const command = commandOf({
      name: 'flaky',
      steps: [
        shell('flaky', 'echo x >> tries; [ $(wc -l < tries) -ge 3 ]', { retry: { count: 3, delaySeconds: 0 } }),
        shell('tolerated', 'exit 1', { continueOnError: true }),
        shell('last', 'touch last-ran'),
      ],
    });
    const record = await runCommand({ repoRoot: repo.root, command, args: {}, deps: depsFor(repo.root) });
    assert.equal(record.status, 'completed', record.error);
    assert.deepEqual(record.stepHistory.map((s) => [s.name, s.status, s.attempts]), [['flaky', 'completed', 3], ['tolerated', 'failed', 1], ['last', 'completed', 1]]);
    assert.match(readFileSync(join(record.artifactDir, 'logs', 'step-1-flaky.log'), 'utf8'), /attempt 3 of 4/);
  });

  it('refuses bad arguments before anything runs (no session is created)', async () => {
    const command = commandOf({ name: 'typed', arguments: [{ name: 'count', description: '', required: true, type: 'number' }], steps: [shell('s', 'touch ran')] });
    await assert.rejects(runCommand({ repoRoot: repo.root, command, args: { count: 'many' }, deps: depsFor(repo.root) }), (e: unknown) => e instanceof CommandRunError && e.code === 'arguments' && /must be a number/.test(e.message));
    assert.equal(existsSync(join(repo.root, '.lw_coder', 'sessions')), false);
    assert.equal(existsSync(join(repo.root, 'ran')), false);
  });

  it('refuses a .lw_coder/sessions symlink that leads out of the repository, writing nothing there', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'lwc-outside-'));
    try {
      mkdirSync(join(repo.root, '.lw_coder'));
      symlinkSync(outside, join(repo.root, '.lw_coder', 'sessions'));
      const command = commandOf({ name: 'x', steps: [shell('s', 'touch ran')] });
      await assert.rejects(runCommand({ repoRoot: repo.root, command, args: {}, deps: depsFor(repo.root) }), /outside the repository/);
      assert.equal(existsSync(join(repo.root, 'ran')), false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('runs in working_directory, and fails the session when it leads out of the repository', async () => {
    repo.write('sub/keep', '');
    const inside = await runCommand({ repoRoot: repo.root, command: commandOf({ name: 'wd', workingDirectory: 'sub', steps: [shell('s', 'pwd > here')] }), args: {}, deps: depsFor(repo.root) });
    assert.equal(inside.status, 'completed', inside.error);
    assert.ok(existsSync(join(repo.root, 'sub', 'here')));
    const out = await runCommand({ repoRoot: repo.root, command: commandOf({ name: 'wd', workingDirectory: '..', steps: [shell('s', 'touch ran')] }), args: {}, deps: depsFor(repo.root) });
    assert.equal(out.status, 'failed');
    assert.match(out.error ?? '', /outside/);
    assert.equal(out.stepHistory.length, 0);
  });
});

describe('commands: a step that throws', () => {
  it('fails that step (not the whole run) and still runs cleanup_on_failure', async () => {
    const repo = makeRepo('lwc-cmd-');
    try {
      const command = commandOf({ name: 'agentless', steps: [step('agent', 'agent', 'missing.md')], cleanupOnFailure: [shell('undo', 'touch cleaned')] });
      const deps = depsFor(repo.root, { runAgent: async () => { throw new Error('the credentials gate refused'); } });
      const record = await runCommand({ repoRoot: repo.root, command: { ...command, lifecycle: 'worktree' }, args: {}, deps });
      assert.equal(record.status, 'failed');
      assert.match(record.error ?? '', /does not exist/);
      repo.commit({ 'missing.md': 'prompt' });
      const thrown = await runCommand({ repoRoot: repo.root, command: { ...command, lifecycle: 'worktree' }, args: {}, deps });
      assert.equal(thrown.status, 'failed');
      assert.match(thrown.error ?? '', /the credentials gate refused/);
      assert.deepEqual(thrown.stepHistory.map((s) => `${s.phase}:${s.name}:${s.status}`), ['main:agent:failed', 'cleanup:undo:completed']);
      assert.ok(existsSync(join(thrown.worktreePath!, 'cleaned')), 'cleanup ran in the kept worktree');
    } finally {
      repo.dispose();
    }
  });
});
