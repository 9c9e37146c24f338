import { computeLineStarts, offsetAt, positionAt } from './lsp';
import { parsePlan } from './parse';
import { formatScalar, formatScalarLike } from './scalar';
import type { FrontMatterBlock, FrontMatterEntry, ParsedPlan, Range } from './types';
import { PLAN_STATUSES } from './types';

/**
 * Byte-preserving front-matter edits. Lifecycle changes (status, git_sha) rewrite one value and nothing else: the
 * body, comments, spacing, key order, line endings and BOM stay exactly as the user wrote them, because plans are
 * tracked files and a reformatting diff would bury the one change that matters.
 */

/** An LSP-shaped edit: `range` in positions of the text without its BOM, as in ParsedPlan. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export class PlanEditError extends Error {
  override readonly name = 'PlanEditError';
}

/**
 * Replace `key`'s value with the string `value`, keeping its quoting style, or insert `key: value` before the closing
 * fence when the key is absent. Quotes the value when a YAML reader would not read it back as the same string.
 */
export function setValueEdit(parsed: ParsedPlan, key: string, value: string): TextEdit {
  const { entries, block } = editable(parsed, key);
  const matches = entries.filter((e) => e.key === key);
  if (matches.length > 1) {
    const lines = matches.map((e) => e.keyRange.start.line + 1).join(' and ');
    throw new PlanEditError(`'${key}' is set more than once (lines ${lines}). Remove the extra lines, then try again.`);
  }
  const entry = matches[0];
  if (entry === undefined) {
    if (block.flow) throw flowError(key);
    const at = positionAt(parsed.lineStarts, block.closeFenceOffset);
    return { range: { start: at, end: at }, newText: `${key}: ${formatScalar(value)}${parsed.eol}` };
  }
  const { text, lineStarts } = parsed;
  let [from, to] = entry.valueOffsets;
  let newText = formatScalarLike(value, entry.style);
  const blockCollection =
    (entry.style === 'sequence' || entry.style === 'mapping') && entry.valueRange.start.line > entry.keyRange.start.line;
  if (blockCollection || entry.style === 'empty') {
    // Write right after the colon: `key:\n  - a` becomes `key: value` with no orphaned indentation, and
    // `key: # note` becomes `key: value # note` (YAML reads `value# note` as one word).
    from = text.indexOf(':', entry.keyOffsets[1]) + 1;
    if (entry.style === 'empty') to = from;
    newText = ` ${newText}`;
  }
  return { range: { start: positionAt(lineStarts, from), end: positionAt(lineStarts, to) }, newText };
}

/**
 * Remove an entry's own lines (key line through the value's last line, e.g. every item of a list). Comment lines
 * around it are left alone: they may describe something else. `line` picks one of duplicated keys (0-based line of the
 * key); otherwise the first. Undefined when the key is not there or the front matter could not be read.
 */
export function removeKeyEdit(parsed: ParsedPlan, key: string, line?: number): TextEdit | undefined {
  const entry = parsed.entries?.find((e) => e.key === key && (line === undefined || e.keyRange.start.line === line));
  if (entry === undefined || parsed.frontMatter === null) return undefined;
  if (parsed.frontMatter.flow) throw flowError(key);
  return {
    range: { start: { line: entry.lines[0], character: 0 }, end: { line: entry.lines[1] + 1, character: 0 } },
    newText: '',
  };
}

/**
 * Apply edits whose ranges refer to `text` without its BOM (as ParsedPlan and VS Code count); a BOM in `text` is
 * kept. Edits must not overlap; inserts at one position land in array order, as in LSP.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const body = bom ? text.slice(1) : text;
  const lineStarts = computeLineStarts(body);
  const spans = edits
    .map((edit, index) => ({
      start: offsetAt(body, lineStarts, edit.range.start),
      end: offsetAt(body, lineStarts, edit.range.end),
      newText: edit.newText,
      index,
    }))
    .sort((a, b) => a.start - b.start || a.index - b.index);
  let out = bom;
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor || span.end < span.start) {
      throw new Error(`Overlapping or inverted text edits at offset ${span.start}: compute them from one parse and merge them first.`);
    }
    out += body.slice(cursor, span.start) + span.newText;
    cursor = span.end;
  }
  return out + body.slice(cursor);
}

/**
 * Set a lifecycle value in raw file content (BOM and CRLF kept): only the bytes of that value change.
 * Throws PlanEditError, with the fix, for an invalid value or a plan whose front matter cannot be read.
 */
export function setFrontMatterValue(text: string, key: 'status' | 'git_sha', value: string): string {
  if (key === 'status' && !(PLAN_STATUSES as readonly string[]).includes(value)) {
    throw new PlanEditError(`Cannot set status to '${value}': use one of ${PLAN_STATUSES.join(', ')}.`);
  }
  if (key === 'git_sha' && !/^[0-9a-f]{40}$/.test(value)) {
    throw new PlanEditError(`Cannot set git_sha to '${value}': use a full 40-character lower-case sha, e.g. from 'git rev-parse HEAD'.`);
  }
  return applyTextEdits(text, [setValueEdit(parsePlan(text), key, value)]);
}

function editable(parsed: ParsedPlan, key: string): { entries: readonly FrontMatterEntry[]; block: FrontMatterBlock } {
  if (parsed.entries === null || parsed.frontMatter === null) {
    const problem = parsed.syntaxDiagnostics.find((d) => d.severity === 'error');
    const where = problem ? ` Line ${problem.range.start.line + 1}: ${problem.message}` : '';
    throw new PlanEditError(`Cannot set '${key}': the plan's front matter is missing or is not valid YAML. Fix it first.${where}`);
  }
  return { entries: parsed.entries, block: parsed.frontMatter };
}

function flowError(key: string): PlanEditError {
  return new PlanEditError(
    `Cannot add or remove '${key}': the front matter is written as one '{…}' mapping. Rewrite it as one 'key: value' line per key.`,
  );
}
