/** Reading the small text files configuration lives in (config.toml, env files). Implemented in src/adapters/fs/textFiles.ts. */
export interface TextFilesPort {
  /** The file's UTF-8 text, or undefined when it does not exist. Other errors (permissions, a directory) throw. */
  readTextIfExists(path: string, signal?: AbortSignal): Promise<string | undefined>;
}
