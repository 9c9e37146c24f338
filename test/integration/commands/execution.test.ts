import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { resumeSession, runCommand } from '../../../src/app/commands/run';
import { CommandRunError } from '../../../src/app/commands/runTypes';
import { makeRepo, type TestRepo } from '../../support/git';
import { commandOf, shell, step } from '../../support/commandDefs';
import { depsFor, processGone, sessionFileOf } from './support';

describe('commands: timeouts, cancellation, resume and argument values', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-cmd-');
  });
  afterEach(() => repo.dispose());

  it("a step's timeout kills its whole process group, background children included, and fails the session", async () => {
    const command = commandOf({
      name: 'hangs',
      steps: [shell('sleeper', 'sleep 300 & echo $! > child.pid; echo started; wait', { timeoutSeconds: 1 })],
      cleanupOnFailure: [shell('after', 'touch cleaned')],
    });
    const record = await runCommand({ repoRoot: repo.root, command, args: {}, deps: depsFor(repo.root) });
    assert.equal(record.status, 'failed');
    assert.match(record.error ?? '', /timed out after 1 s; its process group was killed/);
    const pid = Number(readFileSync(join(repo.root, 'child.pid'), 'utf8'));
    assert.ok(pid > 0 && processGone(pid), `the background child ${pid} must be gone`);
    assert.ok(existsSync(join(repo.root, 'cleaned')));
  });

  it("the command's whole timeout stops a step that has none of its own", async () => {
    const command = commandOf({ name: 'budget', timeoutSeconds: 1, steps: [shell('long', 'sleep 300 & echo $! > child.pid; wait')] });
    const record = await runCommand({ repoRoot: repo.root, command, args: {}, deps: depsFor(repo.root) });
    assert.equal(record.status, 'failed');
    assert.match(record.error ?? '', /command's timeout \(1 s\) ran out during step 'long'/);
    assert.ok(processGone(Number(readFileSync(join(repo.root, 'child.pid'), 'utf8'))));
  });

  it('an abort cancels the session (the step group is killed), and resume finishes it without rerunning completed steps', async () => {
    const controller = new AbortController();
    const command = commandOf({
      name: 'cancel-me',
      steps: [shell('one', 'echo ran >> one.txt'), shell('two', 'if [ -f go ]; then echo done > two.txt; else sleep 300 & echo $! > child.pid; echo waiting; wait; fi')],
    });
    const record = await runCommand({
      repoRoot: repo.root,
      command,
      args: {},
      deps: depsFor(repo.root),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'output' && e.text.includes('waiting')) controller.abort();
      },
    });
    assert.equal(record.status, 'cancelled');
    assert.deepEqual(record.stepHistory.map((s) => [s.name, s.status]), [['one', 'completed'], ['two', 'cancelled']]);
    assert.ok(processGone(Number(readFileSync(join(repo.root, 'child.pid'), 'utf8'))));
    repo.write('go', '');
    const resumed = await resumeSession(repo.root, record.id, { deps: depsFor(repo.root) });
    assert.equal(resumed.status, 'completed', resumed.error);
    assert.equal(readFileSync(join(repo.root, 'one.txt'), 'utf8'), 'ran\n', 'step one ran once');
    assert.equal(readFileSync(join(repo.root, 'two.txt'), 'utf8'), 'done\n');
    assert.deepEqual(resumed.stepHistory.map((s) => [s.name, s.status]), [['one', 'completed'], ['two', 'cancelled'], ['two', 'completed']]);
    assert.equal(sessionFileOf(repo.root, record.id).status, 'completed');
  });

  it('resume reruns a failed session from its first unfinished step with the same arguments and shared data', async () => {
    const command = commandOf({
      name: 'resumable',
      arguments: [{ name: 'target', description: '', required: true, type: 'string' }],
      steps: [
        shell('count', 'echo x >> count.txt; echo "::set token=abc"'),
        shell('needs-fix', '[ -f fixed ]'),
        shell('use', 'printf "%s %s" "$LWC_ARG_TARGET" "$LWC_SHARED_TOKEN" > used.txt'),
      ],
      cleanupOnFailure: [shell('cleanup', 'echo c >> cleanups.txt')],
    });
    const first = await runCommand({ repoRoot: repo.root, command, args: { target: 'prod' }, deps: depsFor(repo.root) });
    assert.equal(first.status, 'failed');
    repo.write('fixed', '');
    const resumed = await resumeSession(repo.root, first.id, { deps: depsFor(repo.root) });
    assert.equal(resumed.status, 'completed', resumed.error);
    assert.equal(resumed.id, first.id);
    assert.equal(readFileSync(join(repo.root, 'count.txt'), 'utf8'), 'x\n');
    assert.equal(readFileSync(join(repo.root, 'used.txt'), 'utf8'), 'prod abc');
    assert.deepEqual(resumed.stepHistory.map((s) => `${s.phase}:${s.name}:${s.status}`), ['main:count:completed', 'main:needs-fix:failed', 'cleanup:cleanup:completed', 'main:needs-fix:completed', 'main:use:completed']);
    await assert.rejects(resumeSession(repo.root, first.id, { deps: depsFor(repo.root) }), (e: unknown) => e instanceof CommandRunError && e.code === 'not-resumable');
    await assert.rejects(resumeSession(repo.root, '20990101T000000000Z-abcdef', { deps: depsFor(repo.root) }), (e: unknown) => e instanceof CommandRunError && e.code === 'unknown-session');
  });

  it('an argument value full of shell syntax reaches shell and script steps verbatim and runs nothing', async () => {
    const marker = `/tmp/pwned-${randomBytes(6).toString('hex')}`;
    const value = `$(touch ${marker}); rm -rf ~ \`touch ${marker}\` '"`;
    repo.commit({ 'scripts/echo-arg.sh': '#!/bin/sh\nprintf "%s" "$1" > from-script.txt\n' });
    chmodSync(join(repo.root, 'scripts/echo-arg.sh'), 0o755);
    const command = commandOf({
      name: 'inject',
      arguments: [{ name: 'title', description: '', required: true, type: 'string' }],
      steps: [
        shell('env', 'printf "%s" "$LWC_ARG_TITLE" > from-env.txt'),
        shell('positional', 'printf "%s" "$1" > from-positional.txt', { args: ['{{ args.title }}'] }),
        step('script', 'script', 'scripts/echo-arg.sh', { args: ['{{ args.title }}'] }),
      ],
    });
    const deps = depsFor(repo.root);
    const record = await runCommand({ repoRoot: repo.root, command, args: { title: value }, deps });
    try {
      assert.equal(record.status, 'completed', record.error);
      for (const file of ['from-env.txt', 'from-positional.txt', 'from-script.txt']) assert.equal(readFileSync(join(repo.root, file), 'utf8'), value, file);
      assert.equal(existsSync(marker), false, 'the command substitution never ran');
      assert.ok(existsSync(deps.processEnv.HOME!), 'HOME is still there');
      assert.equal(record.arguments.title, value);
    } finally {
      rmSync(marker, { force: true });
    }
  });
});
