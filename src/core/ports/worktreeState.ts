import type { GitdirJournalEntry } from '../worktree/gitdirPatch';

/**
 * File-level operations worktree use cases need, implemented over node:fs in src/adapters/state. Kept narrow so the
 * app layer never touches fs directly.
 */
export interface WorktreeFilesPort {
  /** The file's bytes, or undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /**
   * Writes `<path>.lwc-tmp`, fsyncs it, calls `afterTemp` (a test seam: a crash there must be recoverable), then renames
   * it over `path` and fsyncs the directory. The original file's mode is kept.
   */
  writeAtomic(path: string, data: Uint8Array, afterTemp?: () => void | Promise<void>): Promise<void>;
  /** Deletes a file; no error when it is already gone. */
  removeFile(path: string): Promise<void>;
  kind(path: string): Promise<'missing' | 'file' | 'directory' | 'other'>;
  isEmptyDirectory(path: string): Promise<boolean>;
  /** Removes an empty directory only (never recursive: it may hold someone's work). */
  removeEmptyDirectory(path: string): Promise<void>;
  /** Removes a directory tree we created ourselves (temporary worktrees). */
  removeTree(path: string): Promise<void>;
  makeDirectory(path: string): Promise<void>;
  /** A new empty directory under the OS temp dir. */
  makeTempDirectory(prefix: string): Promise<string>;
  /** Resolves symlinks; returns the path unchanged when it does not exist. */
  realpath(path: string): Promise<string>;
  /** Names in a directory; empty when it does not exist. */
  list(path: string): Promise<string[]>;
  /**
   * Renames whatever is at `path` (a directory an agent put where a file belongs) to a new name beside it, which it
   * returns; nothing is deleted.
   */
  moveAside(path: string): Promise<string>;
}

/** The gitdir crash journal: one entry per patched worktree, written atomically before any pointer changes. */
export interface GitdirJournalPort {
  /**
   * Writes the entry to a temp file with fsync, calls `afterTemp`, then links it into place exclusively.
   * Throws JournalEntryExists when an entry with the same id is already there.
   */
  create(entry: GitdirJournalEntry, afterTemp?: () => void | Promise<void>): Promise<void>;
  /** Every readable entry; unreadable files are reported by name so nothing is silently ignored. */
  list(): Promise<{ entries: GitdirJournalEntry[]; unreadable: string[] }>;
  remove(id: string): Promise<void>;
  /** Deletes temp files left by a crash during `create`; returns how many. */
  removeTemps(): Promise<number>;
}

export class JournalEntryExists extends Error {
  override readonly name = 'JournalEntryExists';
}

/** Who holds a lock: its process, host, and the tag the holder gave (e.g. which program, for messages). */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly tag?: string;
}

/** Cross-process mutual exclusion (lock files in .lw_coder/state/locks). */
export interface LockPort {
  /** Waits until the named lock is ours (breaking locks whose owner process is dead); returns its release. */
  acquire(name: string, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<() => Promise<void>>;
  /**
   * Takes the named lock only when no live process holds it (a dead owner's lock is broken first), never waiting:
   * for work that must be refused, not queued, while someone else does it. `tag` is kept in the lock for holder().
   */
  tryAcquire(name: string, tag?: string): Promise<{ readonly release: () => Promise<void> } | { readonly holder: LockHolder }>;
  /** The live holder of the named lock, or undefined when it is free or its owner is dead. Changes nothing. */
  holder(name: string): Promise<LockHolder | undefined>;
}

/** Who we are and whether another process still lives: decides whether a journal entry or lock is stale. */
export interface ProcessPort {
  readonly pid: number;
  readonly hostname: string;
  isAlive(pid: number): boolean;
  now(): Date;
}
