import { strict as assert } from 'node:assert';
import { createFleetDeps } from '../../../src/adapters/fleet/fleetDeps';
import { fleetStatus } from '../../../src/app/fleet/status';
import type { FleetDeps } from '../../../src/app/fleet/types';
import { makeRunRepo, type RunFixture } from '../run/support';
import { addPlans, enqueue, queueOf } from './support';
import { claimNext, failTask } from '../../../src/app/fleet/queue';

/** A port whose every method records its name and throws: what the files-only status must never call. */
function tripwire<T extends object>(name: string, calls: string[]): T {
  return new Proxy({} as T, { get: (_t, key) => () => { calls.push(`${name}.${String(key)}`); throw new Error(`${name}.${String(key)} called`); } });
}

describe('fleet status for the Workers view (issue 13): files only', () => {
  let f: RunFixture;
  before(async () => {
    f = makeRunRepo({ planId: 'first' });
    addPlans(f, ['second', 'third', 'fourth']);
    await enqueue(f.repo.root, ['first', 'second']);
    await enqueue(f.repo.root, ['third'], ['second']);
    await enqueue(f.repo.root, ['fourth']);
    await claimNext(queueOf(f.repo.root), { worker: 'w1@elsewhere:1', leaseMs: 60_000 });
    await claimNext(queueOf(f.repo.root), { worker: 'w2@elsewhere:1', leaseMs: 60_000 });
    await failTask(queueOf(f.repo.root), 'second', { worker: 'w2@elsewhere:1', reason: 'the agent gave up' });
  });
  after(() => f.dispose());

  it('reads the queue rows and the supervisor without running git or asking the engine', async () => {
    const calls: string[] = [];
    const real = createFleetDeps(f.repo.root, { env: f.env() });
    const deps: FleetDeps = { ...real, run: { ...real.run, engine: tripwire('engine', calls), worktree: { ...real.run.worktree, git: tripwire('git', calls) } } };
    const status = await fleetStatus(deps, f.repo.root, { sync: false });
    assert.deepEqual(calls, []);
    assert.deepEqual(status.queue.tasks.map((t) => `${t.group}:${t.planId}`), ['ready:fourth', 'inProgress:first', 'blocked:third', 'failed:second']);
    assert.deepEqual(status.queue.tasks.find((t) => t.planId === 'third')?.waitsFor, [{ planId: 'second', state: 'failed' }]);
    assert.equal(status.queue.tasks.find((t) => t.planId === 'second')?.lastReason, 'the agent gave up');
    assert.equal(status.services.docker.state, 'unchecked');
    assert.deepEqual(status.sync.branches, []);
    assert.deepEqual(status.problems, []);
  });

  it('the full status carries the same queue rows next to the sync section', async () => {
    const full = await fleetStatus(createFleetDeps(f.repo.root, { env: f.env() }), f.repo.root);
    const light = await fleetStatus(createFleetDeps(f.repo.root, { env: f.env() }), f.repo.root, { sync: false });
    const rows = (s: typeof full) => s.queue.tasks.map((t) => ({ ...t, durationMs: undefined }));
    assert.deepEqual(rows(full), rows(light));
    assert.equal(full.sync.hostBranch, 'main');
    assert.notEqual(full.services.docker.state, 'unchecked');
  });
});
