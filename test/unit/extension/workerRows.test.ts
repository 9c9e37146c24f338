import assert from 'node:assert/strict';
import { queueViewOf, type FleetQueueView } from '../../../src/core/fleet/queueView';
import { buildFleetStatus, type FleetStatus } from '../../../src/core/fleet/statusModel';
import type { SupervisorLiveness, SupervisorState } from '../../../src/core/fleet/supervisorState';
import { addTasks, blockedReasons, claimNext, fail, readyTasks } from '../../../src/core/queue/rules';
import { EMPTY_QUEUE, type QueueState } from '../../../src/core/queue/types';
import { editorFailureOf } from '../../../src/extension/editorFailures';
import { rowItem, statusBarText, workerTreeRows, type WorkerRow } from '../../../src/extension/workers/rows';
import { QueueError } from '../../../src/core/queue/types';

const NOW = Date.parse('2026-01-05T09:20:00.000Z');

function queue(): QueueState {
  let s = addTasks(EMPTY_QUEUE, { planIds: ['api', 'docs', 'login'], by: 't' }, NOW).state;
  s = addTasks(s, { planIds: ['deploy'], after: ['login'], priority: 0, by: 't' }, NOW).state;
  s = addTasks(s, { planIds: ['urgent'], priority: 0, by: 't' }, NOW).state;
  s = claimNext(s, 'w1@box:42', 600_000, NOW).state; // urgent
  s = claimNext(s, 'w2@box:42', 600_000, NOW).state; // api
  s = fail(s, 'api', { worker: 'w2@box:42', reason: 'agent exited 1' }, NOW).state;
  return s;
}

const inputOf = (s: QueueState) => ({ version: s.version, tasks: s.tasks, ready: readyTasks(s).map((t) => t.planId), blocked: blockedReasons(s) });
const viewOf = (s: QueueState): FleetQueueView => queueViewOf(inputOf(s), NOW);

const supervisor = (over: Partial<SupervisorState> = {}): SupervisorState => ({
  version: 1, pid: 42, hostname: 'box', state: 'running', startedAt: '2026-01-05T09:00:00.000Z', heartbeatAt: '2026-01-05T09:19:58.000Z',
  heartbeatMs: 2000, workersWanted: 3, untilEmpty: false, leaseMs: 600_000,
  workers: [
    { name: 'w1', id: 'w1@box:42', state: 'running', planId: 'urgent', plan: '.lw_coder/tasks/urgent.md', branch: 'urgent', runDir: '/repo/.lw_coder/runs/urgent/20260105_091800', startedAt: '2026-01-05T09:18:00.000Z' },
    { name: 'w2', id: 'w2@box:42', state: 'idle' },
    { name: 'w3', id: 'w3@box:42', state: 'preparing', planId: 'docs', startedAt: '2026-01-05T09:19:50.000Z' },
  ],
  ...over,
});

function status(liveness: SupervisorLiveness = { kind: 'alive', state: supervisor() }, q: QueueState = queue()): FleetStatus {
  const v = viewOf(q);
  const count = (g: string) => v.tasks.filter((t) => t.group === g).length;
  return buildFleetStatus({
    repository: '/repo', nowMs: NOW, liveness,
    tasks: { ready: count('ready'), claimed: count('inProgress'), blocked: count('blocked'), done: count('done'), failed: count('failed'), total: v.tasks.length },
    queue: inputOf(q), planFiles: new Map(), host: {}, branches: [], docker: { state: 'unchecked' },
  });
}

const drawn = (rows: readonly WorkerRow[], now = NOW): string[] => rows.flatMap((r) => {
  const item = rowItem(r, now);
  const line = `${item.label} — ${item.description}`;
  return r.kind === 'group' || r.kind === 'folder' ? [line, ...drawn(r.children, now).map((l) => `  ${l}`)] : [line];
});

