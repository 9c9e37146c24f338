import type { Position, Range } from './types';

/**
 * Offset <-> position conversion over a text whose line starts were computed once.
 * Positions count UTF-16 code units like LSP and JS strings; a line ends before its '\n' (and before a '\r' of CRLF),
 * so a range never swallows the line break.
 */

/** Offsets at which each line starts; line 0 starts at 0. Built once per text: every range conversion reuses it. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** The line containing `offset` (binary search: diagnostics convert many offsets per plan). */
export function lineOfOffset(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function positionAt(lineStarts: readonly number[], offset: number): Position {
  const line = lineOfOffset(lineStarts, offset);
  return { line, character: offset - (lineStarts[line] ?? 0) };
}

export function rangeAt(lineStarts: readonly number[], start: number, end: number): Range {
  return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
}

/** Offset of the end of a line's content, before '\n' or '\r\n'. */
export function lineEndOffset(text: string, lineStarts: readonly number[], line: number): number {
  const next = lineStarts[line + 1];
  if (next === undefined) return text.length;
  return text.charCodeAt(next - 2) === 13 /* \r */ ? next - 2 : next - 1;
}

/** Offset of a position; characters past the line's end clamp to it, lines past the end clamp to the text's end. */
export function offsetAt(text: string, lineStarts: readonly number[], position: Position): number {
  const start = lineStarts[position.line];
  if (start === undefined) return text.length;
  return Math.min(start + Math.max(0, position.character), lineEndOffset(text, lineStarts, position.line));
}
