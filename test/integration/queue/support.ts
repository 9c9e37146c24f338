import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueStore } from '../../../src/adapters/state/queueStore';
import { addTasks } from '../../../src/core/queue/rules';
import type { QueueState } from '../../../src/core/queue/types';

const CLAIMER = join(__dirname, '..', '..', 'support', 'queueClaimer.ts');

/** A claimer process (test/support/queueClaimer.ts) and the lines it printed so far. */
export interface Claimer {
  readonly child: ChildProcess;
  readonly worker: string;
  readonly lines: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once a printed line satisfies `pred`. */
  waitFor(pred: (line: string) => boolean): Promise<string>;
}

export function spawnClaimer(mode: string, root: string, worker: string, leaseMs = 60_000, compactAfter?: number): Claimer {
  const args = ['--import', 'tsx', CLAIMER, mode, root, worker, String(leaseMs), ...(compactAfter ? [String(compactAfter)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { pred: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pred(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    worker,
    lines,
    exited,
    waitFor: (pred) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(pred);
        if (seen !== undefined) return resolve(seen);
        waiters.push({ pred, resolve });
        void exited.then((code) => {
          if (waiters.some((w) => w.resolve === resolve)) reject(new Error(`${worker} exited (${code}) before the line; stdout: ${lines.join(' | ')}; stderr: ${stderr}`));
        });
      }),
  };
}

/** A temp folder standing in for a repository (the store needs only a directory), with `n` open tasks. */
export async function queueWithTasks(n: number, prefix = 'plan', maxAttempts?: number): Promise<{ root: string; ids: string[]; dispose: () => void }> {
  const root = mkdtempSync(join(tmpdir(), 'lwc-queue-'));
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
  if (n > 0) await createQueueStore(root).update((s) => addTasks(s, { planIds: ids, by: 'test', ...(maxAttempts ? { maxAttempts } : {}) }, Date.now()));
  return { root, ids, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** The queue as a process that just started would read it: a fresh store, nothing remembered. */
export const freshRead = (root: string): Promise<QueueState> => createQueueStore(root).read();

/** Polls `check` until it returns a value (no timing is asserted: mocha's timeout is the only clock). */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, everyMs = 50): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
