import { constants, linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { link, open, readdir, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { QueueError } from '../../core/queue/types';
import { isProcessAlive } from './process';

/**
 * The queue's exclusive lock. A file created by link(2) of a complete temp file holding `pid hostname boot nonce`, so
 * it never exists half-written: a holder killed at any instant leaves a lock that names it.
 *
 * Waiters poll with a jittered backoff from 1 to 6 ms, one link() per try. Each poll costs ~100 µs of event-loop work,
 * so a short cap spends CPU the holder needs on this 2-core machine — but since the store makes its record durable
 * after letting go of the lock (queueStore.ts), the releasing process no longer takes the lock straight back, and a
 * free lock waits for the next waiter to wake: with a 16 ms cap 16 claimers made 343–891 claims/s, with 6 ms 538–1,181
 * (bench/queue.ts, same loaded machine, alternating runs). fileLock.ts's 10–200 ms would cost far more.
 *
 * A lock whose holder is dead on this host (or was taken before the last boot, when its pid may name another process)
 * is taken over soundly: a breaker first claims the right to remove *that* lock — `<lock>.break.<its nonce>`, created
 * by link(2), so one breaker per stale lock — then removes the lock only if it still holds that content. No one but the
 * dead holder and that one breaker ever removes it, so the check and the unlink cannot be split by a fresh lock (the
 * race fileLock.ts's rename-aside leaves open under many waiters). A breaker that dies mid-break leaves a claim that is
 * itself stale, and is broken the same way.
 */
export interface QueueLock {
  /** Waits until the lock is ours; resolves to its release. Rejects with `store-busy` after `timeoutMs` of live holders. */
  acquire(options?: { readonly timeoutMs?: number; readonly signal?: AbortSignal }): Promise<() => Promise<void>>;
}

const HOST = hostname().replace(/\s+/g, '-');
const BOOT = ((): string => {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().slice(0, 8) || '-';
  } catch {
    return '-';
  }
})();

/** How often a waiter looks at who holds the lock (reading it on every try would triple a try's cost). */
const HOLDER_CHECK_MS = 25;
const MAX_BACKOFF_MS = 6;
const MIN_BACKOFF_MS = 1;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ownerLine = (): string => `${process.pid} ${HOST} ${BOOT} ${randomBytes(8).toString('hex')}\n`;
// O_NOFOLLOW and a size cap: a lock file is a repository path, so a planted link (to /dev/zero, say) is not followed.
const READ_LOCK_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** A lock or claim file's content (at most 256 bytes), or undefined when it is gone or is not a plain file. */
async function readOrUndefined(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, READ_LOCK_FLAGS);
  } catch {
    return undefined;
  }
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** True when the content names a process that can no longer hold it. Unknown formats and other hosts are never stale. */
export function isStaleOwner(content: string, alive: (pid: number) => boolean = isProcessAlive): boolean {
  const [pid, host, boot, nonce] = content.trim().split(' ');
  if (!pid || !nonce || host !== HOST) return false;
  if (boot !== '-' && BOOT !== '-' && boot !== BOOT) return true;
  return !alive(Number(pid));
}

/** Creates `path` holding `content` atomically and exclusively; false when it exists. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Removes `path` if it still holds `stale` (whose owner is dead), under a claim no other breaker can hold at once.
 * `depth` bounds the recursion through claims left by breakers that died: each level needs another death mid-break.
 */
export async function breakStale(path: string, stale: string, depth = 0): Promise<void> {
  const nonce = stale.trim().split(' ')[3];
  if (!nonce || !/^[0-9a-f]+$/.test(nonce) || depth > 3) return;
  const claim = `${path.replace(/\.break\.[0-9a-f]+$/, '')}.break.${nonce}`;
  if (!(await createExclusive(claim, ownerLine()))) {
    const other = await readOrUndefined(claim);
    if (other !== undefined && isStaleOwner(other)) await breakStale(claim, other, depth + 1);
    return; // a live breaker is at work (or just finished): the caller looks again
  }
  try {
    if ((await readOrUndefined(path)) === stale) await unlink(path).catch(() => undefined);
  } finally {
    // Our own claim: no one removes a live breaker's claim, so this is still ours.
    await unlink(claim).catch(() => undefined);
  }
}

/**
 * `dir`'s queue lock. Callers serialise their own acquisitions within a process (the store chains transactions): the
 * owner file `<lock>.<pid>.tmp` is theirs while they wait. It is written once per acquisition and linked on every try
 * (a try is one link(2)), then removed: the lock keeps the content. A process killed while waiting leaves it for
 * cleanLockLeftovers.
 */
export function createQueueLock(dir: string, name = 'queue.lock'): QueueLock {
  const path = join(dir, name);
  return {
    async acquire(options = {}) {
      const timeoutMs = options.timeoutMs ?? 60_000;
      const tmp = `${path}.${process.pid}.tmp`;
      // Removed first and created exclusively: a link planted at this name is replaced, never written through.
      rmSync(tmp, { force: true });
      writeFileSync(tmp, ownerLine(), { mode: 0o600, flag: 'wx' });
      const deadline = Date.now() + timeoutMs;
      let holderCheck = Date.now() + HOLDER_CHECK_MS;
      let holder: string | undefined;
      // Sync calls on purpose: each is a few microseconds, where a libuv round trip costs ~100 µs under load.
      try {
        for (let delay = MIN_BACKOFF_MS; ; delay = Math.min(delay * 1.5, MAX_BACKOFF_MS)) {
          options.signal?.throwIfAborted();
          try {
            linkSync(tmp, path);
            // No one breaks a live holder's lock, so the file is still ours when we remove it.
            return async () => {
              try {
                unlinkSync(path);
              } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
              }
            };
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          }
          const now = Date.now();
          if (now >= holderCheck) {
            holderCheck = now + HOLDER_CHECK_MS;
            holder = await readOrUndefined(path);
            if (holder !== undefined && isStaleOwner(holder)) {
              await breakStale(path, holder);
              delay = MIN_BACKOFF_MS;
              continue;
            }
          }
          if (now > deadline) {
            throw new QueueError('store-busy', `The task queue's lock ${path} has been held for over ${Math.round(timeoutMs / 1000)} s by ${holder?.trim() || 'another process'}. If no lwc, fleet supervisor or VS Code window uses this repository, delete that file.`);
          }
          await sleep(delay * (0.5 + Math.random()));
        }
      } finally {
        rmSync(tmp, { force: true });
      }
    },
  };
}

/**
 * Removes what processes that died while taking or breaking the lock left: temp files (their names carry the pid) and
 * break claims whose breaker is dead (broken the sound way, since a live breaker may be racing for the same one).
 */
export async function cleanLockLeftovers(dir: string, name = 'queue.lock'): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const prefix = `${name}.`;
  await Promise.all(
    entries.map(async (entry) => {
      if (!entry.startsWith(prefix)) return;
      const path = join(dir, entry);
      if (entry.endsWith('.tmp')) {
        const parts = entry.slice(prefix.length).split('.');
        const pid = Number(parts[0] === 'break' ? parts[2] : parts[0]);
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid)) await unlink(path).catch(() => undefined);
      } else if (/\.break\.[0-9a-f]+$/.test(entry)) {
        const owner = await readOrUndefined(path);
        if (owner !== undefined && isStaleOwner(owner)) await breakStale(path, owner, 1);
      }
    }),
  );
}
