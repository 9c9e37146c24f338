import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lwc } from '../../support/cli';
import { makeRunRepo, type RunFixture } from '../run/support';
import { addPlans, enqueue } from './support';

describe('lwc status without a running fleet (issue 12)', () => {
  let f: RunFixture;
  before(async () => {
    f = makeRunRepo({ planId: 'first' });
    addPlans(f, ['second', 'third']);
    await enqueue(f.repo.root, ['first', 'second']);
    await enqueue(f.repo.root, ['third'], ['second']);
  });
  after(() => f.dispose());

  it('the full view has the dashboard\'s sections: workers, tasks, sync and services', async () => {
    const r = await lwc(['status'], { cwd: f.repo.root, env: f.env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^lwc fleet: .+\n═+\n\nWorkers \(0 running\):\n {2}\(none: the fleet is not running; `lwc up` starts it\)\n/);
    assert.match(r.stdout, /\nTasks:\n {2}Ready: {8}2\n {2}In progress: {2}0\n {2}Blocked: {6}1\n {2}Done: {9}0\n {2}Failed: {7}0\n/);
    assert.match(r.stdout, new RegExp(`\\nSync:\\n {2}Host: main at ${f.repo.git('rev-parse', 'HEAD').slice(0, 12)}\\n {2}Task branches: 0\\n`));
    assert.match(r.stdout, /\nSupervisor: ○ not running\nDocker: {5}[●○] /);
  });

  it('a hand-edited supervisor.json is named as a problem with its repair, and the rest still prints', async () => {
    const dir = join(f.repo.root, '.lw_coder', 'state', 'fleet');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'supervisor.json'), '{"version": 1, "pid": "not a pid"}');
    const r = await lwc(['status', '--json'], { cwd: f.repo.root, env: f.env() });
    assert.equal(r.code, 0, r.stderr);
    const model = JSON.parse(r.stdout) as { problems: string[]; tasks: { ready: number; blocked: number }; supervisor: { state: string } };
    assert.equal(model.problems.length, 1);
    assert.match(model.problems[0]!, /supervisor\.json: .*Fix: stop any `lwc up` of this repository, then delete .*supervisor\.json/);
    assert.deepEqual([model.tasks.ready, model.tasks.blocked], [2, 1]);
    assert.equal(model.supervisor.state, 'none');
  });

  it('--brief and --json together is a usage error', async () => {
    const r = await lwc(['status', '--brief', '--json'], { cwd: f.repo.root, env: f.env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /choose one of --brief and --json/);
  });
});
