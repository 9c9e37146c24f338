import assert from 'node:assert/strict';
import { briefLine, buildFleetStatus, shortDuration, type FleetStatusInput } from '../../../src/core/fleet/statusModel';
import { parseSupervisorFile, supervisorLiveness, type SupervisorState } from '../../../src/core/fleet/supervisorState';
import { fleetWorkerId, parseFleetWorkerId, workerProvablyDead } from '../../../src/core/fleet/workerId';

const state = (over: Partial<SupervisorState> = {}): SupervisorState => ({
  version: 1, pid: 4242, hostname: 'box', state: 'running', startedAt: '2026-01-05T09:00:00.000Z', heartbeatAt: '2026-01-05T09:10:00.000Z',
  heartbeatMs: 2000, workersWanted: 2, untilEmpty: false, leaseMs: 300_000,
  workers: [
    { name: 'w1', id: 'w1@box:4242', state: 'running', planId: 'add-login', plan: '.lw_coder/tasks/add-login.md', branch: 'add-login', container: 'lwc-add-login-x', startedAt: '2026-01-05T09:08:00.000Z' },
    { name: 'w2', id: 'w2@box:4242', state: 'idle' },
  ],
  ...over,
});

describe('fleet worker ids', () => {
  it('carry the supervisor host and pid, and parse back', () => {
    const id = fleetWorkerId({ index: 3, hostname: 'build-7.example', pid: 41233 });
    assert.equal(id, 'w3@build-7.example:41233');
    assert.deepEqual(parseFleetWorkerId(id), { index: 3, hostname: 'build-7.example', pid: 41233 });
    assert.equal(parseFleetWorkerId('bob'), undefined);
    assert.equal(parseFleetWorkerId('w0@box:1'), undefined);
  });

  it('prove a worker dead only on its own host, when its pid is gone and is not ours', () => {
    const here = { hostname: 'box', pid: 10, isAlive: (pid: number) => pid === 20 };
    assert.equal(workerProvablyDead('w1@box:30', here), true);
    assert.equal(workerProvablyDead('w1@box:20', here), false, 'alive');
    assert.equal(workerProvablyDead('w1@other:30', here), false, 'another host: only its lease can tell');
    assert.equal(workerProvablyDead('bob', here), false, 'not a fleet worker');
  });
});

describe('supervisor.json', () => {
  it('round-trips and names the bad field of a hand-edited file with the repair', () => {
    const good = parseSupervisorFile(JSON.stringify(state()), 'supervisor.json');
    assert.ok(good.ok);
    const bad = parseSupervisorFile(JSON.stringify({ ...state(), pid: 'x' }), 'supervisor.json');
    assert.ok(!bad.ok && /supervisor\.json: pid: .*Fix: stop any `lwc up` of this repository, then delete supervisor\.json/.test(bad.error), JSON.stringify(bad));
    const torn = parseSupervisorFile('{"version":1,', 'supervisor.json');
    assert.ok(!torn.ok && /is not JSON/.test(torn.error));
  });

  it('is alive or stale by pid on its own host, by heartbeat age on another, and stopped when it says so', () => {
    const now = Date.parse('2026-01-05T09:10:05.000Z');
    assert.equal(supervisorLiveness(undefined, { hostname: 'box', isAlive: () => true, nowMs: now }).kind, 'none');
    assert.equal(supervisorLiveness(state(), { hostname: 'box', isAlive: () => true, nowMs: now }).kind, 'alive');
    const dead = supervisorLiveness(state(), { hostname: 'box', isAlive: () => false, nowMs: now });
    assert.ok(dead.kind === 'stale' && /process 4242 on box is gone/.test(dead.why));
    assert.equal(supervisorLiveness(state(), { hostname: 'elsewhere', isAlive: () => false, nowMs: now }).kind, 'alive', '5 s old heartbeat');
    const late = supervisorLiveness(state(), { hostname: 'elsewhere', isAlive: () => false, nowMs: now + 60_000 });
    assert.ok(late.kind === 'stale' && /last heartbeat was 65 s ago/.test(late.why));
    assert.equal(supervisorLiveness(state({ state: 'stopped' }), { hostname: 'box', isAlive: () => false, nowMs: now }).kind, 'stopped');
  });
});

describe('fleet status model', () => {
  const input = (over: Partial<FleetStatusInput> = {}): FleetStatusInput => ({
    repository: '/repo',
    nowMs: Date.parse('2026-01-05T09:20:00.000Z'),
    liveness: { kind: 'alive', state: state() },
    tasks: { ready: 5, claimed: 2, blocked: 1, done: 12, failed: 1, total: 21 },
    queue: { version: 0, tasks: [], ready: [], blocked: [] },
    planFiles: new Map(),
    host: { branch: 'main', head: 'a'.repeat(40) },
    branches: [],
    docker: { state: 'running', version: '27.3.1' },
    ...over,
  });

  it('gives each worker its task, plan, branch, container and duration', () => {
    const s = buildFleetStatus(input());
    assert.deepEqual(s.workers[0], { name: 'w1', state: 'running', task: 'add-login', plan: '.lw_coder/tasks/add-login.md', branch: 'add-login', container: 'lwc-add-login-x', startedAt: '2026-01-05T09:08:00.000Z', durationMs: 12 * 60_000 });
    assert.deepEqual(s.workers[1], { name: 'w2', state: 'idle' });
    assert.equal(s.services.supervisor, 'alive');
    assert.equal(s.supervisor.state, 'running');
  });

  it('marks a dead supervisor\'s workers stale and shows none when no supervisor ever ran', () => {
    const stale = buildFleetStatus(input({ liveness: { kind: 'stale', state: state(), why: 'its process 4242 on box is gone' } }));
    assert.deepEqual(stale.workers.map((w) => w.state), ['stale', 'stale']);
    assert.equal(stale.supervisor.state, 'stale');
    assert.deepEqual(buildFleetStatus(input({ liveness: { kind: 'none' } })).workers, []);
  });

  it('says it in one line like isollm\'s --brief', () => {
    assert.equal(briefLine(buildFleetStatus(input())), 'workers: 1 running, 1 idle | tasks: 5 ready, 2 in progress, 1 blocked, 12 done, 1 failed | supervisor: ● running | docker: ● 27.3.1');
    assert.equal(
      briefLine(buildFleetStatus(input({ liveness: { kind: 'none' }, docker: { state: 'unavailable', error: 'not running' } }))),
      'workers: none | tasks: 5 ready, 2 in progress, 1 blocked, 12 done, 1 failed | supervisor: ○ none | docker: ○ unavailable',
    );
  });

  it('prints durations as a dashboard does', () => {
    assert.deepEqual([40_000, 12 * 60_000, 65 * 60_000].map(shortDuration), ['40s', '12m', '1h05m']);
  });
});
