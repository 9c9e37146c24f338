import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { RawItem, RawPair } from './fastYaml';
import { rangeAt } from './lsp';
import type { PlanDiagnostic, ValueStyle } from './types';

/**
 * The general path: any YAML, read with the `yaml` package (positions from its node ranges). Used when the fast
 * reader gives up; it is also where syntax errors are found and explained.
 */
export interface YamlReading {
  /** null when the YAML has errors or is not a mapping. */
  readonly pairs: RawPair[] | null;
  readonly flow: boolean;
  readonly diagnostics: PlanDiagnostic[];
}

export function readWithYaml(text: string, start: number, end: number, lineStarts: readonly number[]): YamlReading {
  const source = text.slice(start, end);
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false });
  const diagnostics: PlanDiagnostic[] = [];
  const syntax = (e: YAMLError, severity: 'error' | 'warning'): PlanDiagnostic => {
    const [from, to] = errorSpan(source, e);
    const fix = /flow/i.test(e.message) ? FLOW_FIX : (YAML_FIXES[e.code] ?? GENERIC_FIX);
    return {
      code: 'yaml-syntax',
      severity,
      range: rangeAt(lineStarts, start + from, start + to),
      message: `YAML syntax error: ${e.message.replace(/\.$/, '')}. ${fix}`,
    };
  };
  for (const e of doc.errors) diagnostics.push(syntax(e, 'error'));
  for (const w of doc.warnings) diagnostics.push(syntax(w, 'warning'));
  // Rules judged on a half-parsed document would pile confusing errors on top of the real one.
  if (doc.errors.length > 0) return { pairs: null, flow: false, diagnostics };

  const contents = doc.contents;
  if (contents === null) return { pairs: [], flow: false, diagnostics };
  if (!isMap(contents)) {
    const [from, to] = trimmedSpan(text, start, contents);
    const found = isSeq(contents) ? 'a list' : 'a single value';
    diagnostics.push({
      code: 'front-matter-not-mapping',
      severity: 'error',
      range: rangeAt(lineStarts, from, to),
      message: `The front matter must be 'key: value' lines (a YAML mapping), but it is ${found}. Write it as 'plan_id: …', 'git_sha: …', 'status: …' lines.`,
    });
    return { pairs: null, flow: false, diagnostics };
  }

  const pairs: RawPair[] = [];
  for (const pair of contents.items) {
    const keyNode = pair.key as Node | null;
    const valueNode = pair.value as Node | null;
    const anchor = start + (keyNode?.range?.[0] ?? valueNode?.range?.[0] ?? 0);
    const keyFrom = anchor;
    const keyTo = keyNode?.range ? start + keyNode.range[1] : anchor;
    const key = keyNode === null ? '' : isScalar(keyNode) ? scalarSource(keyNode) : text.slice(keyFrom, keyTo);
    if (valueNode === null || !valueNode.range) {
      // `? key` with no value at all.
      pairs.push({ key, keyFrom, keyTo, value: { from: keyTo, to: keyTo, style: 'empty', value: null } });
      continue;
    }
    const value = rawItem(doc, text, start, valueNode);
    const items = isSeq(valueNode)
      ? (valueNode.items as (Node | null)[]).filter((i): i is Node => i !== null && !!i.range).map((i) => rawItem(doc, text, start, i))
      : undefined;
    pairs.push(items ? { key, keyFrom, keyTo, value, items } : { key, keyFrom, keyTo, value });
  }
  return { pairs, flow: contents.flow === true, diagnostics };
}

function rawItem(doc: Document, text: string, base: number, node: Node): RawItem {
  const [from, to] = trimmedSpan(text, base, node);
  const style = isPair(node) ? 'mapping' : styleOf(node);
  const value = isPair(node) ? undefined : toJsSafely(doc, node);
  return isScalar(node) ? { from, to, style, value, sourceText: scalarSource(node) } : { from, to, style, value };
}

/**
 * Where to show a YAML error. YAML reports an unclosed quote or bracket where it ran out of input — the closing fence
 * line, which tells the user nothing — so point at the opening quote, or at least at the last real content.
 */
