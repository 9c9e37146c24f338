/** A `{ key: value }` option passed by tests and scripts next to the target (`{ uri, yes: true }`, `{ uri, source }`). */
export function optionOf<T>(arg: unknown, key: string): T | undefined {
  return arg && typeof arg === 'object' && key in arg ? ((arg as Record<string, unknown>)[key] as T) : undefined;
}
