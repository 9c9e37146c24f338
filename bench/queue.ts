import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueStore } from '../src/adapters/state/queueStore';
import { addTasks } from '../src/core/queue/rules';
import { medianOf, runIfMain } from './support';

const CLAIMERS = 16;
const TASKS = 1000;
const CLAIMER = join(__dirname, '..', 'test', 'support', 'queueClaimer.ts');

interface Wave {
  readonly wallMs: number;
  /** Per-operation latencies reported by the processes, in ms. */
  readonly latencies: number[];
  readonly lines: string[];
}

/**
 * Starts `n` claimer processes, waits until each is ready (node and tsx loaded), then says `go` to all at once and
 * times the wave until every one has printed `done`: process start-up is not in the figure.
 */
async function wave(n: number, args: (i: number) => string[]): Promise<Wave> {
  const children: ChildProcess[] = [];
  const lines: string[] = [];
  let ready = 0;
  let done = 0;
  let start = 0;
  let resolveAll!: () => void;
  let rejectAll!: (e: Error) => void;
  const finished = new Promise<void>((resolve, reject) => ((resolveAll = resolve), (rejectAll = reject)));
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', CLAIMER, ...args(i)], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        if (line === 'ready') {
          if (++ready < n) continue;
          start = performance.now();
          for (const c of children) c.stdin!.write('go\n');
        } else if (line === 'done') {
          if (++done === n) resolveAll();
        } else if (line.startsWith('error')) rejectAll(new Error(line));
        else lines.push(line);
      }
    });
  }
  await finished;
  const wallMs = performance.now() - start;
  for (const c of children) c.kill();
  const latencies = lines.map((l) => Number(l.split(' ').at(-1))).filter((x) => Number.isFinite(x));
  return { wallMs, latencies, lines };
}

/**
 * claim-next with 16 concurrent claimer processes over 1,000 ready tasks (the embedded store: lock, journal append,
 * fdatasync), against a floor measured in the same run: the same 16 processes doing 1,000 bare cycles of the same lock
 * plus a same-sized append and fdatasync — what any durable, exclusive claim must cost on this disk.
 */
export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lwc-bench-queue-'));
  try {
    const store = createQueueStore(root);
    const ids = Array.from({ length: TASKS }, (_, i) => `plan-${String(i).padStart(4, '0')}`);
    await store.update((s) => addTasks(s, { planIds: ids, by: 'bench' }, Date.now()));

    const floor = await wave(CLAIMERS, () => ['floor', root, 'floor', String(Math.ceil(TASKS / CLAIMERS))]);
    const claims = await wave(CLAIMERS, (i) => ['drain', root, `worker-${i}`, '600000']);

    const claimed = claims.lines.map((l) => l.split(' ')[1]!);
    if (claimed.length !== TASKS || new Set(claimed).size !== TASKS) throw new Error(`expected ${TASKS} distinct claims, got ${claimed.length} (${new Set(claimed).size} distinct)`);
    const floorCycles = floor.latencies.length;
    const perSecond = (TASKS / claims.wallMs) * 1000;
    const floorPerSecond = (floorCycles / floor.wallMs) * 1000;
    console.log(`claim-next, ${CLAIMERS} processes over ${TASKS} tasks`.padEnd(48), `${perSecond.toFixed(0).padStart(6)} claims/s   ${(perSecond / floorPerSecond).toFixed(2)}× floor (${floorPerSecond.toFixed(0)} lock+append+fdatasync cycles/s)   target ≥ 500/s: ${perSecond >= 500 ? 'met' : 'MISSED'}`);
    console.log(`claim-next median latency (${CLAIMERS} contending)`.padEnd(48), `${medianOf(claims.latencies).toFixed(2).padStart(9)} ms   ${(medianOf(claims.latencies) / medianOf(floor.latencies)).toFixed(2)}× floor cycle (${medianOf(floor.latencies).toFixed(2)} ms)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

runIfMain(module, run);
