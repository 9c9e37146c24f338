import { scanFences } from '../core/plan/fences';
import { lineEndOffset } from '../core/plan/lsp';
import type { ParsedPlan, Position, Range } from '../core/plan/types';

/**
 * What the cursor is on inside the front matter, read from the raw lines rather than the YAML tree: completion is
 * asked for while the user types, when the YAML is half-written and may not parse at all.
 */
export type FrontMatterCursor =
  | {
      readonly kind: 'key';
      /** The key word around the cursor; a completion replaces it. */
      readonly range: Range;
      /** The line already has `: value` after the word, so only the key itself should be inserted. */
      readonly hasColon: boolean;
      readonly line: number;
    }
  | {
      readonly kind: 'value';
      readonly key: string;
      /** The value token around the cursor (empty right after `key: `). */
      readonly range: Range;
      readonly typed: string;
      /** Nothing separates the colon from the cursor: an inserted value needs a leading space to stay YAML. */
      readonly needsSpace: boolean;
    }
  | { readonly kind: 'none' };

const KEY_PREFIX = /^[A-Za-z_][\w-]*$/;
const KEY_VALUE = /^([A-Za-z_][\w-]*)[ \t]*:([ \t]*)(\S*)$/;
const KEY_LINE = /^([A-Za-z_][\w-]*)[ \t]*:/;

/** Lines holding the YAML (fences excluded); an unclosed front matter runs to the end so completion still helps. */
function yamlLines(parsed: ParsedPlan): [number, number] | undefined {
  const fences = scanFences(parsed.text, parsed.lineStarts);
  if (fences.kind === 'missing') return undefined;
  return [1, fences.kind === 'closed' ? fences.closeLine - 1 : parsed.lineStarts.length - 1];
}

function lineText(parsed: ParsedPlan, line: number): string {
  const start = parsed.lineStarts[line] ?? parsed.text.length;
  return parsed.text.slice(start, lineEndOffset(parsed.text, parsed.lineStarts, line));
}

export function cursorInFrontMatter(parsed: ParsedPlan, position: Position): FrontMatterCursor {
  const span = yamlLines(parsed);
  if (!span || position.line < span[0] || position.line > span[1]) return { kind: 'none' };
  const text = lineText(parsed, position.line);
  const before = text.slice(0, position.character);
  const wordEnd = position.character + (/^[\w-]*/.exec(text.slice(position.character))?.[0].length ?? 0);
  if (before === '' || KEY_PREFIX.test(before)) {
    const after = text.slice(wordEnd);
    return {
      kind: 'key',
      range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: wordEnd } },
      hasColon: /^[ \t]*:/.test(after),
      line: position.line,
    };
  }
  const m = KEY_VALUE.exec(before);
  if (!m) return { kind: 'none' };
  const typed = m[3] ?? '';
  const valueStart = position.character - typed.length;
  const tokenEnd = position.character + (/^\S*/.exec(text.slice(position.character))?.[0].length ?? 0);
  return {
    kind: 'value',
    key: m[1] ?? '',
    range: { start: { line: position.line, character: valueStart }, end: { line: position.line, character: tokenEnd } },
    typed,
    needsSpace: (m[2] ?? '') === '' && typed === '',
  };
}

/** Keys written at the start of a front-matter line, except on `exceptLine` (the one being typed). */
export function keysPresent(parsed: ParsedPlan, exceptLine?: number): Set<string> {
  const keys = new Set<string>();
  const span = yamlLines(parsed);
  if (!span) return keys;
  for (let line = span[0]; line <= span[1]; line++) {
    if (line === exceptLine) continue;
    const m = KEY_LINE.exec(lineText(parsed, line));
    if (m?.[1]) keys.add(m[1]);
  }
  return keys;
}
