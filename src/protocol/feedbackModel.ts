import { z } from 'zod';
import { CodingResultSchema } from '../core/agent/result';
import {
  EVENT_LOG_LIMIT,
  EVENT_TEXT_LIMIT,
  OPENABLE_RUN_FILE,
  type FeedbackEventLine,
  type FeedbackFileChange,
  type FeedbackRunStatus,
  type FeedbackViewModel,
  type FileChangeKind,
} from './feedback';

/**
 * Builds the feedback panel's view model from what a run directory holds, already read by the host: pure, so the unit
 * tests feed it the fixture's files and the host stays a thin reader. Lenient on purpose: a half-written run (no
 * result yet, a torn last events line, run.json from an older version) still renders what it can.
 */
export interface FeedbackRunInput {
  readonly planId: string;
  readonly runId: string;
  /** run.json, parsed; undefined when missing or unreadable. */
  readonly runRecord?: unknown;
  /** result.json, parsed; undefined while the run goes on. */
  readonly result?: unknown;
  /** events.jsonl's text; undefined when the file does not exist (yet). */
  readonly eventsText?: string;
  /** The plan file's markdown, for its title. */
  readonly planMarkdown?: string;
  /** `git diff --name-status` against the base plus untracked files, parsed; undefined when git could not tell. */
  readonly gitChanges?: readonly { readonly path: string; readonly change: FileChangeKind }[];
  /** Run-relative paths of the run directory's files (forward slashes). */
  readonly runFiles: readonly string[];
  /** The caller follows a run that may not have written events yet (the headless command opening its own run). */
  readonly follow?: boolean;
}

const HeadlessResultFileSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), agent: z.string(), attempts: z.number().int(), result: CodingResultSchema, warnings: z.array(z.string()).default([]) }),
  z.object({ ok: z.literal(false), agent: z.string(), attempts: z.number().int(), kind: z.string(), reasons: z.array(z.string()) }),
]);

/** The parts of run.json the panel reads (RunRecordSchema plus `session`, see app/runPlanOutcome.ts), all optional. */
const RunJsonSchema = z.object({
  gitSha: z.string().optional(),
  planPath: z.string().optional(),
  createdAt: z.string().optional(),
  session: z
    .object({
      exitCode: z.number(),
      cancelled: z.boolean(),
      startedAt: z.string(),
      endedAt: z.string(),
      worktreeHead: z.string().nullable(),
    })
    .optional(),
});

const EventLineSchema = z.looseObject({ attempt: z.number().int().optional(), at: z.string().optional(), kind: z.string() });

/** Where the container mounts the worktree: agents report absolute paths under it. */
const CONTAINER_WORKTREE = '/workspace/';

/** An agent-reported path relative to the worktree, or undefined when it points outside it. */
export function worktreeRelativePath(path: string): string | undefined {
  let p = path.replace(/\\/g, '/');
  if (p.startsWith(CONTAINER_WORKTREE)) p = p.slice(CONTAINER_WORKTREE.length);
  else if (p.startsWith('./')) p = p.slice(2);
  if (p.startsWith('/') || p === '' || p.split('/').some((s) => s === '..')) return undefined;
  return p;
}

/** `git diff --name-status <base>` output (`M\tpath`, `R100\told\tnew`) into change rows. */
export function parseNameStatus(text: string): { path: string; change: FileChangeKind }[] {
  const rows: { path: string; change: FileChangeKind }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [code = '', ...paths] = line.split('\t');
    const path = paths[paths.length - 1];
    if (!path) continue;
    const letter = code[0];
    const change: FileChangeKind = letter === 'A' ? 'added' : letter === 'M' || letter === 'T' ? 'modified' : letter === 'D' ? 'deleted' : letter === 'R' || letter === 'C' ? 'renamed' : 'unknown';
    rows.push({ path, change });
  }
  return rows;
}

/** The plan's first `# ` heading below its front matter. */
export function planTitleOf(markdown: string): string | null {
  const body = markdown.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
  const m = /^#\s+(.+?)\s*#*\s*$/m.exec(body);
  return m ? m[1]! : null;
}

