/**
 * A claimer process against the real embedded queue store, for the queue's process tests and bench/queue.ts.
 * Run with `node --import tsx test/support/queueClaimer.ts MODE REPO_ROOT WORKER [LEASE_MS [COMPACT_AFTER]]`; it prints one line per
 * event on stdout, written synchronously so a SIGKILL loses no line it reached:
 *   claim-one   one claim-next: `claimed <plan_id>` or `none`
 *   drain       waits for `go` on stdin, claims until nothing is ready: `claimed <plan_id> <ms>` each, then `done`
 *   work        claims, works 5–40 ms, completes, until the queue holds nothing open or claimed: `claimed`/`completed`
 *   hold-lock   takes the queue's lock and never lets go: `locked`
 *   floor       waits for `go`, then LEASE_MS cycles of lock + append + fdatasync + unlock: `cycle <ms>` each, `done`
 */
import { writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createQueueLock } from '../../src/adapters/state/queueLock';
import { createQueueStore } from '../../src/adapters/state/queueStore';
import { claimNext, completeTask, listTasks, type QueueDeps } from '../../src/app/fleet/queue';

const [mode, root, worker = `pid-${process.pid}`, leaseArg = '60000', compactArg] = process.argv.slice(2);
const leaseMs = Number(leaseArg);
const say = (line: string): void => void writeSync(1, `${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function go(): Promise<void> {
  return new Promise((resolve) => {
    say('ready');
    process.stdin.on('data', (d) => {
      if (String(d).includes('go')) resolve();
    });
  });
}

async function main(): Promise<void> {
  if (!mode || !root) throw new Error('usage: queueClaimer.ts MODE REPO_ROOT WORKER [LEASE_MS]');
  // COMPACT_AFTER: records between snapshots, small in tests so compactions happen while others claim.
  const store = createQueueStore(root, compactArg ? { compactAfterRecords: Number(compactArg) } : {});
  const deps: QueueDeps = { store, now: () => Date.now() };
  switch (mode) {
    case 'claim-one': {
      const task = await claimNext(deps, { worker, leaseMs });
      say(task ? `claimed ${task.planId}` : 'none');
      return;
    }
    case 'drain': {
      await store.read();
      await go();
      for (;;) {
        const t0 = performance.now();
        const task = await claimNext(deps, { worker, leaseMs });
        if (!task) break;
        say(`claimed ${task.planId} ${(performance.now() - t0).toFixed(3)}`);
      }
      say('done');
      process.exit(0);
      return;
    }
    case 'work': {
      for (;;) {
        const task = await claimNext(deps, { worker, leaseMs });
        if (task) {
          say(`claimed ${task.planId}`);
          await sleep(5 + Math.random() * 35);
          await completeTask(deps, task.planId, { worker });
          say(`completed ${task.planId}`);
          continue;
        }
        const { counts } = await listTasks(deps);
        if (counts.ready + counts.blocked + counts.claimed === 0) break;
        await sleep(20);
      }
      say('done');
      return;
    }
    case 'hold-lock': {
      await store.read(); // creates the folder
      await createQueueLock(store.dir).acquire();
      say('locked');
      setInterval(() => undefined, 60_000);
      return;
    }
    case 'floor': {
      await store.read();
      const lock = createQueueLock(store.dir, 'floor.lock');
      await go();
      const line = Buffer.from(`${JSON.stringify({ v: 1, worker, pad: 'x'.repeat(400) })}\n`);
      for (let i = 0; i < leaseMs; i++) {
        const t0 = performance.now();
        const release = await lock.acquire();
        const handle = await open(join(store.dir, 'floor.jsonl'), 'a');
        await handle.write(line);
        await handle.datasync();
        await handle.close();
        await release();
        say(`cycle ${(performance.now() - t0).toFixed(3)}`);
      }
      say('done');
      process.exit(0);
      return;
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

main().catch((error) => {
  say(`error ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
