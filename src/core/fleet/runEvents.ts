/**
 * What the fleet's status needs from a run's events.jsonl (src/app/run/runHeadless.ts writes one JSON object per agent
 * event: `{ attempt, at, kind, … }`, usage lines tagged with the run's `agent` and `model`): the token usage per model
 * and the last event, as one line. Folded incrementally — the file only grows while the run goes on, so a reader keeps
 * this state and feeds it the new bytes (src/adapters/fs/runActivityFiles.ts). Pure.
 */

/** Token usage of one model (or one agent's default model) within a run. */
export interface UsageBucket {
  /** The price-table key: the model id the run was given, else its agent's name (a run on the agent's default model). */
  readonly key: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  /** Cost the agent itself reported (claude), summed over the events that carried one. */
  readonly reportedUsd: number;
  /** Input + output tokens of events that reported no cost: what only a price can turn into dollars. */
  readonly unreportedTokens: number;
}

export interface RunLastEvent {
  /** ISO time the host recorded it, when the line has one. */
  readonly at?: string;
  readonly kind: string;
  /** One short line (see LAST_EVENT_TEXT_LIMIT). */
  readonly text: string;
}

export interface RunActivity {
  /** The run directory's name (its timestamp). */
  readonly run: string;
  readonly buckets: readonly UsageBucket[];
  readonly lastEvent?: RunLastEvent;
  readonly events: number;
}

/** The key of usage reported by a line without agent or model (files written before usage was tagged). */
export const UNTAGGED_USAGE_KEY = 'unknown model';
export const LAST_EVENT_TEXT_LIMIT = 160;

export interface RunEventsFold {
  readonly buckets: Map<string, UsageBucket>;
  lastEvent?: RunLastEvent;
  events: number;
}

export const emptyFold = (): RunEventsFold => ({ buckets: new Map(), events: 0 });

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > LAST_EVENT_TEXT_LIMIT ? `${flat.slice(0, LAST_EVENT_TEXT_LIMIT - 1)}…` : flat;
};

function describe(e: Record<string, unknown>, kind: string): string {
  switch (kind) {
    case 'started': return 'agent started';
    case 'message': return `${e.role === 'reasoning' ? '(thinking) ' : ''}${str(e.text) ?? ''}`;
    case 'command': return `$ ${str(e.command) ?? ''} — ${str(e.status) ?? '?'}`;
    case 'file-change': return `${str(e.change) ?? 'change'} ${str(e.path) ?? ''}`;
    case 'usage': return `${num(e.inputTokens)} tokens in, ${num(e.outputTokens)} out`;
    case 'completed': return 'turn completed';
    case 'failed':
    case 'error': return str(e.message) ?? kind;
    default: return kind;
  }
}

/** Folds complete lines (the caller keeps a trailing partial line for the next read). Torn or foreign lines are skipped. */
export function foldEventLines(fold: RunEventsFold, text: string): void {
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const e = value as Record<string, unknown>;
    const kind = str(e.kind);
    if (!kind) continue;
    fold.events++;
    fold.lastEvent = { ...(str(e.at) ? { at: str(e.at)! } : {}), kind, text: oneLine(describe(e, kind)) };
    if (kind !== 'usage') continue;
    const key = str(e.model) ?? str(e.agent) ?? UNTAGGED_USAGE_KEY;
    const before = fold.buckets.get(key) ?? { key, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reportedUsd: 0, unreportedTokens: 0 };
    const reported = typeof e.costUsd === 'number' && Number.isFinite(e.costUsd) && e.costUsd >= 0 ? e.costUsd : undefined;
    fold.buckets.set(key, {
      key,
      inputTokens: before.inputTokens + num(e.inputTokens),
      outputTokens: before.outputTokens + num(e.outputTokens),
      cachedInputTokens: before.cachedInputTokens + num(e.cachedInputTokens),
      reportedUsd: before.reportedUsd + (reported ?? 0),
      unreportedTokens: before.unreportedTokens + (reported === undefined ? num(e.inputTokens) + num(e.outputTokens) : 0),
    });
  }
}

export function activityOf(run: string, fold: RunEventsFold): RunActivity {
  return { run, buckets: [...fold.buckets.values()], ...(fold.lastEvent ? { lastEvent: fold.lastEvent } : {}), events: fold.events };
}
