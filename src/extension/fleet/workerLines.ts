import type { HeadlessEvent } from '../../app/run/runHeadlessTypes';
import { parseJsonLine, type AgentEvent } from '../../core/agent/events';
import { describeHeadlessEvent } from '../run/headlessEvents';

/**
 * What a worker's terminal prints (issue 13 item 3): each line of its run's events.jsonl as the headless log renders
 * it (describeHeadlessEvent: commands, file changes, messages, usage), then the run's result. Pure (no 'vscode', no
 * I/O), so the wording is unit tested; workerTerminal.ts reads the files and writes these lines.
 */

export type LineTone = 'plain' | 'dim' | 'warn' | 'good' | 'bad' | 'title';

export interface WorkerLine {
  readonly text: string;
  readonly tone: LineTone;
}

const AGENT_KINDS: ReadonlySet<string> = new Set<AgentEvent['kind']>(['started', 'message', 'command', 'file-change', 'usage', 'completed', 'failed', 'error']);

/** `12:03:07` of an ISO time (UTC, as events.jsonl records it), or '' when the line has none. */
const clock = (at: unknown): string => (typeof at === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(at) ? `${at.slice(11, 19)} ` : '');

/** One events.jsonl line (`{ attempt, at, kind, ... }`) as a terminal line; undefined for torn lines and events nobody reads. */
export function workerEventLine(jsonLine: string, agent: string): WorkerLine | undefined {
  const raw = parseJsonLine(jsonLine);
  if (!raw || typeof raw['kind'] !== 'string' || !AGENT_KINDS.has(raw['kind'])) return undefined;
  const { attempt, at, ...event } = raw;
  const headless: HeadlessEvent = { type: 'agent', attempt: typeof attempt === 'number' ? attempt : 1, event: event as unknown as AgentEvent };
  const line = describeHeadlessEvent(headless, agent);
  if (!line) return undefined;
  const tone: LineTone = line.level === 'warn' ? 'warn' : line.level === 'debug' ? 'dim' : 'plain';
  return { text: `${clock(at)}${line.text}`, tone };
}

/** The heading printed when the worker starts a task (or the terminal opens on one already running). */
export function runHeading(worker: string, planId: string | undefined, runDir: string): WorkerLine {
  const run = runDir.split(/[\\/]/).filter(Boolean).pop() ?? runDir;
  return { text: `── ${worker}: ${planId ?? 'task'} (run ${run}) ──`, tone: 'title' };
}

/** result.json (a HeadlessResultFile) as the lines that end a run; a file this version cannot read says so. */
export function resultLines(result: unknown): WorkerLine[] {
  const r = result as { ok?: unknown; attempts?: unknown; agent?: unknown; kind?: unknown; reasons?: unknown; result?: { implementation_summary?: unknown; commit_message?: unknown } } | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return [{ text: 'result.json is not a result this version reads; open the run from the Runs view.', tone: 'warn' }];
  const attempts = typeof r.attempts === 'number' ? ` after ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}` : '';
  if (r.ok) {
    const summary = typeof r.result?.implementation_summary === 'string' ? r.result.implementation_summary : '';
    const commit = typeof r.result?.commit_message === 'string' && r.result.commit_message.trim() ? [{ text: `  commit message: ${r.result.commit_message.trim().split('\n')[0]}`, tone: 'plain' as const }] : [];
    return [{ text: `✓ succeeded${attempts}${summary ? `: ${summary}` : ''}`, tone: 'good' }, ...commit];
  }
  const reasons = Array.isArray(r.reasons) ? r.reasons.filter((x): x is string => typeof x === 'string') : [];
  const kind = typeof r.kind === 'string' ? r.kind : 'failed';
  return [{ text: `✗ ${kind === 'cancelled' ? 'cancelled' : `failed (${kind})`}${attempts}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`, tone: kind === 'cancelled' ? 'warn' : 'bad' }];
}

const ANSI: Readonly<Record<LineTone, string>> = { plain: '', dim: '\x1b[2m', warn: '\x1b[33m', good: '\x1b[32m', bad: '\x1b[31m', title: '\x1b[1;36m' };

/** A line as a pseudoterminal writes it: colour by tone, CR LF, and no stray CR or LF from the agent's text. */
export function toTerminalText(line: WorkerLine): string {
  const flat = line.text.replace(/\r?\n|\r/g, ' ');
  return ANSI[line.tone] ? `${ANSI[line.tone]}${flat}\x1b[0m\r\n` : `${flat}\r\n`;
}
