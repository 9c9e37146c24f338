import type { HostPathFacts } from '../container/hostPaths';

/** Reading the small text files configuration lives in (config.toml, env files). Implemented in src/adapters/fs/textFiles.ts. */
export interface TextFilesPort {
  /** The file's UTF-8 text, or undefined when it does not exist. Other errors (permissions, a directory) throw. */
  readTextIfExists(path: string, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Where a path really leads (every symlink resolved) and what is there, without reading or following anything
   * further: the facts the run's judges need before a repository-named path is read, written or mounted.
   */
  inspectPath(path: string): Promise<HostPathFacts>;
}
