import type { ConsentKey } from '../container/credentials';

/**
 * The user's answers to "allow these credentials into the agent container?", per repository (core/container/
 * credentials.ts). Lives with the user, outside every repository, so a repository can neither ship nor edit an answer.
 * The file adapter (src/adapters/fs/credentialConsentFile.ts) serves the CLI and the extension alike, so an answer given
 * in one holds in the other.
 */
export interface CredentialConsentStore {
  /** True when the user allowed exactly this list for the repository, with its files as they are now. */
  isAllowed(repoRoot: string, key: ConsentKey): Promise<boolean>;
  /**
   * Remembers the answer. A new `filesHash` replaces every earlier answer for the repository (its files changed, so
   * what was allowed before no longer says anything); another list with the same files is added beside the others
   * (Run plan and a headless codex run expose different lists).
   */
  allow(repoRoot: string, key: ConsentKey): Promise<void>;
  /** Where answers are kept, for messages. */
  readonly location: string;
}
