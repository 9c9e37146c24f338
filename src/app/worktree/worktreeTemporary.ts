import { throwIfAborted } from '../../core/worktree/errors';
import type { UseCaseOptions } from '../../core/worktree/events';
import { raceAbort, type WorktreeDeps } from './worktreeDeps';

const REASON_PREFIX = 'lw-coder temporary worktree';
/** The lock reason marks our temp worktrees and names their owner, so `recover` can remove ones whose owner died. */
export const temporaryWorktreeReason = (pid: number, host: string): string => `${REASON_PREFIX} (pid ${pid} on ${host})`;
export function parseTemporaryWorktreeReason(reason: string | undefined): { pid: number; host: string } | undefined {
  const m = reason === undefined ? null : new RegExp(`^${REASON_PREFIX} \\(pid (\\d+) on (.+)\\)$`).exec(reason.trim());
  return m ? { pid: Number(m[1]), host: m[2]! } : undefined;
}

/**
 * A detached worktree at `sha` in a new temp directory for a plan authoring session, removed after `fn` — on success,
 * on error, and as soon as `signal` aborts (even if `fn` ignores it). Distinct from plan worktrees, which persist.
 */
export async function withTemporaryWorktree<T>(
  deps: WorktreeDeps,
  repoRoot: string,
  sha: string,
  fn: (path: string, signal: AbortSignal | undefined) => Promise<T>,
  options: UseCaseOptions = {},
): Promise<T> {
  throwIfAborted(options.signal);
  const root = await deps.files.realpath(repoRoot);
  const path = await deps.files.makeTempDirectory('lwc-author-');
  try {
    await deps.git.addWorktree(root, { path, startPoint: sha, detach: true, lockReason: temporaryWorktreeReason(deps.process.pid, deps.process.hostname) }, options.signal);
    options.onEvent?.({ type: 'worktree-created', path, branch: '(detached)', fromExistingBranch: false });
    return await raceAbort(fn(path, options.signal), options.signal);
  } finally {
    // No signal here: cleanup must run to completion even when we got here because of cancellation.
    await deps.git.removeWorktree(root, path, { force: true }).catch(() => undefined);
    await deps.files.removeTree(path);
    await deps.git.prune(root).catch(() => undefined);
    options.onEvent?.({ type: 'worktree-removed', path });
  }
}
