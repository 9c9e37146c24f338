/** What a file that is not a regular file is, as a message names it. */
export type FileKind = 'directory' | 'FIFO' | 'socket' | 'character device' | 'block device' | 'unknown';

/**
 * The outcome of reading a repository file with a size limit (src/adapters/fs/boundedRead.ts). Every way a hostile
 * file can fail is a value, not an exception, so a listing can turn each into one diagnostic and go on.
 */
export type BoundedRead =
  | { readonly kind: 'text'; readonly text: string; readonly size: number }
  /** Nothing at the path. */
  | { readonly kind: 'missing' }
  /** A symbolic link whose target does not exist. */
  | { readonly kind: 'dangling-link'; readonly target: string }
  /** A directory, FIFO, socket or device (itself, or what a link points at): never opened. */
  | { readonly kind: 'not-regular'; readonly fileKind: FileKind; readonly linkTarget?: string }
  /** Over the limit: `size` is the file's size (at least limit + 1 when it grew while being read). */
  | { readonly kind: 'too-large'; readonly size: number; readonly limit: number }
  /** Resolves (through links) outside the directory it must stay in: never read. */
  | { readonly kind: 'outside'; readonly target: string }
  /** Permissions, a link loop, an I/O error: the errno code. */
  | { readonly kind: 'unreadable'; readonly errno: string };
