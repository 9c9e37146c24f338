import type { ValueStyle } from './types';

/**
 * Reading and writing the string-typed values of a plan (plan_id, git_sha, status, ...).
 *
 * Reading: a plain scalar is taken as its source text, whatever YAML's schema would make of it, because users write
 * `git_sha: 0000…` (the zero sha, not the number 0), `git_sha: 1234e56…` (not a float), `plan_id: 123`,
 * `created_at: 2025-01-02`. Only the null spellings (`key:`, `~`, `null`) stay null: they mean "no value".
 *
 * Writing: we emit plain text only when every common YAML reader (1.1 and 1.2 schemas, e.g. PyYAML in lw_coder)
 * reads it back as the same string; otherwise we quote.
 */

export interface ScalarLike {
  readonly value: unknown;
  readonly style: ValueStyle;
  readonly sourceText?: string;
}

const NULL_SPELLINGS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** The value as a string-typed key reads it, or null when it is not a string (absent, a list, a mapping). */
export function readString(v: ScalarLike): string | null {
  if (v.style === 'plain') {
    const source = v.sourceText ?? '';
    return NULL_SPELLINGS.has(source) ? null : source;
  }
  return typeof v.value === 'string' ? v.value : null;
}

/** A short description of a non-string value for messages: "a list", "a number", "empty". */
export function describeKind(v: ScalarLike): string {
  if (v.style === 'sequence') return 'a list';
  if (v.style === 'mapping') return 'a mapping';
  if (v.style === 'empty' || v.value === null || v.value === undefined) return 'empty';
  return `a ${typeof v.value}`;
}

const SAFE_PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
// Broader than any one schema on purpose (YAML 1.1's float allows '1.2.3'): a needless quote costs nothing.
const NUMBER_LIKE = /^[-+]?[0-9._]*(?:[eE][-+]?[0-9]+)?$/;
// Only what a YAML 1.1/1.2 reader turns into a number: `0b` before other letters (a sha like 0baba6…) stays a string.
const RADIX_LIKE = /^[-+]?0(?:[bB][01_]+|[xX][0-9a-fA-F_]+|[oO]?[0-7_]+)$/;
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
const WORD_LIKE = /^(?:y|n|yes|no|true|false|on|off|null|~|\.inf|\.nan)$/i;

/** Whether `value` can be written unquoted and read back as the same string by YAML 1.1 and 1.2 readers. */
export function isSafePlain(value: string): boolean {
  if (!SAFE_PLAIN.test(value)) return false;
  if (/[0-9]/.test(value) && NUMBER_LIKE.test(value)) return false;
  return !RADIX_LIKE.test(value) && !DATE_LIKE.test(value) && !WORD_LIKE.test(value);
}

/** JSON string syntax is valid YAML double-quoted syntax, escapes included. */
export function doubleQuoted(value: string): string {
  return JSON.stringify(value);
}

/** Plain when safe, else double-quoted: the style for values we write fresh. */
export function formatScalar(value: string): string {
  return isSafePlain(value) ? value : doubleQuoted(value);
}

/** Keeps the style the user chose where it can hold the value: single quotes stay single, double stay double. */
export function formatScalarLike(value: string, style: ValueStyle): string {
  if (style === 'double-quoted') return doubleQuoted(value);
  if (style === 'single-quoted' && !/[\u0000-\u001f]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return formatScalar(value);
}
