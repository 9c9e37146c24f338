/**
 * Run directories: `.lw_coder/runs/<plan_id>/<timestamp>/` with prompts/main.md, droids/*.md and run.json.
 * Timestamps are UTC, fixed width and sort as text in time order; a collision within the same millisecond gets a
 * `-NN` suffix, which still sorts after the bare name.
 */

export const RUNS_DIR_PARTS = ['.lw_coder', 'runs'] as const;
export const CACHE_DIR_PARTS = ['.lw_coder', 'cache'] as const;
export const MAIN_PROMPT_FILE = 'prompts/main.md';
/** What a headless run sent its agent: the main prompt plus the headless overrides (core/agent/headlessPrompt.ts). */
export const HEADLESS_PROMPT_FILE = 'prompts/headless.md';
export const DROIDS_DIR = 'droids';
export const RUN_RECORD_FILE = 'run.json';
/** Prefix of the directories a run is built in before the rename that publishes it. */
export const RUN_TEMP_PREFIX = '.tmp-';
export const DEFAULT_RUN_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const RUN_NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z(?:-(\d{2,}))?$/;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `20260123T091852.123Z`, or with `-01`, `-02`… when `collision` > 0. */
export function runDirName(date: Date, collision = 0): string {
  const base = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}Z`;
  return collision > 0 ? `${base}-${pad(collision)}` : base;
}

/** The time a run directory's name encodes, or undefined when the name is not a run name (then it is not ours). */
export function parseRunDirName(name: string): Date | undefined {
  const m = RUN_NAME.exec(name);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  return Number.isNaN(date.getTime()) || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d ? undefined : date;
}

/** A plan id is a directory name here: the plan pattern, and never `.`/`..`-like names or leading dashes. */
export function isSafePlanDirName(planId: string): boolean {
  return /^[a-zA-Z0-9._-]{3,100}$/.test(planId) && !/^[.-]/.test(planId) && !planId.includes('..');
}

/** Parses `30d`, `12h`, `90m`, `45s` (or a bare number of days) into milliseconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(d|h|m|s)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'd').toLowerCase();
  const factor = unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : 1000;
  return Math.round(Number(m[1]) * factor);
}
