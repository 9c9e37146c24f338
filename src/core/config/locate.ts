/**
 * Finds where a key sits in TOML source. smol-toml reports positions only for syntax errors, so schema errors (from
 * zod) are placed by this light line scan: it follows `[table]` headers and `key = …` lines, which covers how people
 * write config.toml. Inline tables and multi-line values fall back to the line of the nearest enclosing key.
 *
 * The scan is one pass over the source and lookups go through an index, so placing N errors costs O(size + N): a file
 * with thousands of unknown tables used to be rescanned once per error (8,000 tables took 31 s).
 */

export interface KeyLocation {
  /** 1-based, as editors and humans count. */
  readonly line: number;
  readonly column: number;
}

const isBareKeyChar = (c: string): boolean => /[A-Za-z0-9_-]/.test(c);
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Splits a dotted key (`a."b.c".d`) at `text[from]` into parts; undefined when the text there is not a key. */
function parseDottedKey(text: string, from = 0): { parts: string[]; rest: string } | undefined {
  const parts: string[] = [];
  let i = from;
  for (;;) {
    while (isBlank(text[i])) i++;
    const q = text[i];
    if (q === '"' || q === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== q) j += q === '"' && text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return undefined;
      parts.push(text.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && isBareKeyChar(text[j]!)) j++;
      if (j === i) return undefined;
      parts.push(text.slice(i, j));
      i = j;
    }
    while (isBlank(text[i])) i++;
    if (text[i] === '.') {
      i++;
      continue;
    }
    return { parts, rest: text.slice(i) };
  }
}

export interface ScannedKey {
  readonly path: readonly string[];
  readonly line: number;
  readonly column: number;
  /** For an array value: where each item starts (so `forward_env[2]` points at its own line). */
  readonly items?: readonly KeyLocation[];
}

/** Every table header and key line in file order, with full dotted paths. Linear in the size of the source. */
export function scanTomlKeys(source: string): ScannedKey[] {
  const out: ScannedKey[] = [];
  const lines = source.split(/\r?\n/);
  let table: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const line = index + 1;
    const indent = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    if (text.startsWith('[')) {
      const arrayTable = text.startsWith('[[');
      const inner = parseDottedKey(text, arrayTable ? 2 : 1);
      if (inner && inner.rest.startsWith(arrayTable ? ']]' : ']')) {
        table = inner.parts;
        out.push({ path: table, line, column: indent + 1 });
      }
      continue;
    }
    const key = parseDottedKey(text);
    if (!key || !key.rest.startsWith('=')) continue;
    const value = key.rest.slice(1).trim();
    const path = [...table, ...key.parts];
    if (value.startsWith('[')) {
      // The array's own scan says where it ends: its lines are skipped in the same pass, never read twice.
      const array = scanArray(lines, index, raw.indexOf('[', indent + text.length - key.rest.length));
      out.push({ path, line, column: indent + 1, items: array.items });
      index = array.endLine;
      continue;
    }
    out.push({ path, line, column: indent + 1 });
    for (const q of ['"""', "'''"] as const) {
      if (value.startsWith(q) && !value.includes(q, 3)) {
        // A multi-line string: its lines are text, not keys.
        while (index + 1 < lines.length && !lines[index + 1]!.includes(q)) index++;
        index++;
      }
    }
  }
  return out;
}

/**
 * Start positions of the top-level items of the array whose `[` is at (lineIndex, col), and the line index where it
 * closes (the last line when it never does). Strings, multi-line strings and comments are stepped over; every
 * character is looked at once.
 */
function scanArray(lines: readonly string[], lineIndex: number, col: number): { items: KeyLocation[]; endLine: number } {
  const items: KeyLocation[] = [];
  let depth = 0;
  let expectItem = false;
  let li = lineIndex;
  let i = col;
  while (li < lines.length) {
    const text = lines[li]!;
    if (i >= text.length || text[i] === '#') {
      li++;
      i = 0;
      continue;
    }
    const c = text[i]!;
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (depth === 1 && expectItem && c !== ']' && c !== ',') {
      items.push({ line: li + 1, column: i + 1 });
      expectItem = false;
    }
    if ((c === '"' || c === "'") && text.startsWith(c.repeat(3), i)) {
      const delimiter = c.repeat(3);
      let close = text.indexOf(delimiter, i + 3);
      while (close < 0 && li + 1 < lines.length) close = lines[++li]!.indexOf(delimiter);
      if (close < 0) break;
      i = close + 3;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else {
      if (c === '[' || c === '{') {
        depth++;
        if (depth === 1) expectItem = true;
      } else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) return { items, endLine: li };
      } else if (c === ',' && depth === 1) expectItem = true;
      i++;
    }
  }
  return { items, endLine: lines.length - 1 };
}

/** Where each key is, indexed by its dotted path: the first occurrence wins, as a reader would look for it. */
export interface KeyLocator {
  /**
   * The line of `path` (e.g. ['code', 'forward_env', 0]); array indices and keys inside inline tables resolve to the
   * nearest enclosing key that has a line of its own. Undefined when no prefix of the path is written in the file.
   */
  locate(path: readonly (string | number)[]): KeyLocation | undefined;
  /** The last key or table header that starts before `line` (to name what a syntax error follows). */
  lastBefore(line: number): ScannedKey | undefined;
}

const pathKey = (parts: readonly string[]): string => parts.join('\u0000');

/** Scans `source` once; each lookup is then a map access per path prefix. */
export function createKeyLocator(source: string): KeyLocator {
  const keys = scanTomlKeys(source);
  const byPath = new Map<string, ScannedKey>();
  for (const k of keys) if (!byPath.has(pathKey(k.path))) byPath.set(pathKey(k.path), k);
  return {
    locate(path) {
      const names = path.filter((p): p is string => typeof p === 'string');
      for (let n = names.length; n > 0; n--) {
        const hit = byPath.get(pathKey(names.slice(0, n)));
        if (!hit) continue;
        const next = path[path.indexOf(names[n - 1]!) + 1];
        const item = n === names.length && typeof next === 'number' ? hit.items?.[next] : undefined;
        return item ?? { line: hit.line, column: hit.column };
      }
      return undefined;
    },
    lastBefore(line) {
      let found: ScannedKey | undefined;
      for (const k of keys) {
        if (k.line >= line) break;
        found = k;
      }
      return found;
    },
  };
}

/** One lookup; use createKeyLocator to place several keys of the same source. */
export function locateKey(source: string, path: readonly (string | number)[]): KeyLocation | undefined {
  return createKeyLocator(source).locate(path);
}
