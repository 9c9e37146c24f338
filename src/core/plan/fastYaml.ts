import { isScalar, parseDocument } from 'yaml';
import type { ScalarTag } from 'yaml';
import type { ValueStyle } from './types';

/**
 * A fast reader for the front matter nearly every plan has: top-level `key: value` lines with plain or simply quoted
 * scalars, `key:` followed by a block list of such scalars, comments and blank lines. The `yaml` package needs ~100 µs
 * per plan (its lexer dominates); this needs a few, which is what keeps 5,000 plans under a second.
 *
 * It must agree exactly with the `yaml` path (test/unit/plan/fastYaml.test.ts compares them), so it gives up —
 * returns undefined — on anything it does not fully understand: tabs, escapes, flow collections, ':' or '#' inside
 * plain values, nested or multi-line values, anchors, tags, directives, odd characters. Plain scalars are typed by
 * the yaml package's own core-schema tags, not by regexes of ours.
 */

export interface RawItem {
  readonly from: number;
  readonly to: number;
  readonly style: ValueStyle;
  readonly value: unknown;
  readonly sourceText?: string;
}

export interface RawPair {
  readonly key: string;
  readonly keyFrom: number;
  readonly keyTo: number;
  readonly value: RawItem;
  readonly items?: readonly RawItem[];
}

const CORE_TAGS = parseDocument('').schema.tags.filter(
  (tag): tag is ScalarTag => tag.default === true && 'test' in tag && tag.test instanceof RegExp,
);

function resolvePlain(source: string): unknown {
  const tag = CORE_TAGS.find((t) => t.test?.test(source));
  if (!tag) return source;
  const resolved: unknown = tag.resolve(source, () => undefined, {});
  return isScalar(resolved) ? resolved.value : resolved; // floats come back wrapped, as in yaml's composer
}

const SPACE = 32;
const HASH = 35;

/** Reads lines [firstLine, endLine) of `text`; undefined means "not simple: use the yaml package". */
export function readSimpleFrontMatter(
  text: string,
  lineStarts: readonly number[],
  firstLine: number,
  endLine: number,
): RawPair[] | undefined {
  const pairs: RawPair[] = [];
  // The pair whose empty value may turn out to be a block list, and the list's indentation once known.
  let open:
    | { key: string; keyFrom: number; keyTo: number; empty: RawItem; items: RawItem[]; indent: number; seqFrom: number }
    | undefined;
  const closeOpen = (): void => {
    if (!open) return;
    const { key, keyFrom, keyTo, empty, items, seqFrom } = open;
    if (items.length === 0) pairs.push({ key, keyFrom, keyTo, value: empty });
    else {
      const last = items[items.length - 1] as RawItem;
      const value = { from: seqFrom, to: last.to, style: 'sequence' as const, value: items.map((i) => i.value) };
      pairs.push({ key, keyFrom, keyTo, value, items });
    }
    open = undefined;
  };

  for (let line = firstLine; line < endLine; line++) {
    const start = lineStarts[line] ?? text.length;
    let end = (lineStarts[line + 1] ?? text.length + 1) - 1;
    if (text.charCodeAt(end - 1) === 13) end--;
    let i = start;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (i === end || text.charCodeAt(i) === HASH) continue; // blank or comment line
    const indent = i - start;
    const c = text.charCodeAt(i);

    if (c === 45 /* - */ && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) {
      if (!open || (open.items.length > 0 && indent !== open.indent)) return undefined;
      if (open.items.length === 0) open.seqFrom = i;
      open.indent = indent;
      const item = readValue(text, i + 1, end);
      if (!item) return undefined;
      open.items.push(item);
      continue;
    }
    if (indent !== 0) return undefined; // a nested mapping or a continuation line
    closeOpen();
    if (!isKeyStart(c)) return undefined;
    let k = i + 1;
    while (k < end && isKeyChar(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) !== 58 /* : */ || k - i > 1000) return undefined;
    if (k + 1 < end && text.charCodeAt(k + 1) !== SPACE) return undefined;
    const value = readValue(text, k + 1, end);
    if (!value) return undefined;
    const key = text.slice(i, k);
    if (value.style === 'empty') open = { key, keyFrom: i, keyTo: k, empty: value, items: [], indent: -1, seqFrom: -1 };
    else pairs.push({ key, keyFrom: i, keyTo: k, value });
  }
  closeOpen();
  return pairs;
}

/** A scalar from `from` (just after ':' or '-') to the line's end, with an optional trailing comment. */
function readValue(text: string, from: number, end: number): RawItem | undefined {
  let i = from;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  if (i === end || text.charCodeAt(i) === HASH) {
    // Right after the indicator: where a block list ends when its last item is empty, as yaml's trimmed range does.
    return { from, to: from, style: 'empty', value: null, sourceText: '' };
  }
  const c = text.charCodeAt(i);
  if (c === 34 /* " */ || c === 39 /* ' */) {
    const close = text.indexOf(String.fromCharCode(c), i + 1);
    if (close === -1 || close >= end) return undefined;
    const content = text.slice(i + 1, close);
    if ((c === 34 && content.includes('\\')) || text.charCodeAt(close + 1) === c || !allPrintable(content)) return undefined;
    if (!restIsComment(text, close + 1, end)) return undefined;
    const style = c === 34 ? 'double-quoted' : 'single-quoted';
    return { from: i, to: close + 1, style, value: content, sourceText: content };
  }
  if (!isPlainStart(c)) return undefined;
  let last = i; // end of the last non-space character
  for (let j = i; j < end; j++) {
    const d = text.charCodeAt(j);
    if (d === SPACE) continue;
    if (d === HASH) {
      if (text.charCodeAt(j - 1) !== SPACE) return undefined;
      break;
    }
    if (d === 58 /* : */ || !isPrintable(d)) return undefined;
    last = j + 1;
  }
  const source = text.slice(i, last);
  return { from: i, to: last, style: 'plain', value: resolvePlain(source), sourceText: source };
}

function restIsComment(text: string, from: number, end: number): boolean {
  let i = from;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return i === end || (i > from && text.charCodeAt(i) === HASH);
}

function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 45;
}

/** Letters, digits, '_', '.', '/', '+' and non-ASCII letters: nothing YAML gives a meaning at the start of a plain scalar. */
function isPlainStart(c: number): boolean {
  return isKeyChar(c) && c !== 45 ? true : c === 46 || c === 47 || c === 43 || (c >= 0xa0 && isPrintable(c));
}

/** Printable and unambiguous for YAML: no controls, DEL, C1, BOM, line/paragraph separators or lone surrogates. */
function isPrintable(c: number): boolean {
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  return c !== 0xfeff && c !== 0x2028 && c !== 0x2029 && (c < 0xd800 || c > 0xdfff);
}

function allPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isPrintable(s.charCodeAt(i))) return false;
  return true;
}
