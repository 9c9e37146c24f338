import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { LockHolder, LockPort, ProcessPort } from '../../core/ports/worktreeState';
import { CancelledError, WorktreeError } from '../../core/worktree/errors';

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new CancelledError());
    }, { once: true });
  });

/**
 * Lock files created exclusively (link(2) of a complete temp file) holding `pid hostname nonce [tag]`. A lock whose owner process is dead (same host) is
 * broken; breaking renames it aside first and checks it is still the stale one, so two breakers cannot delete a fresh
 * lock that a third process just took.
 */
export function createFileLocks(stateDir: string, proc: ProcessPort): LockPort {
  const dir = join(stateDir, 'locks');
  const pathOf = (name: string): string => join(dir, `${name}.lock`);
  const contentOf = (tag: string | undefined): string =>
    `${proc.pid} ${proc.hostname} ${randomBytes(6).toString('hex')}${tag ? ` ${tag.replace(/\s+/g, '-')}` : ''}\n`;

  /** One attempt: the lock's release when we took it, else its current holder's content (undefined if it just vanished). */
  async function attempt(path: string, mine: string): Promise<{ release: () => Promise<void> } | { holder: string | undefined }> {
    // Full content first, then link(): the lock appears atomically with its owner written, never empty.
    const tmp = `${path}.${proc.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, mine, { mode: 0o600 });
    try {
      await link(tmp, path);
      return {
        release: async () => {
          // Only delete the lock if it is still ours (it could have been broken as stale by mistake).
          if ((await readFile(path, 'utf8').catch(() => '')) === mine) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    const holder = await readFile(path, 'utf8').catch(() => undefined);
    if (holder !== undefined && isStale(holder, proc)) await breakStale(path, holder);
    return { holder };
  }

  return {
    async acquire(name, options = {}) {
      const path = pathOf(name);
      const deadline = Date.now() + (options.timeoutMs ?? 60_000);
      const mine = contentOf(undefined);
      await mkdir(dir, { recursive: true });
      for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
        if (options.signal?.aborted) throw new CancelledError();
        const got = await attempt(path, mine);
        if ('release' in got) return got.release;
        if (Date.now() > deadline) {
          throw new WorktreeError(
            'lock-timeout',
            `Another LW Coder process holds ${path} (${got.holder?.trim() ?? 'unknown owner'}).`,
            'Wait for it to finish; if no lwc or VS Code session is running, delete that lock file.',
          );
        }
        await sleep(delay, options.signal);
      }
    },

    async tryAcquire(name, tag) {
      const path = pathOf(name);
      const mine = contentOf(tag);
      await mkdir(dir, { recursive: true });
      // A second attempt only when the first found a stale lock (now broken) or one that was released meanwhile.
      for (let tries = 0; ; tries += 1) {
        const got = await attempt(path, mine);
        if ('release' in got) return got;
        const live = got.holder !== undefined && !isStale(got.holder, proc);
        if (live || tries >= 1) return { holder: holderOf(got.holder ?? '') };
      }
    },

    async holder(name) {
      const content = await readFile(pathOf(name), 'utf8').catch(() => undefined);
      return content === undefined || isStale(content, proc) ? undefined : holderOf(content);
    },
  };
}

/** `pid hostname nonce [tag]`; a lock not written by us names no process (pid 0), which callers show as unknown. */
function holderOf(content: string): LockHolder {
  const [pid, host, , tag] = content.trim().split(' ');
  const n = Number(pid);
  return { pid: Number.isInteger(n) ? n : 0, hostname: host ?? '', ...(tag ? { tag } : {}) };
}

function isStale(content: string, proc: ProcessPort): boolean {
  const [pid, host] = content.trim().split(' ');
  if (!pid) return false; // not written by us: never guess, let the timeout name it
  return host === proc.hostname && !proc.isAlive(Number(pid));
}

async function breakStale(path: string, staleContent: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else broke or released it first
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== staleContent) {
    // We moved a fresh lock: put it back (link fails if yet another process already holds the name, which is fine).
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}
