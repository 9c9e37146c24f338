/**
 * The common events every agent backend turns its output lines into, so the runner, the run directory's events.jsonl
 * and the feedback webview never need to know which CLI ran.
 */
export type AgentEvent =
  | { readonly kind: 'started'; readonly sessionId?: string }
  | { readonly kind: 'message'; readonly text: string; readonly role: 'agent' | 'reasoning' }
  | {
      readonly kind: 'command';
      readonly command: string;
      readonly status: 'started' | 'completed' | 'failed';
      readonly exitCode?: number | null;
      readonly output?: string;
    }
  | { readonly kind: 'file-change'; readonly path: string; readonly change: 'add' | 'update' | 'delete' | 'unknown' }
  | {
      readonly kind: 'usage';
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly cachedInputTokens?: number;
      readonly costUsd?: number;
    }
  /** The agent says its turn ended normally; `text` is the final answer when the stream carries it. */
  | { readonly kind: 'completed'; readonly text?: string }
  /** The agent says its turn ended in failure. */
  | { readonly kind: 'failed'; readonly message: string }
  /** A non-terminal error report (codex reconnect notices, error items); fatal only when no completion follows. */
  | { readonly kind: 'error'; readonly message: string };

export type AgentEventKind = AgentEvent['kind'];

/** Parses one output line as a JSON object; anything else (blank, banner, partial line) is not an event. */
export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The text of the last agent message, the usual carrier of a structured final answer. */
export function lastAgentMessage(events: readonly AgentEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'completed' && e.text?.trim()) return e.text;
    if (e.kind === 'message' && e.role === 'agent' && e.text.trim()) return e.text;
  }
  return undefined;
}