describe('Workers view rows', () => {
  it('shows the supervisor, each worker with state, task and elapsed time, then the queue by group', () => {
    assert.deepEqual(drawn(workerTreeRows([{ folderName: 'repo', status: status() }])), [
      'Supervisor — running · 2/3 busy',
      'w1 — running · urgent · 2m',
      'w2 — idle',
      'w3 — preparing · docs · 10s',
      'Ready — 2',
      '  docs — P2',
      '  login — P2',
      'In progress — 1',
      '  urgent — P0 · w1',
      'Blocked — 1',
      '  deploy — waits for login',
      'Failed — 1',
      '  api — agent exited 1',
    ]);
  });

  it('ticks the elapsed time at draw time without changing the rows themselves', () => {
    const rows = workerTreeRows([{ folderName: 'repo', status: status() }]);
    const again = workerTreeRows([{ folderName: 'repo', status: status() }]);
    assert.equal(JSON.stringify(rows), JSON.stringify(again));
    assert.equal(rowItem(rows[1]!, NOW + 65 * 60_000).description, 'running · urgent · 1h07m');
  });

  it('gives menus a context value per kind and state, and a codicon per worker state', () => {
    const rows = workerTreeRows([{ folderName: 'repo', status: status() }]);
    const w1 = rows[1]!;
    assert.ok(w1.kind === 'worker');
    assert.equal(w1.contextValue, 'worker;running;task;run');
    assert.equal(w1.worker.runDir, '/repo/.lw_coder/runs/urgent/20260105_091800');
    assert.equal(w1.worker.worktree, '/repo/.lw_coder/worktrees/urgent');
    assert.equal(rowItem(rows[2]!, NOW).contextValue, 'worker;idle');
    assert.deepEqual([1, 2, 3].map((i) => rowItem(rows[i]!, NOW).icon), ['sync~spin', 'circle-large-outline', 'loading~spin']);
    const failed = rows.find((r) => r.kind === 'group' && r.group === 'failed');
    assert.ok(failed?.kind === 'group');
    assert.equal(rowItem(failed.children[0]!, NOW).contextValue, 'task;failed');
  });

  it('marks a dead supervisor and its workers stale', () => {
    const rows = workerTreeRows([{ folderName: 'repo', status: status({ kind: 'stale', state: supervisor(), why: 'its process 42 on box is gone' }) }]);
    assert.deepEqual(drawn(rows).slice(0, 2), ['Supervisor — stale', 'w1 — stale · urgent']);
    assert.equal(rowItem(rows[1]!, NOW).icon, 'warning');
  });

  it('is empty (so the welcome content shows) while no queue has a task and no fleet runs', () => {
    assert.deepEqual(workerTreeRows([{ folderName: 'repo', status: status({ kind: 'none' }, EMPTY_QUEUE) }]), []);
    assert.deepEqual(workerTreeRows([{ folderName: 'repo', status: status({ kind: 'stopped', state: supervisor({ state: 'stopped' }) }, EMPTY_QUEUE) }]), []);
    assert.notDeepEqual(workerTreeRows([{ folderName: 'repo', status: status({ kind: 'none' }) }]), []);
  });

  it('puts each repository under a folder row when several have fleet state, with ids that do not collide', () => {
    const rows = workerTreeRows([{ folderName: 'one', status: status() }, { folderName: 'two', status: { ...status(), repository: '/other' } }]);
    assert.deepEqual(rows.map((r) => `${r.kind}:${r.label}`), ['folder:one', 'folder:two']);
    const ids = drawn(rows).length;
    const all: string[] = [];
    const walk = (rs: readonly WorkerRow[]): void => rs.forEach((r) => { all.push(r.id); if (r.kind === 'folder' || r.kind === 'group') walk(r.children); });
    walk(rows);
    assert.equal(new Set(all).size, ids);
  });
});

describe('the fleet status bar text', () => {
  it('reads busy/workers · ready tasks while a fleet runs, and nothing otherwise', () => {
    assert.equal(statusBarText([status()]), '$(server-process) 2/3 · 2 queued');
    assert.equal(statusBarText([status({ kind: 'stopped', state: supervisor({ state: 'stopped' }) })]), undefined);
    assert.equal(statusBarText([status({ kind: 'stale', state: supervisor(), why: 'gone' })]), undefined);
    assert.equal(statusBarText([]), undefined);
  });
});

describe('queue failures in the editor', () => {
  it('name the Workers view and the editor actions instead of lwc commands', () => {
    const unknown = new QueueError('unknown-task', "No task 'x' in the queue. `lwc task list` shows the queue; `lwc task add x` adds a ready plan.");
    const f = editorFailureOf(unknown, false);
    assert.equal(f.expected, true);
    assert.equal(f.message, "No task 'x' in the queue. The Workers view shows the queue; Add to Queue (on the plan in the Plans view) adds a ready plan.");
    const again = editorFailureOf(new QueueError('already-queued', 'Already in the queue: x (failed). `lwc task show <plan_id>` shows it; `lwc task retry` reopens a failed one.'), false);
    assert.doesNotMatch(again.message, /lwc|--/);
  });
});
