import { readSimpleFrontMatter } from './fastYaml';
import type { RawItem, RawPair } from './fastYaml';
import { scanFences } from './fences';
import { computeLineStarts, lineEndOffset, lineOfOffset, rangeAt } from './lsp';
import type { FrontMatterBlock, FrontMatterEntry, FrontMatterItem, ParsedPlan, PlanDiagnostic, Range } from './types';
import { readWithYaml } from './yamlReader';

export interface ParseOptions {
  /** false reads every front matter with the yaml package; tests use it to prove the fast reader agrees. */
  readonly fastReader?: boolean;
}

/**
 * Markdown + YAML front matter -> entries with source positions. Never throws: every problem becomes a syntax
 * diagnostic, so the language server can show it while the user types.
 *
 * Positions are computed on the text without its BOM (VS Code strips it from documents); `hasBom` remembers it so
 * edits can write it back.
 */
export function parsePlan(input: string, options: ParseOptions = {}): ParsedPlan {
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
  const parsedYaml = readFrontMatter(text, lineStarts, closeLine, options.fastReader !== false);
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

interface FrontMatterReading {
  readonly entries: FrontMatterEntry[] | null;
  readonly flow: boolean;
  readonly diagnostics: PlanDiagnostic[];
}

/** The fast reader for the usual shape, the yaml package for everything else; both yield the same entries. */
function readFrontMatter(text: string, lineStarts: readonly number[], closeLine: number, fast: boolean): FrontMatterReading {
  const simple = fast ? readSimpleFrontMatter(text, lineStarts, 1, closeLine) : undefined;
  const reading = simple
    ? { pairs: simple, flow: false, diagnostics: [] }
    : readWithYaml(text, lineStarts[1] ?? text.length, lineStarts[closeLine] ?? text.length, lineStarts);
  if (reading.pairs === null) return { entries: null, flow: false, diagnostics: reading.diagnostics };
  const diagnostics = [...reading.diagnostics];
  const entries: FrontMatterEntry[] = [];
  const firstLineOfKey = new Map<string, number>();
  for (const pair of reading.pairs) {
    const entry = toEntry(text, lineStarts, pair);
    const seenOn = firstLineOfKey.get(entry.key);
    if (seenOn === undefined) firstLineOfKey.set(entry.key, entry.keyRange.start.line);
    else {
      diagnostics.push({
        code: 'duplicate-key',
        severity: 'error',
        range: entry.keyRange,
        data: { key: entry.key },
        message: `'${entry.key}' is already set on line ${seenOn + 1}. Remove one of the two lines: YAML readers disagree on which one wins.`,
      });
    }
    entries.push(entry);
  }
  return { entries, flow: reading.flow, diagnostics };
}

function toEntry(text: string, lineStarts: readonly number[], pair: RawPair): FrontMatterEntry {
  const { key, keyFrom, keyTo, value } = pair;
  let { from, to } = value;
  if (value.style === 'empty') {
    // The contract: an absent value is an empty range right after the colon (when the colon is on the key's line).
    const colon = text.indexOf(':', keyTo);
    if (colon !== -1 && colon < lineEndOffset(text, lineStarts, lineOfOffset(lineStarts, keyTo))) from = to = colon + 1;
  }
  const keyRange = rangeAt(lineStarts, keyFrom, keyTo);
  const items = pair.items?.map((item) => toItem(text, lineStarts, item));
  return {
    key,
    keyRange,
    keyOffsets: [keyFrom, keyTo],
    value: value.value,
    style: value.style,
    plain: value.style === 'plain',
    ...(value.sourceText === undefined ? {} : { sourceText: value.sourceText }),
    valueRange: rangeAt(lineStarts, from, to),
    valueOffsets: [from, to],
    lines: [keyRange.start.line, lineOfOffset(lineStarts, to)],
    ...(items ? { items, itemRanges: items.map((i) => i.range) } : {}),
  };
}

function toItem(text: string, lineStarts: readonly number[], item: RawItem): FrontMatterItem {
  let { from, to } = item;
  if (from === to) {
    // An empty item (`-` alone): cover the dash, or editors have nothing to underline.
    let dash = from;
    while (dash > 0 && text.charCodeAt(dash - 1) === 32) dash--;
    if (text.charCodeAt(dash - 1) === 45 /* - */) [from, to] = [dash - 1, dash];
  }
  return {
    value: item.value,
    style: item.style,
    range: rangeAt(lineStarts, from, to),
    ...(item.sourceText === undefined ? {} : { sourceText: item.sourceText }),
  };
}
