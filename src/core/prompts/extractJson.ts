/**
 * Finds the JSON object in a model's text answer: the whole text, a ```json fence, or the first balanced {...}.
 * The fallback for endpoints without structured output, and a safety net when a model wraps JSON in prose.
 */
export function extractJsonObject(text: string): unknown {
  const candidates: string[] = [text.trim()];
  for (const m of text.matchAll(/```(?:json|JSON)?\s*\n([\s\S]*?)```/g)) candidates.push(m[1]!.trim());
  const start = text.indexOf('{');
  if (start >= 0) {
    const end = balancedEnd(text, start);
    if (end > start) candidates.push(text.slice(start, end + 1));
  }
  for (const c of candidates) {
    if (!c.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(c);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/** Index of the brace closing the one at `start`, honouring JSON strings; -1 when unbalanced. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}
