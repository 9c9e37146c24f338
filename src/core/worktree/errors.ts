/** Stable codes so the CLI, tree view and tests can key on what went wrong without parsing prose. */
export type WorktreeErrorCode =
  | 'unsafe-plan-id'
  | 'bad-base-sha'
  | 'branch-unrelated'
  | 'branch-elsewhere'
  | 'path-occupied'
  | 'wrong-branch'
  | 'lock-timeout'
  | 'not-a-worktree'
  | 'already-patched'
  | 'patch-conflict'
  | 'restore-failed'
  | 'salvage-failed'
  | 'salvage-not-found'
  | 'restore-target-not-empty'
  | 'git-failed';

/** A worktree operation refused or failed; `message` says what happened and `fix` what the user can do about it. */
export class WorktreeError extends Error {
  override readonly name = 'WorktreeError';
  constructor(
    readonly code: WorktreeErrorCode,
    what: string,
    readonly fix: string,
  ) {
    super(fix ? `${what} Fix: ${fix}` : what);
  }
}

/** Cancellation sentinel: callers show nothing for it. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'cancelled') {
    super(message);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
