import { homedir } from 'node:os';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { z } from 'zod';
import type { ConsentKey } from '../../core/container/credentials';
import type { CredentialConsentStore } from '../../core/ports/credentialConsent';
import { writeFileAtomic } from './atomicWrite';
import { realpathOfPrefix } from './realpathOfPrefix';

/**
 * CredentialConsentStore in one JSON file of the user's: `$XDG_CONFIG_HOME/lw-coder/credential-consent.json`, else
 * `~/.config/lw-coder/credential-consent.json`, mode 0600. The CLI and the extension both use it (rather than the
 * extension's globalState), so an answer given in the editor holds for `lwc` and the other way round — both run as the
 * same user on the machine that holds the repository, and both hand the same credentials to the same image.
 */

export const CONSENT_FILE_NAME = 'credential-consent.json';
/** Lists remembered per repository (same files): enough for every kind of run, bounded so the file cannot grow. */
const MAX_LISTS = 16;

const StoreSchema = z.object({
  version: z.literal(1),
  repositories: z.record(z.string(), z.object({ filesHash: z.string(), listHashes: z.array(z.string()), updatedAt: z.string() })),
});
type StoreFile = z.infer<typeof StoreSchema>;

/** The store's directory for an environment (the CLI's io.env, the extension host's process.env). */
export function consentDirOf(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.config');
  return join(base, 'lw-coder');
}


const isInside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

export function createFileCredentialConsentStore(dir: string): CredentialConsentStore {
  const path = join(dir, CONSENT_FILE_NAME);
  const load = async (): Promise<StoreFile> => {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) return { version: 1, repositories: {} };
    try {
      const parsed = StoreSchema.safeParse(JSON.parse(text));
      // An unreadable store holds no answer: the user is asked again, and the next answer rewrites it.
      return parsed.success ? parsed.data : { version: 1, repositories: {} };
    } catch {
      return { version: 1, repositories: {} };
    }
  };
  /** A store inside the repository (XDG_CONFIG_HOME pointed there, say by a direnv file) would let it answer for the user. */
  const insideRepository = async (repoRoot: string): Promise<boolean> => isInside(await realpathOfPrefix(dir), await realpathOfPrefix(repoRoot));
  return {
    location: path,
    async isAllowed(repoRoot, key: ConsentKey) {
      if (await insideRepository(repoRoot)) return false;
      const entry = (await load()).repositories[repoRoot];
      return entry !== undefined && entry.filesHash === key.filesHash && entry.listHashes.includes(key.listHash);
    },
    async allow(repoRoot, key: ConsentKey) {
      if (await insideRepository(repoRoot)) {
        throw new Error(`LW Coder keeps credential answers in ${path}, which is inside the repository ${repoRoot}: a repository must not hold them. Set XDG_CONFIG_HOME (or HOME) to a directory of your own.`);
      }
      const store = await load();
      const entry = store.repositories[repoRoot];
      const kept = entry && entry.filesHash === key.filesHash ? entry.listHashes.filter((h) => h !== key.listHash) : [];
      store.repositories[repoRoot] = { filesHash: key.filesHash, listHashes: [...kept, key.listHash].slice(-MAX_LISTS), updatedAt: new Date().toISOString() };
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(path, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
    },
  };
}
