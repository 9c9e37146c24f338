import { constants } from 'node:fs';
import { link, mkdir, open, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { TaskQueueStore } from '../../core/ports/taskQueue';
import { recordOf } from '../../core/queue/journal';
import { QueueError, type QueueState } from '../../core/queue/types';
import { STATE_DIR_PARTS } from '../../core/worktree/layout';
import { fsyncDirectory } from '../fs/atomicWrite';
import { BACKUP_SUFFIX, fileId, JOURNAL, loadQueue, SNAPSHOT, type QueueCache } from './queueFiles';
import { cleanLockLeftovers, createQueueLock } from './queueLock';

/** `.lw_coder/state/queue`, relative to the repository root. */
export const QUEUE_DIR_PARTS = [...STATE_DIR_PARTS, 'queue'] as const;
export const queueDirOf = (repoRoot: string): string => join(repoRoot, ...QUEUE_DIR_PARTS);

export interface QueueStoreOptions {
  /** How long a transaction waits for the lock while live processes hold it (default 60 s). */
  readonly lockTimeoutMs?: number;
  /** Journal size after which the queue is written out as a new snapshot (default 1 MiB or 2,000 records). */
  readonly compactAfterBytes?: number;
  readonly compactAfterRecords?: number;
}

export interface QueueStore extends TaskQueueStore {
  /** Where the queue lives (its real path once the store has been used). */
  readonly dir: string;
}

/** One transaction at a time per queue folder inside a process: they share a lock file name and a cache. */
const chains = new Map<string, Promise<unknown>>();

const isInside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/** The real path of `path`, resolving its longest existing prefix (the folder may not exist yet). */
async function realpathOfPrefix(path: string): Promise<string> {
  const rest: string[] = [];
  for (let current = path; ; ) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch {
      const up = dirname(current);
      if (up === current) return path;
      rest.push(basename(current));
      current = up;
    }
  }
}

/**
 * The queue's folder, created if needed, judged by where it really is (issue 10's rule for LW Coder's own folders): a
 * committed symlink at `.lw_coder`, `.lw_coder/state` or the queue folder that leads out of the repository is refused
 * before anything is created or written through it.
 */
async function ensureQueueDir(repoRoot: string): Promise<string> {
  const wanted = queueDirOf(repoRoot);
  const root = await realpath(repoRoot);
  const refuse = (real: string): QueueError =>
    new QueueError('unsafe-store', `The task queue's folder ${wanted} resolves to ${real}, outside the repository ${root}, so LW Coder will not read or write it. Repair: remove the symbolic link on that path (LW Coder creates .lw_coder/state itself).`);
  const before = await realpathOfPrefix(wanted);
  if (!isInside(before, root)) throw refuse(before);
  await mkdir(wanted, { recursive: true });
  const real = await realpath(wanted);
  if (!isInside(real, root)) throw refuse(real);
  return real;
}

/**
 * The embedded queue store (`.lw_coder/state/queue/`): a snapshot (`queue.json`) and an append-only journal
 * (`journal.jsonl`, one line per change), under an exclusive lock (queueLock.ts) that a killed holder cannot leave
 * stuck. A change is one appended line, fdatasync'ed before update() resolves; a line cut short by a kill was never
 * reported and is cut off by the next writer. Every 2,000 changes the queue is compacted into a new snapshot (temp,
 * fsync, rename, fsync dir), keeping the previous snapshot and journal as `.bak`. Plain files and fs calls only: no
 * native module, so the extension host can load it.
 */
