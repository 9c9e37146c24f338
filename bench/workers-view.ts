import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleetDeps } from '../src/adapters/fleet/fleetDeps';
import { fleetStatus } from '../src/app/fleet/status';
import { claimNext, completeTask, heartbeat } from '../src/app/fleet/queue';
import type { SupervisorWorker } from '../src/core/fleet/supervisorState';
import { fleetWorkerId } from '../src/core/fleet/workerId';
import { addDependency, addTasks } from '../src/core/queue/rules';
import { rowItem, statusBarText, workerTreeRows, type WorkerRow } from '../src/extension/workers/rows';
import { median, report, runIfMain } from './support';

const TASKS = 1000;
const WORKERS = 32;

/** What the Workers view does with a FleetStatus on a refresh: rows, every visible item's fields, the change key. */
function buildView(status: Parameters<typeof statusBarText>[0][number]): number {
  const now = Date.now();
  const rows = workerTreeRows([{ folderName: 'repo', status }]);
  let items = 0;
  const walk = (rs: readonly WorkerRow[]): void => {
    for (const r of rs) {
      rowItem(r, now);
      items++;
      if (r.kind === 'group' || r.kind === 'folder') walk(r.children);
    }
  };
  walk(rows);
  const key = JSON.stringify([rows, statusBarText([status])]);
  if (items < TASKS + WORKERS || key.length === 0) throw new Error(`only ${items} items`);
  return items;
}

/**
 * The Workers view's refresh with 32 busy workers and 1,000 tasks (issue 13's target: ≤ 100 ms in the extension host),
 * in node with the same code the extension host runs (src/extension/workers/rows.ts has no 'vscode' import):
 * - the tree: rows and tree-item fields for every task and worker from a FleetStatus, and the key the model compares
 *   to decide whether to redraw, against the floor of JSON.stringify of that FleetStatus (one pass over the model);
 * - the whole refresh after a store change: the files-only status read (queue journal replayed incrementally,
 *   supervisor.json) and the tree, against the floor of the status read alone.
 */
export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lwc-bench-workers-'));
  try {
    const deps = createFleetDeps(root);
    const ids = Array.from({ length: TASKS }, (_, i) => `task-${String(i).padStart(4, '0')}`);
    // Straight through the store: the plans' checks of `lwc task add` are not what is measured here.
    await deps.queue.store.update((s) => addTasks(s, { planIds: ids, priority: 2, by: 'bench' }, Date.now()));
    for (let i = 900; i < 950; i++) await deps.queue.store.update((s) => addDependency(s, ids[i]!, ids[i - 1]!));
    for (let i = 0; i < 60; i++) {
      const t = (await claimNext(deps.queue, { worker: 'bench', leaseMs: 3_600_000 }))!;
      await completeTask(deps.queue, t.planId, { worker: 'bench' });
    }
    const workers: SupervisorWorker[] = [];
    for (let i = 1; i <= WORKERS; i++) {
      const id = fleetWorkerId({ index: i, hostname: hostname(), pid: process.pid });
      const task = (await claimNext(deps.queue, { worker: id, leaseMs: 3_600_000 }))!;
      workers.push({ name: `w${i}`, id, state: 'running', planId: task.planId, plan: `.lw_coder/tasks/${task.planId}.md`, branch: task.planId, runDir: join(root, '.lw_coder', 'runs', task.planId, 'run'), startedAt: new Date().toISOString() });
    }
    const now = new Date().toISOString();
    await deps.state.writeSupervisor({ version: 1, pid: process.pid, hostname: hostname(), state: 'running', startedAt: now, heartbeatAt: now, heartbeatMs: 2000, workersWanted: WORKERS, untilEmpty: false, leaseMs: 3_600_000, workers });

    const status = await fleetStatus(deps, root, { sync: false });
    if (status.queue.tasks.length !== TASKS || status.workers.length !== WORKERS) throw new Error('unexpected fleet status');
    const floor = await median(21, () => JSON.stringify(status));
    const tree = await median(21, () => buildView(status));
    report({ name: `Workers view tree, ${WORKERS} workers, ${TASKS} tasks`, ms: tree, floorName: 'JSON.stringify(FleetStatus)', floorMs: floor, targetMs: 100 });

    // A store change as a worker makes one (a heartbeat renews a lease: one journal line), then the view's refresh.
    const first = workers[0]!;
    const renew = async (): Promise<void> => {
      await heartbeat(deps.queue, first.planId!, { worker: first.id, leaseMs: 3_600_000 });
    };
    const read = await median(11, async () => {
      await renew();
      return fleetStatus(deps, root, { sync: false });
    });
    const refresh = await median(11, async () => {
      await renew();
      return buildView(await fleetStatus(deps, root, { sync: false }));
    });
    report({ name: `Workers view refresh after a store change`, ms: refresh, floorName: 'store change + status read', floorMs: read, targetMs: 100 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

runIfMain(module, run);