function errorSpan(source: string, e: YAMLError): [number, number] {
  let [from, to] = e.pos;
  const quote = /closing (['"])quote/.exec(e.message)?.[1];
  const opening = quote === undefined ? -1 : source.lastIndexOf(quote, Math.min(from, source.length) - 1);
  if (opening !== -1) {
    const lineEnd = source.indexOf('\n', opening);
    return [opening, lineEnd === -1 ? source.length : source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd];
  }
  if (from >= source.length) {
    to = source.length;
    while (to > 0 && isSpace(source.charCodeAt(to - 1))) to--;
    from = Math.max(0, to - 1);
  }
  return [from, Math.max(from, to)];
}

function styleOf(node: Node): ValueStyle {
  if (isSeq(node)) return 'sequence';
  if (isMap(node)) return 'mapping';
  if (isAlias(node)) return 'alias';
  if (isScalar(node)) {
    switch (node.type) {
      case Scalar.QUOTE_DOUBLE:
        return 'double-quoted';
      case Scalar.QUOTE_SINGLE:
        return 'single-quoted';
      case Scalar.BLOCK_LITERAL:
      case Scalar.BLOCK_FOLDED:
        return 'block-scalar';
      default:
        return scalarSource(node) === '' && node.value === null ? 'empty' : 'plain';
    }
  }
  return 'plain';
}

/** The scalar's string before YAML applied its schema: '0000…' stays '0000…', '2025-01-02' stays a string. */
function scalarSource(node: Scalar): string {
  return typeof node.source === 'string' ? node.source : String(node.value);
}

function toJsSafely(doc: Document, node: Node): unknown {
  try {
    return node.toJS(doc);
  } catch {
    return undefined; // e.g. an alias to a missing anchor; YAML reported it already
  }
}

/**
 * The node's span without trailing comments and blank lines: YAML extends a block collection's range over the comment
 * lines after it, but a diagnostic or an edit must stop at the last item.
 */
function trimmedSpan(text: string, base: number, node: Node): [number, number] {
  const from = base + (node.range?.[0] ?? 0);
  let to = base + lastContentEnd(node);
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return [from, to];
}

function lastContentEnd(node: Node): number {
  if ((isSeq(node) || isMap(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    if (isPair(last)) {
      const inner = (last.value ?? last.key) as Node | null;
      if (inner?.range) return lastContentEnd(inner);
    } else if (last && (last as Node).range) return lastContentEnd(last as Node);
  }
  return node.range?.[1] ?? 0;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const FLOW_FIX = "Close the '[' or '{' this value opens on the same line, or put the value in quotes.";
const GENERIC_FIX =
  "Write the front matter as 'key: value' lines; put values that contain ': ' or ' #', or start with a special character, in quotes.";

/** How to fix each YAML error the front matter can realistically contain. */
const YAML_FIXES: Partial<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY:
    "A value cannot contain ': ' unless it is quoted (write key: \"text: more text\"), and every key starts at the first column.",
  MISSING_CHAR: 'Close the quote or bracket this value opens (a value that starts with a quote must end with the same quote).',
  BAD_INDENT: "Start every key at the first column and indent list items ('  - item') under their key.",
  TAB_AS_INDENT: 'Indent with spaces: YAML does not allow tabs for indentation.',
  BAD_SCALAR_START: "Put the value in quotes: values cannot start with @, ` or other reserved characters unquoted.",
  MULTILINE_IMPLICIT_KEY: "Keep each key and its ':' on one line.",
  MULTIPLE_DOCS: "Remove the extra '---' or '...' line inside the front matter: it ends at the first line that is exactly '---'.",
  BAD_DQ_ESCAPE: "Fix the backslash escape in the double-quoted value, or use single quotes, where '\\' is literal.",
  UNEXPECTED_TOKEN: "Remove the stray text: each line should be 'key: value' or a '- item' under a key.",
  KEY_OVER_1024_CHARS: "Shorten the key, or add the missing ': ' after it.",
  TAG_RESOLVE_FAILED: "Remove the '!' tag before the value, or quote the value if the '!' is part of it.",
  BAD_ALIAS: "Quote the value: an unquoted '*' starts a YAML alias.",
};
