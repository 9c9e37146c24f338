import { lineEndOffset } from './lsp';

/**
 * Locating the front matter: the first line must be exactly '---' (trailing spaces or tabs tolerated, as editors leave
 * them), and it ends at the next such line. Nothing else counts: YAML's own '...' end marker is not a fence, because
 * lw_coder and the markdown previewers only recognise '---'.
 */
export type FenceScan =
  | { readonly kind: 'missing'; readonly fenceLaterAt?: number }
  | { readonly kind: 'unclosed' }
  | { readonly kind: 'closed'; readonly closeLine: number };

export function isFenceLine(text: string, start: number, end: number): boolean {
  if (end - start < 3 || !text.startsWith('---', start)) return false;
  for (let i = start + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 /* space */ && c !== 9 /* tab */) return false;
  }
  return true;
}

export function scanFences(text: string, lineStarts: readonly number[]): FenceScan {
  const lineCount = lineStarts.length;
  const fenceAt = (line: number): boolean =>
    isFenceLine(text, lineStarts[line] ?? text.length, lineEndOffset(text, lineStarts, line));
  if (!fenceAt(0)) {
    // A fence a few lines down usually means blank lines or a title slipped above it: say so in the message.
    for (let line = 1; line < Math.min(lineCount, 20); line++) {
      if (fenceAt(line)) return { kind: 'missing', fenceLaterAt: line };
    }
    return { kind: 'missing' };
  }
  for (let line = 1; line < lineCount; line++) {
    if (fenceAt(line)) return { kind: 'closed', closeLine: line };
  }
  return { kind: 'unclosed' };
}