const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EVENT_TEXT_LIMIT ? `${flat.slice(0, EVENT_TEXT_LIMIT - 1)}…` : flat;
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One events.jsonl line as a compact log line; undefined for blank or torn lines. */
export function eventLineOf(line: string): FeedbackEventLine | undefined {
  if (!line.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = EventLineSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const e = parsed.data as Record<string, unknown> & { kind: string; attempt?: number; at?: string };
  let text: string;
  switch (e.kind) {
    case 'started': text = str(e.sessionId) ? `session ${str(e.sessionId)}` : 'agent started'; break;
    case 'message': text = `${str(e.role) === 'reasoning' ? '(thinking) ' : ''}${str(e.text) ?? ''}`; break;
    case 'command': {
      const exit = num(e.exitCode);
      text = `$ ${str(e.command) ?? ''} — ${str(e.status) ?? '?'}${exit !== undefined ? ` (exit ${exit})` : ''}`;
      break;
    }
    case 'file-change': text = `${str(e.change) ?? 'change'} ${worktreeRelativePath(str(e.path) ?? '') ?? str(e.path) ?? ''}`; break;
    case 'usage': {
      const cost = num(e.costUsd);
      text = `${num(e.inputTokens) ?? 0} tokens in, ${num(e.outputTokens) ?? 0} out${cost !== undefined ? `, $${cost.toFixed(4)}` : ''}`;
      break;
    }
    case 'completed': text = 'turn completed'; break;
    case 'failed':
    case 'error': text = str(e.message) ?? e.kind; break;
    default: text = e.kind;
  }
  return { attempt: e.attempt ?? 0, at: e.at ?? null, kind: e.kind, text: oneLine(text) };
}

/** Every parseable line of an events.jsonl text. A last line without its newline may be half-written: callers that tail pass complete lines only. */
export function eventLinesOf(text: string): FeedbackEventLine[] {
  return text.split('\n').map(eventLineOf).filter((e): e is FeedbackEventLine => e !== undefined);
}

function statusOf(input: FeedbackRunInput, result: z.infer<typeof HeadlessResultFileSchema> | undefined, resultUnreadable: boolean, session: z.infer<typeof RunJsonSchema>['session']): FeedbackRunStatus {
  if (resultUnreadable) return { state: 'failed', kind: 'unreadable', reasons: ['result.json does not hold a result this version understands'] };
  if (result) {
    if (result.ok) return { state: 'succeeded' };
    if (result.kind === 'cancelled') return { state: 'cancelled', reasons: result.reasons };
    return { state: 'failed', kind: result.kind, reasons: result.reasons };
  }
  if (session) return { state: 'interactive', exitCode: session.exitCode, cancelled: session.cancelled };
  if (input.eventsText !== undefined || input.follow) return { state: 'running' };
  return { state: 'prompts-only' };
}

/** Whether the run can still change: the panel watches its directory until this turns false. */
export function isRunOpen(status: FeedbackRunStatus): boolean {
  return status.state === 'running' || status.state === 'prompts-only';
}

export function buildFeedbackModel(input: FeedbackRunInput): FeedbackViewModel {
  const record = RunJsonSchema.safeParse(input.runRecord ?? {});
  const run = record.success ? record.data : {};
  const parsedResult = input.result === undefined ? undefined : HeadlessResultFileSchema.safeParse(input.result);
  const result = parsedResult?.success ? parsedResult.data : undefined;
  const coding = result?.ok ? result.result : undefined;
  const status = statusOf(input, result, parsedResult !== undefined && !parsedResult.success, run.session);

  const allEvents = input.eventsText === undefined ? [] : eventLinesOf(input.eventsText);
  const attempts = result?.attempts ?? allEvents.reduce((max, e) => Math.max(max, e.attempt), 0);

  const startedAt = run.session?.startedAt ?? run.createdAt ?? allEvents[0]?.at ?? null;
  const endedAt = run.session?.endedAt ?? (result ? (allEvents[allEvents.length - 1]?.at ?? null) : null);
  const durationMs = startedAt && endedAt ? Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)) : null;

  const files = new Map<string, FeedbackFileChange>();
  for (const c of input.gitChanges ?? []) files.set(c.path, { path: c.path, change: c.change, source: 'git' });
  if (input.eventsText !== undefined) {
    for (const line of input.eventsText.split('\n')) {
      const e = (() => { try { return JSON.parse(line) as Record<string, unknown>; } catch { return undefined; } })();
      if (e?.kind !== 'file-change' || typeof e.path !== 'string') continue;
      const path = worktreeRelativePath(e.path);
      if (!path || files.has(path)) continue;
      const change = e.change === 'add' ? 'added' : e.change === 'update' ? 'modified' : e.change === 'delete' ? 'deleted' : 'unknown';
      files.set(path, { path, change, source: 'events' });
    }
  }
  for (const step of coding?.step_results ?? []) {
    for (const f of step.files) {
      const path = worktreeRelativePath(f);
      if (path && !files.has(path)) files.set(path, { path, change: 'unknown', source: 'result' });
    }
  }

  return {
    planId: input.planId,
    planTitle: input.planMarkdown ? planTitleOf(input.planMarkdown) : null,
    runId: input.runId,
    status,
    agent: result?.agent ?? null,
    attempts,
    timings: { startedAt, endedAt, durationMs },
    baseCommit: run.session?.worktreeHead ?? run.gitSha ?? null,
    implementationSummary: coding?.implementation_summary ?? null,
    commitMessage: coding?.commit_message ?? null,
    steps: (coding?.step_results ?? []).map((s) => ({ stepId: s.step_id, status: s.status, summary: s.summary, files: s.files, commands: s.commands })),
    feedback: coding ? { findings: coding.feedback.review_findings, alignment: coding.feedback.plan_alignment } : null,
    testsExecuted: coding?.tests_executed ?? [],
    testsRecommended: coding?.tests_recommended ?? [],
    followUps: coding?.follow_up_items ?? [],
    notes: coding?.notes ?? [],
    warnings: result?.ok ? result.warnings : [],
    filesChanged: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)),
    events: allEvents.slice(-EVENT_LOG_LIMIT),
    eventCount: allEvents.length,
    runFiles: input.runFiles.filter((f) => OPENABLE_RUN_FILE.test(f)).sort(),
  };
}
