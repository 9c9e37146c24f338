import { SALVAGE_REF_PREFIX } from './layout';

/**
 * Salvage refs and messages, as data. A salvage commit's tree is the worktree as it was on disk (tracked changes,
 * deletions, modes, untracked-but-not-ignored files); its parent is the worktree's HEAD, which keeps unpushed commits
 * reachable after the worktree and even the branch are gone.
 */

/** `20250102T030405.678Z`: sorts as text in time order and is a valid ref component (no ':'). */
export function salvageTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '');
}

/**
 * The ref for attempt `attempt` at `timestamp`. A collision (two salvages in one millisecond) takes the next attempt;
 * the zero-padded suffix sorts after the bare timestamp and before the next millisecond.
 */
export function salvageRefName(planId: string, timestamp: string, attempt = 0): string {
  const suffix = attempt === 0 ? '' : `-${String(attempt).padStart(3, '0')}`;
  return `${SALVAGE_REF_PREFIX}${planId}/${timestamp}${suffix}`;
}

export function parseSalvageRef(ref: string): { planId: string; timestamp: string } | undefined {
  if (!ref.startsWith(SALVAGE_REF_PREFIX)) return undefined;
  const rest = ref.slice(SALVAGE_REF_PREFIX.length);
  const slash = rest.lastIndexOf('/');
  if (slash <= 0) return undefined;
  return { planId: rest.slice(0, slash), timestamp: rest.slice(slash + 1) };
}

export interface SalvageMeta {
  readonly planId: string;
  readonly branch: string | undefined;
  readonly base: string | undefined;
  readonly head: string | undefined;
  readonly worktreePath: string;
  readonly reason: string;
  readonly time: string;
}

const TRAILERS: ReadonlyArray<[keyof SalvageMeta, string]> = [
  ['planId', 'LW-Coder-Plan'],
  ['branch', 'LW-Coder-Branch'],
  ['base', 'LW-Coder-Base'],
  ['head', 'LW-Coder-Head'],
  ['worktreePath', 'LW-Coder-Worktree'],
  ['reason', 'LW-Coder-Reason'],
  ['time', 'LW-Coder-Time'],
];

/** The commit message: a readable subject plus trailers that `parseSalvageMessage` reads back. */
export function salvageMessage(meta: SalvageMeta): string {
  const lines = TRAILERS.map(([key, name]) => `${name}: ${meta[key] ?? '(none)'}`);
  return `lw-coder salvage of ${meta.planId} (${meta.reason})\n\n${lines.join('\n')}\n`;
}

export function parseSalvageMessage(message: string): Partial<SalvageMeta> {
  const out: Record<string, string> = {};
  for (const [key, name] of TRAILERS) {
    const m = new RegExp(`^${name}: (.*)$`, 'm').exec(message);
    if (m && m[1] !== '(none)') out[key] = m[1]!;
  }
  return out as Partial<SalvageMeta>;
}

/** One salvage ref as `listSalvage` reports it. */
export interface SalvageRecord {
  readonly ref: string;
  readonly sha: string;
  readonly planId: string;
  readonly timestamp: string;
  readonly branch?: string;
  readonly base?: string;
  readonly head?: string;
  readonly reason?: string;
  readonly worktreePath?: string;
  readonly time?: string;
}
