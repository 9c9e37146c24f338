import type { Logger } from '../../core/ports/logger';
import type { WorktreeGitPort } from '../../core/ports/worktreeGit';
import type { GitdirJournalPort, LockPort, ProcessPort, WorktreeFilesPort } from '../../core/ports/worktreeState';
import { CancelledError } from '../../core/worktree/errors';

/** Everything the worktree, gitdir, salvage and recover use cases need; built per repository by a composition root. */
export interface WorktreeDeps {
  readonly git: WorktreeGitPort;
  readonly files: WorktreeFilesPort;
  /** The repository's gitdir crash journal (in `.lw_coder/state`). */
  readonly journal: GitdirJournalPort;
  readonly locks: LockPort;
  readonly process: ProcessPort;
  readonly logger?: Logger;
}

/**
 * Waits for `work` but gives up as soon as `signal` aborts, so cleanup (removing a temp worktree, restoring pointers)
 * runs even when the callback ignores cancellation. The abandoned promise's eventual rejection is swallowed.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new CancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping result order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
