import type { HostPathFacts } from '../container/hostPaths';

/** Reading the small text files configuration lives in (config.toml, env files). Implemented in src/adapters/fs/textFiles.ts. */
export interface TextFilesPort {
  /**
   * The file's UTF-8 text, or undefined when it does not exist. Never reads more than 1 MiB: a larger file, or one
   * that is not a regular file (a FIFO, a device, a directory), throws an error that names it and the fix.
   */
  readTextIfExists(path: string, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Where a path really leads (every symlink resolved) and what is there, without reading or following anything
   * further: the facts the run's judges need before a repository-named path is read, written or mounted.
   */
  inspectPath(path: string): Promise<HostPathFacts>;
  /**
   * Like readTextIfExists, but a file over `maxBytes` is not an error: it comes back as `{ text: '', size }` without
   * being read, so the parser can report its size as a located diagnostic.
   */
  readCappedTextIfExists(path: string, maxBytes: number, signal?: AbortSignal): Promise<{ readonly text: string; readonly size: number } | undefined>;
}
