import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import { scanFences } from './fences';
import { computeLineStarts, lineEndOffset, lineOfOffset, rangeAt } from './lsp';
import type {
  FrontMatterBlock,
  FrontMatterEntry,
  FrontMatterItem,
  ParsedPlan,
  PlanDiagnostic,
  Range,
  ValueStyle,
} from './types';

/**
 * Markdown + YAML front matter -> entries with source positions. Never throws: every problem becomes a syntax
 * diagnostic, so the language server can show it while the user types.
 *
 * Positions are computed on the text without its BOM (VS Code strips it from documents); `hasBom` remembers it so
 * edits can write it back.
 */
export function parsePlan(input: string): ParsedPlan {
  const hasBom = input.charCodeAt(0) === 0xfeff;
  const text = hasBom ? input.slice(1) : input;
  const lineStarts = computeLineStarts(text);
  const firstBreak = text.indexOf('\n');
  const eol = firstBreak > 0 && text.charCodeAt(firstBreak - 1) === 13 ? '\r\n' : '\n';
  const base = { text, hasBom, eol, lineStarts } as const;
  const lineRange = (line: number): Range =>
    rangeAt(lineStarts, lineStarts[line] ?? 0, lineEndOffset(text, lineStarts, line));
  const end = rangeAt(lineStarts, text.length, text.length);

  const fences = scanFences(text, lineStarts);
  if (fences.kind === 'missing') {
    const moved =
      fences.fenceLaterAt === undefined
        ? ''
        : ` A '---' line appears on line ${fences.fenceLaterAt + 1}: move it to the very first line (nothing may come before it).`;
    return {
      ...base,
      entries: null,
      frontMatterRange: null,
      frontMatter: null,
      body: text,
      bodyRange: rangeAt(lineStarts, 0, text.length),
      syntaxDiagnostics: [
        {
          code: 'front-matter-missing',
          severity: 'error',
          range: lineRange(0),
          message:
            "The plan has no front matter. Start the file with a line '---', then 'plan_id: …', 'git_sha: …' and " +
            `'status: draft' lines, then a closing '---' line.${moved}`,
        },
      ],
    };
  }
  if (fences.kind === 'unclosed') {
    return {
      ...base,
      entries: null,
      frontMatterRange: null,
      frontMatter: null,
      body: '',
      bodyRange: end,
      syntaxDiagnostics: [
        {
          code: 'front-matter-unclosed',
          severity: 'error',
          range: lineRange(0),
          message:
            "The front matter opened here is never closed. Add a line that is exactly '---' after the last key, " +
            'before the plan text.',
        },
      ],
    };
  }

  const { closeLine } = fences;
  const contentStart = lineStarts[1] ?? text.length;
  const contentEnd = lineStarts[closeLine] ?? text.length;
  const bodyStart = lineStarts[closeLine + 1] ?? text.length;
  const closeFenceRange = lineRange(closeLine);
  const parsedYaml = readYaml(text, contentStart, contentEnd, lineStarts);
  const frontMatter: FrontMatterBlock = {
    openFenceRange: lineRange(0),
    closeFenceRange,
    closeFenceOffset: contentEnd,
    contentOffsets: [contentStart, contentEnd],
    flow: parsedYaml.flow,
  };
  return {
    ...base,
    entries: parsedYaml.entries,
    frontMatterRange: { start: { line: 0, character: 0 }, end: closeFenceRange.end },
    frontMatter,
    body: text.slice(bodyStart),
    bodyRange: rangeAt(lineStarts, bodyStart, text.length),
    syntaxDiagnostics: parsedYaml.diagnostics,
  };
}

interface YamlReading {
  readonly entries: FrontMatterEntry[] | null;
  readonly flow: boolean;
  readonly diagnostics: PlanDiagnostic[];
}

