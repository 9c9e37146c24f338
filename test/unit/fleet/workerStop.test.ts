import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleetStateFiles, fleetStateDirOf } from '../../../src/adapters/fleet/fleetStateFiles';
import { parseSupervisorFile, type SupervisorState } from '../../../src/core/fleet/supervisorState';
import { describeWorkerStop, findRunningWorker, parseWorkerStopRequest, workerOfStopFile, workerStopFileName } from '../../../src/core/fleet/workerStop';

const state = (workers: SupervisorState['workers']): SupervisorState => ({
  version: 1, pid: 4242, hostname: 'box', state: 'running', startedAt: '2026-01-05T09:00:00.000Z', heartbeatAt: '2026-01-05T09:10:00.000Z',
  heartbeatMs: 2000, workersWanted: workers.length, untilEmpty: false, leaseMs: 300_000, workers,
});

const three = state([
  { name: 'w1', id: 'w1@box:4242', state: 'running', planId: 'add-login' },
  { name: 'w2', id: 'w2@box:4242', state: 'idle' },
  { name: 'w3', id: 'w3@box:4242', state: 'stopped', stop: { requestedAt: 'x', by: 'lwc down --worker', planId: 'fix-typo', work: 'salvaged', ref: 'refs/lw-coder/salvage/fix-typo/20260105T091000.000Z', released: true } },
]);

describe('stopping one fleet worker', () => {
  it('finds a running worker by its short name or by the full name it claims under', () => {
    const byName = findRunningWorker(three, 'w1');
    assert.ok(byName.ok);
    assert.equal(byName.worker.planId, 'add-login');
    const byId = findRunningWorker(three, ' w2@box:4242 ');
    assert.ok(byId.ok);
    assert.equal(byId.worker.name, 'w2');
  });

  it('refuses an unknown or an already stopped worker with an error that lists the running ones', () => {
    assert.deepEqual(findRunningWorker(three, 'w7'), { ok: false, error: "The supervisor (process 4242 on box) has no worker 'w7'. Running workers: w1 (running, add-login), w2 (idle)." });
    assert.deepEqual(findRunningWorker(three, 'w3'), { ok: false, error: 'Worker w3 is already stopped. Running workers: w1 (running, add-login), w2 (idle).' });
    const none = state([{ name: 'w1', id: 'w1@box:4242', state: 'stopped' }]);
    assert.deepEqual(findRunningWorker(none, 'w2'), { ok: false, error: "The supervisor (process 4242 on box) has no worker 'w2'. No worker is running." });
  });

  it('reads a request file; a torn or hand-written one still asks for a stop, with salvage', () => {
    assert.deepEqual(parseWorkerStopRequest('{"at":"t","by":"me","reason":"r","work":"discard"}'), { at: 't', by: 'me', reason: 'r', work: 'discard' });
    assert.deepEqual(parseWorkerStopRequest('{"at":"t","work":"DISCARD"}'), { at: 't', by: 'unknown', reason: 'stop requested', work: 'salvage' });
    assert.deepEqual(parseWorkerStopRequest('{"at'), { at: '', by: 'unknown', reason: 'stop requested (unreadable request file)', work: 'salvage' });
  });

  it('names request files by short name only, so a worker name can never reach outside the fleet folder', () => {
    assert.equal(workerStopFileName('w12'), 'stop-worker-w12.json');
    assert.throws(() => workerStopFileName('../w1'), /not a worker's short name/);
    assert.throws(() => workerStopFileName('w1@box:4242'), /not a worker's short name/);
    assert.equal(workerOfStopFile('stop-worker-w3.json'), 'w3');
    assert.equal(workerOfStopFile('stop-worker-w0.json'), undefined);
    assert.equal(workerOfStopFile('stop-request.json'), undefined);
  });

  it('says what the stop did, naming the salvage ref', () => {
    assert.equal(describeWorkerStop('w3', three.workers[2]!.stop!), 'w3 stopped; work of fix-typo saved to refs/lw-coder/salvage/fix-typo/20260105T091000.000Z; fix-typo back in the queue');
    assert.equal(describeWorkerStop('w2', { requestedAt: 'x', by: 'b', work: 'idle', released: false }), 'w2 stopped; it had no task');
    assert.equal(describeWorkerStop('w1', { requestedAt: 'x', by: 'b', planId: 'p', work: 'failed', error: 'disk full', released: true }), 'w1 stopped; the work of p could NOT be saved: disk full; p back in the queue');
  });

  it('keeps the stop record in supervisor.json, and rejects a record that is not one', () => {
    const parsed = parseSupervisorFile(JSON.stringify(three), 'supervisor.json');
    assert.ok(parsed.ok);
    assert.equal(parsed.state.workers[2]!.stop?.ref, 'refs/lw-coder/salvage/fix-typo/20260105T091000.000Z');
    const bad = JSON.parse(JSON.stringify(three)) as { workers: { stop?: { work: string } }[] };
    bad.workers[2]!.stop!.work = 'lost';
    const refused = parseSupervisorFile(JSON.stringify(bad), 'supervisor.json');
    assert.ok(!refused.ok);
    assert.match(refused.error, /^supervisor\.json: workers\.2\.stop\.work: /);
  });

  describe('request files on disk', () => {
    let root: string;
    beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'lwc-worker-stop-'))));
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('are written per worker, listed by worker, and cleared one by one or all together, leaving the whole-fleet request alone', async () => {
      const files = createFleetStateFiles(root);
      assert.equal((await files.workerStopRequests()).size, 0, 'no fleet folder yet: no requests');
      await files.requestWorkerStop('w1', { at: 'a1', by: 'me', reason: 'r', work: 'salvage' });
      await files.requestWorkerStop('w2', { at: 'a2', by: 'you', reason: 'r', work: 'discard' });
      await files.requestStop({ at: 'all', by: 'lwc down', reason: 'lwc down' });
      const dir = fleetStateDirOf(root);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'stop-worker-w3.json'), 'garbage');
      const asked = await files.workerStopRequests();
      assert.deepEqual([...asked.entries()].sort(), [
        ['w1', { at: 'a1', by: 'me', reason: 'r', work: 'salvage' }],
        ['w2', { at: 'a2', by: 'you', reason: 'r', work: 'discard' }],
        ['w3', { at: '', by: 'unknown', reason: 'stop requested (unreadable request file)', work: 'salvage' }],
      ]);
      await files.clearWorkerStopRequests('w2');
      assert.deepEqual([...(await files.workerStopRequests()).keys()].sort(), ['w1', 'w3']);
      await files.clearWorkerStopRequests();
      assert.equal((await files.workerStopRequests()).size, 0);
      assert.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('.')), ['stop-request.json']);
    });
  });
});
