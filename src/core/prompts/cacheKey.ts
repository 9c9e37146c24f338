import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: equal values give equal text, whatever the insertion order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What identifies a prompt request, as DSPy's cache does: never the key, the endpoint or anything secret. */
export interface CacheKeyInput {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly schema: Record<string, unknown>;
  readonly params: Record<string, unknown>;
}

/** sha256 (hex) of the canonical JSON of model, messages, schema and parameters. */
export function promptCacheKey(input: CacheKeyInput): string {
  const { model, messages, schema, params } = input;
  return createHash('sha256').update(canonicalJson({ v: 1, model, messages, schema, params })).digest('hex');
}
