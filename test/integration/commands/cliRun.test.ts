import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCommand } from '../../../src/app/commands/run';
import type { SessionRecord } from '../../../src/core/commands/types';
import { lwc, lwcProcess } from '../../support/cli';
import { makeRepo, type TestRepo } from '../../support/git';
import { commandOf, shell } from '../../support/commandDefs';
import { depsFor } from './support';

describe('lwc cmd run|resume, lwc session list|show', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-cmd-cli-');
  });
  afterEach(() => repo.dispose());

  const failing = async (): Promise<SessionRecord> =>
    runCommand({ repoRoot: repo.root, command: commandOf({ name: 'gate', arguments: [{ name: 'who', description: '', required: true, type: 'string' }], steps: [shell('hello', 'echo "hello $LWC_ARG_WHO"'), shell('gate', '[ -f open ]')] }), args: { who: 'cli' }, deps: depsFor(repo.root) });

  it('usage errors exit 2: no command name, an argument that is not key=value, an unknown command', async () => {
    const none = await lwc(['cmd', 'run'], { cwd: repo.root });
    assert.equal(none.code, 2);
    const bad = await lwc(['cmd', 'run', 'build', 'oops'], { cwd: repo.root });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'oops' is not key=value/);
    const unknown = await lwc(['cmd', 'run', 'nope', 'a=b'], { cwd: repo.root });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no command named 'nope'/);
  });

  it('session list and show print the sessions (text and --json); a malformed id exits 2, an unknown one 1', async () => {
    const record = await failing();
    const list = await lwc(['session', 'list'], { cwd: join(repo.root) });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^${record.id}  failed +gate  1/2 steps completed$`, 'm'));
    const listJson = JSON.parse((await lwc(['session', 'list', '--json'], { cwd: repo.root })).stdout) as SessionRecord[];
    assert.deepEqual(listJson.map((s) => s.id), [record.id]);
    const show = await lwc(['session', 'show', record.id], { cwd: repo.root });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /Arguments who="cli"/);
    assert.match(show.stdout, /2\. \[main\] gate: FAILED \(exit 1\)/);
    const showJson = JSON.parse((await lwc(['session', 'show', record.id, '--json'], { cwd: repo.root })).stdout) as SessionRecord;
    assert.equal(showJson.status, 'failed');
    assert.equal((await lwc(['session', 'show', '../../etc'], { cwd: repo.root })).code, 2);
    assert.equal((await lwc(['session', 'show', '20990101T000000000Z-abcdef'], { cwd: repo.root })).code, 1);
  });

  it('cmd resume: exit 1 while the session still fails, 0 once it completes, 2 for a completed session', async () => {
    const record = await failing();
    const still = await lwc(['cmd', 'resume', record.id], { cwd: repo.root });
    assert.equal(still.code, 1);
    assert.match(still.stderr, /resume: +lwc cmd resume/);
    repo.write('open', '');
    const done = await lwc(['cmd', 'resume', record.id, '--json'], { cwd: repo.root });
    assert.equal(done.code, 0, done.stderr);
    const final = JSON.parse(done.stdout) as SessionRecord;
    assert.equal(final.status, 'completed');
    assert.equal(final.stepHistory.filter((s) => s.name === 'hello').length, 1, 'hello ran once');
    const again = await lwc(['cmd', 'resume', record.id], { cwd: repo.root });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /nothing to resume/);
  });
});

describe('lwc cmd run as a process (the bundled CLI)', () => {
  it('exits 2 for a usage error thrown in its own bundle', () => {
    const repo = makeRepo('lwc-cmd-cli-');
    try {
      const r = lwcProcess(['cmd', 'run', 'nope'], { cwd: repo.root });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /no command named 'nope'/);
    } finally {
      repo.dispose();
    }
  });
});