function readYaml(text: string, start: number, end: number, lineStarts: readonly number[]): YamlReading {
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
  if (doc.errors.length > 0) return { entries: null, flow: false, diagnostics };

  const contents = doc.contents;
  if (contents === null) return { entries: [], flow: false, diagnostics };
  if (!isMap(contents)) {
    const [from, to] = trimmedSpan(text, start, contents);
    const found = isSeq(contents) ? 'a list' : 'a single value';
    diagnostics.push({
      code: 'front-matter-not-mapping',
      severity: 'error',
      range: rangeAt(lineStarts, from, to),
      message: `The front matter must be 'key: value' lines (a YAML mapping), but it is ${found}. Write it as 'plan_id: …', 'git_sha: …', 'status: …' lines.`,
    });
    return { entries: null, flow: false, diagnostics };
  }

  const entries: FrontMatterEntry[] = [];
  const firstLineOfKey = new Map<string, number>();
  for (const pair of contents.items) {
    const keyNode = pair.key as Node | null;
    const valueNode = pair.value as Node | null;
    const keyOffsets = keyNode?.range
      ? ([start + keyNode.range[0], start + keyNode.range[1]] as const)
      : ([start + (valueNode?.range?.[0] ?? 0), start + (valueNode?.range?.[0] ?? 0)] as const);
    const key = keyNode === null ? '' : isScalar(keyNode) ? scalarSource(keyNode) : text.slice(...keyOffsets);
    const keyRange = rangeAt(lineStarts, keyOffsets[0], keyOffsets[1]);
    const value = describeValue(doc, text, start, lineStarts, valueNode, keyOffsets[1]);
    const seenOn = firstLineOfKey.get(key);
    if (seenOn === undefined) firstLineOfKey.set(key, keyRange.start.line);
    else {
      diagnostics.push({
        code: 'duplicate-key',
        severity: 'error',
        range: keyRange,
        data: { key },
        message: `'${key}' is already set on line ${seenOn + 1}. Remove one of the two lines: YAML readers disagree on which one wins.`,
      });
    }
    entries.push({
      key,
      keyRange,
      keyOffsets,
      ...value,
      lines: [keyRange.start.line, lineOfOffset(lineStarts, value.valueOffsets[1])],
    });
  }
  return { entries, flow: contents.flow === true, diagnostics };
}

type ValueDescription = Omit<FrontMatterEntry, 'key' | 'keyRange' | 'keyOffsets' | 'lines'>;

function describeValue(
  doc: Document,
  text: string,
  base: number,
  lineStarts: readonly number[],
  node: Node | null,
  keyEnd: number,
): ValueDescription {
  if (node === null || node.range === undefined || node.range === null) {
    // `? key` with no value: point just after the key.
    return { value: null, style: 'empty', plain: false, valueRange: rangeAt(lineStarts, keyEnd, keyEnd), valueOffsets: [keyEnd, keyEnd] };
  }
  const [from, to] = trimmedSpan(text, base, node);
  const valueRange = rangeAt(lineStarts, from, to);
  const style = styleOf(node);
  const common = { value: toJsSafely(doc, node), style, plain: style === 'plain', valueRange, valueOffsets: [from, to] as const };
  if (isScalar(node)) return { ...common, sourceText: scalarSource(node) };
  if (isSeq(node)) {
    const items: FrontMatterItem[] = [];
    for (const item of node.items as (Node | null)[]) {
      if (item === null || !item.range) continue;
      const [spanFrom, itemTo] = trimmedSpan(text, base, item);
      let itemFrom = spanFrom;
      // An empty item (`-` alone) has an empty range after the dash: widen it to the dash so editors can show it.
      if (itemFrom === itemTo && text[itemFrom - 1] === '-') itemFrom--;
      const itemStyle = isPair(item) ? 'mapping' : styleOf(item);
      items.push({
        value: isPair(item) ? undefined : toJsSafely(doc, item),
        style: itemStyle,
        range: rangeAt(lineStarts, itemFrom, itemTo),
        ...(isScalar(item) ? { sourceText: scalarSource(item) } : {}),
      });
    }
    return { ...common, items, itemRanges: items.map((i) => i.range) };
  }
  return common;
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
