import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PromptCachePort } from '../../core/ports/promptCache';
import { writeFileAtomic } from './atomicWrite';

const KEY = /^[0-9a-f]{64}$/;

/** The prompt cache as one JSON file per key under `dir` (`.lw_coder/cache/prompts`). */
export function createFilePromptCache(dir: string): PromptCachePort {
  const fileOf = (key: string): string => {
    // Keys are sha256 hex; anything else would let a caller name a path.
    if (!KEY.test(key)) throw new Error(`prompt cache key must be 64 hex characters, got '${key.slice(0, 80)}'`);
    return join(dir, `${key}.json`);
  };
  return {
    async get(key) {
      let text: string;
      try {
        text = await readFile(fileOf(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined; // corrupt (e.g. truncated by a full disk): a miss; the next put rewrites it
      }
    },
    async put(key, value) {
      await writeFileAtomic(fileOf(key), `${JSON.stringify(value, null, 2)}\n`);
    },
  };
}
