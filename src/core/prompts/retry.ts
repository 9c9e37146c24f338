/** Retry rules for the model endpoint: which failures are worth another attempt, and how long to wait. */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the call fails and says when to try again. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** 429, 5xx (but not 501 Not Implemented) and 408 are transient; 402 and other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status !== 501);
}

/**
 * Milliseconds the server asked us to wait: `retry-after-ms` (OpenAI's), else `Retry-After` in seconds or as an
 * HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(get: (name: string) => string | null | undefined, nowMs: number): number | undefined {
  const ms = get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const ra = get('retry-after')?.trim();
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Math.round(Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff with jitter for retry number `retry` (0-based); `random` in [0, 1) (injectable for tests). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(exp * (0.5 + random / 2));
}
