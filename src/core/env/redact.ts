/**
 * Scrubs secret values from text before it reaches a log, a run directory or an error message. Known values are
 * replaced in every spelling they commonly take (raw, JSON-escaped, URL-encoded); bearer tokens and OpenRouter-style
 * keys are scrubbed even when their value is not known (an endpoint may echo a key we never saw).
 */

export const REDACTED = '[REDACTED]';

/** Values shorter than this are not scrubbed: replacing "1" everywhere would destroy the text and hide nothing. */
const MIN_SECRET_LENGTH = 6;

const TOKEN_PATTERNS: readonly RegExp[] = [/\bsk-or-[A-Za-z0-9_-]{8,}/g, /\bsk-[A-Za-z0-9_-]{20,}/g, /(\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi];

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const spellings = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    spellings.add(s);
    spellings.add(JSON.stringify(s).slice(1, -1));
    spellings.add(encodeURIComponent(s));
  }
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...spellings].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const s of ordered) out = out.split(s).join(REDACTED);
    for (const re of TOKEN_PATTERNS) out = out.replace(re, (match, prefix: unknown) => (typeof prefix === 'string' && /^Bearer/i.test(prefix) ? `${prefix}${REDACTED}` : REDACTED));
    return out;
  };
}

/** An Error whose message (and stack) went through the redactor; keeps the original's name and extra fields. */
export function redactError(error: unknown, redact: Redactor): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const message = redact(error.message);
  if (message === error.message && !(error.stack && redact(error.stack) !== error.stack)) return error;
  error.message = message;
  if (error.stack) error.stack = redact(error.stack);
  return error;
}
