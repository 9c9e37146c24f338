/**
 * Finds where a key sits in TOML source. smol-toml reports positions only for syntax errors, so schema errors (from
 * zod) are placed by this light line scan: it follows `[table]` headers and `key = …` lines, which covers how people
 * write config.toml. Inline tables and multi-line values fall back to the line of the nearest enclosing key.
 */

export interface KeyLocation {
  /** 1-based, as editors and humans count. */
  readonly line: number;
  readonly column: number;
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;

/** Splits a dotted key (`a."b.c".d`) into parts; returns undefined when the text is not a key. */
function parseDottedKey(text: string): { parts: string[]; rest: string } | undefined {
  const parts: string[] = [];
  let s = text;
  for (;;) {
    s = s.replace(/^[ \t]+/, '');
    let part: string | undefined;
    if (s.startsWith('"') || s.startsWith("'")) {
      const q = s[0]!;
      let i = 1;
      while (i < s.length && s[i] !== q) i += q === '"' && s[i] === '\\' ? 2 : 1;
      if (i >= s.length) return undefined;
      part = s.slice(1, i);
      s = s.slice(i + 1);
    } else {
      const m = BARE_KEY.exec(s);
      if (!m) return undefined;
      part = m[0];
      s = s.slice(part.length);
    }
    parts.push(part);
    s = s.replace(/^[ \t]+/, '');
    if (s.startsWith('.')) {
      s = s.slice(1);
      continue;
    }
    return { parts, rest: s };
  }
}

interface ScannedKey {
  readonly path: readonly string[];
  readonly line: number;
  readonly column: number;
  /** For an array value: where each item starts (so `forward_env[2]` points at its own line). */
  readonly items?: readonly KeyLocation[];
}

/** Every table header and key line in file order, with full dotted paths. */
export function scanTomlKeys(source: string): ScannedKey[] {
  const out: ScannedKey[] = [];
  const lines = source.split(/\r?\n/);
  let table: string[] = [];
  let inMultiline: '"""' | "'''" | undefined;
  let bracketDepth = 0;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (inMultiline) {
      if (raw.includes(inMultiline)) inMultiline = undefined;
      return;
    }
    if (bracketDepth > 0) {
      bracketDepth += depthChange(raw);
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    if (text.startsWith('[')) {
      const arrayTable = text.startsWith('[[');
      const inner = parseDottedKey(text.slice(arrayTable ? 2 : 1));
      if (inner && inner.rest.startsWith(arrayTable ? ']]' : ']')) {
        table = inner.parts;
        out.push({ path: table, line, column: indent + 1 });
      }
      return;
    }
    const key = parseDottedKey(text);
    if (!key || !key.rest.startsWith('=')) return;
    const value = key.rest.slice(1).trim();
    const items = value.startsWith('[') ? arrayItems(lines, index, raw.indexOf('[', indent + text.length - key.rest.length)) : undefined;
    out.push({ path: [...table, ...key.parts], line, column: indent + 1, ...(items ? { items } : {}) });
    for (const q of ['"""', "'''"] as const) {
      if (value.startsWith(q) && !value.slice(3).includes(q)) inMultiline = q;
    }
    if (!inMultiline && value.startsWith('[')) bracketDepth = Math.max(0, depthChange(value));
  });
  return out;
}

/** Start positions of the top-level items of the array whose `[` is at (lineIndex, col). */
function arrayItems(lines: readonly string[], lineIndex: number, col: number): KeyLocation[] {
  const items: KeyLocation[] = [];
  let depth = 0;
  let expectItem = false;
  for (let li = lineIndex; li < lines.length; li++) {
    const text = lines[li]!;
    for (let i = li === lineIndex ? col : 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '#') break;
      if (c === ' ' || c === '\t') continue;
      if (depth === 1 && expectItem && c !== ']' && c !== ',') {
        items.push({ line: li + 1, column: i + 1 });
        expectItem = false;
      }
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < text.length && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
        i = j;
      } else if (c === '[' || c === '{') {
        depth++;
        if (depth === 1) expectItem = true;
      } else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) return items;
      } else if (c === ',' && depth === 1) expectItem = true;
    }
  }
  return items;
}

/** Net `[` minus `]` outside strings and comments: enough to skip the lines of a multi-line array. */
function depthChange(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') break;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
  }
  return depth;
}

/**
 * The line of `path` (e.g. ['code', 'forward_env', 0]); array indices and keys inside inline tables resolve to the
 * nearest enclosing key that has a line of its own. Undefined when no prefix of the path is written in the file.
 */
export function locateKey(source: string, path: readonly (string | number)[]): KeyLocation | undefined {
  const keys = scanTomlKeys(source);
  const names = path.filter((p): p is string => typeof p === 'string');
  for (let n = names.length; n > 0; n--) {
    const want = names.slice(0, n);
    const hit = keys.find((k) => k.path.length === want.length && k.path.every((p, i) => p === want[i]));
    if (!hit) continue;
    const next = path[path.indexOf(want[n - 1]!) + 1];
    const item = n === names.length && typeof next === 'number' ? hit.items?.[next] : undefined;
    return item ?? { line: hit.line, column: hit.column };
  }
  return undefined;
}
