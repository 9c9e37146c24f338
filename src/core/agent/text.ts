import { extractJsonObject } from '../prompts/extractJson';

/**
 * Text helpers for agent answers and prompts: the final message may be wrapped in a code fence or prose, and long
 * prompt sections and logs must be cut visibly (never silently) so the agent and the reader know something is missing.
 */

/** Removes one enclosing ``` fence (with or without a language tag); other text is returned trimmed and unchanged. */
export function stripCodeFences(text: string): string {
  const trimmed = text.trim();
  const m = /^```[\w-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```$/.exec(trimmed);
  return m ? m[1]!.trim() : trimmed;
}

export type JsonExtraction = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/** The JSON object in an agent's final message: the whole text, a fenced block, or the first balanced {...}. */
export function extractJsonResult(text: string | undefined): JsonExtraction {
  if (text === undefined || !text.trim()) return { ok: false, reason: 'the agent gave no final message' };
  const value = extractJsonObject(stripCodeFences(text));
  if (value !== undefined) return { ok: true, value };
  return { ok: false, reason: `the final message is not a JSON object (it starts: ${JSON.stringify(text.trim().slice(0, 80))})` };
}

export function truncationMarker(removed: number): string {
  return `…[truncated ${removed} chars]…`;
}

/**
 * Shortens `text` to at most about `max` characters, keeping its head and tail (or only one end) around a marker that
 * says how much was cut. `keep: 'tail'` suits logs, where the end holds the error.
 */
export function truncateText(text: string, max: number, keep: 'middle' | 'head' | 'tail' = 'middle'): string {
  if (max < 0) throw new Error(`truncateText: max must be >= 0, got ${max}`);
  if (text.length <= max) return text;
  const removed = text.length - max;
  const marker = truncationMarker(removed);
  if (keep === 'head') return `${text.slice(0, max)}${marker}`;
  if (keep === 'tail') return `${marker}${text.slice(text.length - max)}`;
  const head = Math.ceil(max / 2);
  return `${text.slice(0, head)}${marker}${text.slice(text.length - (max - head))}`;
}
