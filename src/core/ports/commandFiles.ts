import type { BoundedRead } from './boundedRead';

/** What is in a folder the repository names (`.lw_coder/commands`, `.lw_coder/sessions`). */
export type FolderListing =
  | { readonly kind: 'entries'; readonly entries: readonly { readonly name: string; readonly isDirectory: boolean }[] }
  | { readonly kind: 'missing' }
  /** The folder (or a parent inside the repository) is a link leading outside it: never listed. */
  | { readonly kind: 'outside'; readonly target: string }
  | { readonly kind: 'not-directory' }
  | { readonly kind: 'unreadable'; readonly errno: string };

/**
 * Reading command definitions and session records, which are attacker input (a cloned repository chooses them).
 * Implemented in src/adapters/fs/commandFiles.ts over the bounded reader.
 */
export interface CommandFilesPort {
  /** The folder's entries, sorted by name, when its real path lies inside `within`'s real path. */
  listFolder(path: string, within: string): Promise<FolderListing>;
  /** At most maxBytes of a regular file whose real path lies inside `within` (see BoundedRead for the refusals). */
  read(path: string, maxBytes: number, within: string, signal?: AbortSignal): Promise<BoundedRead>;
}
