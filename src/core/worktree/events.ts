import type { WorktreeStatus } from './status';

/**
 * Progress reported by the worktree use cases, for the CLI's stderr, the Output channel and tree views. A discriminated
 * union so a consumer can switch on `type` and the compiler checks it handles each.
 */
export type WorktreeEvent =
  | { readonly type: 'registration-pruned'; readonly path: string; readonly why: string }
  | { readonly type: 'registration-repaired'; readonly path: string }
  | { readonly type: 'empty-directory-removed'; readonly path: string }
  | { readonly type: 'worktree-created'; readonly path: string; readonly branch: string; readonly fromExistingBranch: boolean }
  | { readonly type: 'worktree-reused'; readonly path: string; readonly branch: string }
  | { readonly type: 'worktree-removed'; readonly path: string }
  | { readonly type: 'gitdir-recovered'; readonly worktreePath: string }
  | { readonly type: 'gitdir-conflict'; readonly worktreePath: string; readonly detail: string }
  /** A session (or something else) changed the worktree's git plumbing; LW Coder's versions are back. A warning. */
  | { readonly type: 'gitdir-tampered'; readonly worktreePath: string; readonly changes: readonly string[] }
  | { readonly type: 'salvage-created'; readonly planId: string; readonly ref: string }
  | { readonly type: 'salvage-skipped'; readonly planId: string; readonly why: string }
  | { readonly type: 'status'; readonly status: WorktreeStatus; readonly done: number; readonly total: number };

/** The warning a `gitdir-tampered` event is shown as, in the CLI and the editor alike. */
export const gitdirTamperedMessage = (e: { readonly worktreePath: string; readonly changes: readonly string[] }): string =>
  `git files of the worktree ${e.worktreePath} were changed outside LW Coder (a way for an agent to make git on this machine run its programs): ${e.changes.join('; ')}`;

export type WorktreeEventSink = (event: WorktreeEvent) => void;

/** Options every worktree use case takes. */
export interface UseCaseOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: WorktreeEventSink;
}
