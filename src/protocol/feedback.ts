import { z } from 'zod';

/**
 * The feedback summary panel's protocol: one transport (postMessage), discriminated unions both ways, a ready
 * handshake (the host sends nothing before `ready`), and a validator the host runs on every inbound message
 * (CONVENTIONS 12). The webview imports the types only (`import type`), so zod never lands in its bundle.
 */

/** How a run stands. `running` until result.json appears; `interactive` for Run plan sessions (no structured result). */
export type FeedbackRunStatus =
  | { readonly state: 'running' }
  | { readonly state: 'succeeded' }
  | { readonly state: 'failed'; readonly kind: string; readonly reasons: readonly string[] }
  | { readonly state: 'cancelled'; readonly reasons: readonly string[] }
  | { readonly state: 'interactive'; readonly exitCode: number; readonly cancelled: boolean }
  /** Only prompts so far (Generate Prompts), and nobody asked to follow the run. */
  | { readonly state: 'prompts-only' };

export type FeedbackRunState = FeedbackRunStatus['state'];

export interface FeedbackStep {
  readonly stepId: string;
  readonly status: 'COMPLETED' | 'PARTIAL' | 'SKIPPED';
  readonly summary: string;
  readonly files: readonly string[];
  readonly commands: readonly string[];
}

export interface FeedbackFinding {
  readonly severity: 'critical' | 'major' | 'minor' | 'info';
  readonly file: string | null;
  readonly message: string;
}

export interface FeedbackSection {
  /** The code-review auditor's findings. */
  readonly findings: readonly FeedbackFinding[];
  /** The plan-alignment checker's verdict. */
  readonly alignment: { readonly verdict: 'aligned' | 'partially_aligned' | 'misaligned'; readonly reasons: readonly string[] };
}

export type FileChangeKind = 'added' | 'modified' | 'deleted' | 'renamed' | 'unknown';

export interface FeedbackFileChange {
  /** Relative to the worktree root, forward slashes. */
  readonly path: string;
  readonly change: FileChangeKind;
  /** Where the row comes from: `git` (diff against the base, the truth), else the agent's events or its result. */
  readonly source: 'git' | 'events' | 'result';
}

/** One compact line of the live log (from events.jsonl). */
export interface FeedbackEventLine {
  readonly attempt: number;
  /** ISO time the host recorded the event, when known. */
  readonly at: string | null;
  readonly kind: string;
  /** One line, bounded (see EVENT_TEXT_LIMIT). */
  readonly text: string;
}

export interface FeedbackViewModel {
  readonly planId: string;
  /** The plan's first markdown heading, when the plan file is readable. */
  readonly planTitle: string | null;
  /** The run directory's name (its timestamp). */
  readonly runId: string;
  readonly status: FeedbackRunStatus;
  readonly agent: string | null;
  readonly attempts: number;
  readonly timings: { readonly startedAt: string | null; readonly endedAt: string | null; readonly durationMs: number | null };
  /** The commit the diffs compare against (the session's start HEAD, else the plan's git_sha). */
  readonly baseCommit: string | null;
  readonly implementationSummary: string | null;
  readonly commitMessage: string | null;
  readonly steps: readonly FeedbackStep[];
  readonly feedback: FeedbackSection | null;
  readonly testsExecuted: readonly string[];
  readonly testsRecommended: readonly string[];
  readonly followUps: readonly string[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  readonly filesChanged: readonly FeedbackFileChange[];
  /** The newest events, at most EVENT_LOG_LIMIT; `eventCount` counts them all. */
  readonly events: readonly FeedbackEventLine[];
  readonly eventCount: number;
  /** Run files the panel may open (never agent/, which holds backend configuration). */
  readonly runFiles: readonly string[];
}

export const EVENT_LOG_LIMIT = 200;
export const EVENT_TEXT_LIMIT = 240;

/** Host → webview. `init` answers `ready`; `events` appends while the run goes on; `result` replaces the model at the end. */
export type HostToWebview =
  | { readonly type: 'init'; readonly model: FeedbackViewModel }
  | { readonly type: 'events'; readonly events: readonly FeedbackEventLine[]; readonly eventCount: number }
  | { readonly type: 'result'; readonly model: FeedbackViewModel };

/** Webview → host. */
export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'openFile'; readonly path: string }
  | { readonly type: 'openDiff'; readonly path: string }
  | { readonly type: 'openRunFile'; readonly name: string }
  /** The page saw a Content-Security-Policy violation: the host logs it (and the tests assert there are none). */
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blocked: string };

/** A worktree-relative path: no absolute paths, no `..`, no backslashes, no NUL — the host joins it to the worktree. */
const RelativePath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.includes('\0') && !/^[a-zA-Z]:/.test(p), 'must be relative with forward slashes')
  .refine((p) => p.split('/').every((s) => s !== '..' && s !== '.' && s !== ''), 'must not contain empty, "." or ".." segments');

/** The run files a panel may open: what a finished run holds, minus agent/ (backend configuration). */
export const OPENABLE_RUN_FILE = /^(?:prompts\/main\.md|droids\/[A-Za-z0-9._-]+\.md|run\.json|result\.json|events\.jsonl|attempt-\d{1,3}\.(?:stdout|stderr)\.log)$/;

export const WebviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('openFile'), path: RelativePath }).strict(),
  z.object({ type: z.literal('openDiff'), path: RelativePath }).strict(),
  z.object({ type: z.literal('openRunFile'), name: z.string().regex(OPENABLE_RUN_FILE, 'is not a run file the panel may open') }).strict(),
  z.object({ type: z.literal('cspViolation'), directive: z.string().max(200), blocked: z.string().max(2000) }).strict(),
]);

export type InboundCheck = { readonly ok: true; readonly message: WebviewToHost } | { readonly ok: false; readonly error: string };

/** Validates one message from the webview; the error names the field and is safe to log (the value is not echoed). */
export function parseWebviewMessage(value: unknown): InboundCheck {
  const parsed = WebviewToHostSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length ? issue.path.join('.') : '(message)';
  return { ok: false, error: `${where}: ${issue?.message ?? 'invalid'}` };
}
