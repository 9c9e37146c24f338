import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createFleetDeps } from '../src/adapters/fleet/fleetDeps';
import { watchFleetStore } from '../src/adapters/fleet/storeWatch';
import { claimNext, completeTask, failTask, heartbeat } from '../src/app/fleet/queue';
import { fleetStatus } from '../src/app/fleet/status';
import { TaskActivityCache } from '../src/app/fleet/taskActivity';
import { fleetWorkerId } from '../src/core/fleet/workerId';
import { runDirName } from '../src/core/runs/layout';
import { DASHBOARD_DEBOUNCE_MS, DashboardModelSource } from '../src/extension/dashboard/modelSource';
import type { DashboardHostMessage } from '../src/protocol/dashboard';
import { busyWorkers, queuedProject, withBenchRepo } from './fixtures';
import { median, report, runIfMain } from './support';

const TASKS = 1000;
const WORKERS = 32;
const ROUNDS = 7;

/**
 * The dashboard's update after a store change (issue 13: ≤ 250 ms end to end), host side in plain node: from a queue
 * write (a worker finishing its task, through the app layer) to the new model built by the fleet's one status function
 * and serialized as the webview message — the store watcher, its debounce (DASHBOARD_DEBOUNCE_MS), fleetStatus with the
 * dashboard's activity cache, JSON.stringify. 32 running workers with worktrees and runs writing events, 1,000 tasks
 * of which 300 finished with usage. The floor: the same kind of write heard by a bare watcher with the same debounce.
 */
export async function run(): Promise<void> {
  await withBenchRepo('lwc-bench-dashboard-', async (repo) => {
    const project = await queuedProject(repo, TASKS, { '.lw_coder/config.toml': '[code]\n\n[prices."openai/gpt-5.2"]\ninput_per_mtok = 1.25\noutput_per_mtok = 10\n' });
    const { root, queue } = project;
    const events = (n: number): string => Array.from({ length: n }, (_, i) => `${JSON.stringify({ attempt: 1, at: new Date().toISOString(), ...(i % 5 === 4 ? { kind: 'usage', inputTokens: 12_000, outputTokens: 800, agent: 'codex', model: 'openai/gpt-5.2' } : { kind: 'command', command: `npm test -- ${i}`, status: 'completed' }) })}\n`).join('');
    const writeRun = (planId: string, n: number): void => {
      const dir = join(root, '.lw_coder', 'runs', planId, runDirName(new Date(Date.now() + 5)));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'events.jsonl'), events(n));
    };

    const bench = fleetWorkerId({ index: 99, hostname: hostname(), pid: process.pid });
    for (let i = 0; i < 300; i++) {
      const t = (await claimNext(queue, { worker: bench, leaseMs: 3_600_000 }))!;
      writeRun(t.planId, 40);
      await (i % 10 === 0 ? failTask(queue, t.planId, { worker: bench, reason: 'tests failed' }) : completeTask(queue, t.planId, { worker: bench }));
    }
    const claimed = await busyWorkers(project, WORKERS, (_i, planId) => writeRun(planId, 20));

    const deps = createFleetDeps(root, { env: process.env });
    let waiting: { planId: string; resolve: (bytes: number) => void } | undefined;
    const source = new DashboardModelSource({
      repoRoot: root,
      deps,
      trusted: () => true,
      onModel: (message: DashboardHostMessage) => {
        // What postMessage carries: the webview gets the model as structured-cloned JSON.
        const json = JSON.stringify(message);
        const want = waiting;
        if (want && message.model.status.queue.tasks.find((t) => t.planId === want.planId)?.state === 'done') {
          waiting = undefined;
          want.resolve(json.length);
        }
      },
      onError: (m) => console.error(m),
    });
    // The store watcher does not keep a process alive (the editor's host is, anyway): this bench must wait for it.
    const keepAlive = setInterval(() => undefined, 1000);
    source.start();
    await source.refresh();
    let bytes = 0;
    let round = 0;
    const update = async (): Promise<void> => {
      const { planId, worker } = claimed[round++]!;
      const seen = new Promise<number>((resolve) => (waiting = { planId, resolve }));
      await completeTask(queue, planId, { worker });
      bytes = await seen;
    };
    await update();
    const ours = await median(ROUNDS, update);
    source.dispose();
    // The floor: the same kind of queue write seen by a bare watcher with the same debounce (nothing built).
    const last = claimed[claimed.length - 1]!;
    let heard: (() => void) | undefined;
    const bare = watchFleetStore(root, () => heard?.(), { debounceMs: DASHBOARD_DEBOUNCE_MS });
    const floor = await median(ROUNDS, async () => {
      const seen = new Promise<void>((resolve) => (heard = resolve));
      await heartbeat(queue, last.planId, { worker: last.worker, leaseMs: 3_600_000 });
      await seen;
    });
    bare.close();
    clearInterval(keepAlive);
    const cache = new TaskActivityCache();
    await fleetStatus(deps, root, { activityCache: cache });
    const full = await median(ROUNDS, () => fleetStatus(deps, root, { activityCache: cache }));
    report({ name: `dashboard update, ${WORKERS} workers, ${TASKS} tasks`, ms: ours, floorName: `a bare watcher's ${DASHBOARD_DEBOUNCE_MS} ms debounce`, floorMs: floor, targetMs: 250 });
    console.log(`  (store write → watcher → debounce → fleetStatus with the dashboard's caches → JSON of ${(bytes / 1024).toFixed(0)} KiB; a full fleetStatus, every branch's git status: ${full.toFixed(0)} ms)`);
  });
}

runIfMain(module, run);
