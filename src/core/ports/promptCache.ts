/**
 * The on-disk prompt cache (`.lw_coder/cache/prompts/<key>.json`). Implemented in src/adapters/fs/promptCache.ts.
 * Values are whatever the caller stores; the caller validates what it reads back and treats a bad entry as a miss.
 */
export interface PromptCachePort {
  /** The stored value, or undefined when absent or not valid JSON (a corrupt entry is a miss, never an error). */
  get(key: string): Promise<unknown>;
  /** Stores atomically (temp + rename): a concurrent reader sees the old entry or the new one, never half. */
  put(key: string, value: unknown): Promise<void>;
}