export function createQueueStore(repoRoot: string, options: QueueStoreOptions = {}): QueueStore {
  const compactAfterBytes = options.compactAfterBytes ?? 1024 * 1024;
  const compactAfterRecords = options.compactAfterRecords ?? 2000;
  let dirPromise: Promise<string> | undefined;
  let cache: QueueCache | undefined;
  const store: QueueStore = {
    dir: queueDirOf(repoRoot),
    read: async (signal) => {
      const dir = await queueDir();
      // Lock-free: a compaction between reading the snapshot and the journal shows as a changed snapshot; read again.
      for (let tries = 0; tries < 5; tries += 1) {
        signal?.throwIfAborted();
        const loaded = await loadQueue(dir, cache);
        if ((await fileId(join(dir, SNAPSHOT))) === loaded.snapshotId) return loaded.state;
      }
      return store.update((state) => ({ state, result: state }), signal);
    },
    update: async (change, signal) => {
      const dir = await queueDir();
      const previous = chains.get(dir) ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(() => transaction(dir, change, signal));
      const settled = run.catch(() => undefined);
      chains.set(dir, settled);
      void settled.then(() => {
        if (chains.get(dir) === settled) chains.delete(dir);
      });
      return run;
    },
  };

  function queueDir(): Promise<string> {
    dirPromise ??= ensureQueueDir(repoRoot).then(async (dir) => {
      await cleanLockLeftovers(dir);
      Object.assign(store, { dir });
      return dir;
    });
    dirPromise.catch(() => (dirPromise = undefined));
    return dirPromise;
  }

  async function transaction<T>(dir: string, change: (state: QueueState) => { readonly state: QueueState; readonly result: T }, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const release = await createQueueLock(dir).acquire({ timeoutMs: options.lockTimeoutMs, signal });
    try {
      const loaded = await loadQueue(dir, cache);
      cache = loaded;
      const { state, result } = change(loaded.state);
      if (state === loaded.state) return result;
      // The store owns the version: exactly one more per committed change, whatever `change` returned.
      const next: QueueState = { ...state, version: loaded.state.version + 1 };
      const line = Buffer.from(`${JSON.stringify(recordOf(loaded.state, next))}\n`);
      await append(dir, line, loaded.journalId === '', loaded.tornBytes > 0 ? loaded.offset : undefined);
      const journalId = loaded.journalId || (await fileId(join(dir, JOURNAL)));
      cache = { snapshotId: loaded.snapshotId, journalId, offset: loaded.offset + line.length, lines: loaded.lines + 1, state: next };
      if (cache.offset >= compactAfterBytes || cache.lines >= compactAfterRecords) cache = await compact(dir, next);
      return result;
    } catch (error) {
      cache = undefined; // after a failure, trust nothing remembered
      throw error;
    } finally {
      await release();
    }
  }

  return store;
}

/**
 * Appends one record and makes it durable (fdatasync; the folder too when the journal is new). A torn tail left by a
 * killed writer (`truncateTo`) is cut off first, so the new line starts on a line of its own.
 */
async function append(dir: string, line: Buffer, created: boolean, truncateTo: number | undefined): Promise<void> {
  const path = join(dir, JOURNAL);
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    if (truncateTo !== undefined) await handle.truncate(truncateTo);
    let written = 0;
    while (written < line.length) written += (await handle.write(line, written, line.length - written)).bytesWritten;
    await handle.datasync();
  } finally {
    await handle.close();
  }
  if (created) await fsyncDirectory(dir);
}

/**
 * Writes the queue as a new snapshot and starts an empty journal. Order matters for a kill at any point: the new
 * snapshot replaces the old (whose records the journal then still holds, skipped as already applied), then the
 * journal moves to `.bak`. The previous snapshot and its journal stay as `.bak`, a restorable pair.
 */
async function compact(dir: string, state: QueueState): Promise<QueueCache> {
  const snapshot = join(dir, SNAPSHOT);
  const tmp = `${snapshot}.tmp`;
  await unlink(tmp).catch(() => undefined);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(state)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await unlink(snapshot + BACKUP_SUFFIX).catch(() => undefined);
  await link(snapshot, snapshot + BACKUP_SUFFIX).catch(() => undefined);
  await rename(tmp, snapshot);
  await rename(join(dir, JOURNAL), join(dir, JOURNAL + BACKUP_SUFFIX)).catch(() => undefined);
  await fsyncDirectory(dir);
  return { snapshotId: await fileId(snapshot), journalId: '', offset: 0, lines: 0, state };
}
