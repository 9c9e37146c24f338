import type { PlanKey } from './types';
import { OPTIONAL_KEYS, REQUIRED_KEYS } from './types';

/** Every key a plan may hold, required first: the order completion lists them in. */
export const PLAN_KEYS: readonly PlanKey[] = [...REQUIRED_KEYS, ...OPTIONAL_KEYS];

/** One-line docs for completion and hover. */
export const KEY_DOCS: Record<PlanKey, { summary: string; valueHint: string }> = {
  plan_id: {
    summary: 'Unique id of the plan; also the name of its worktree directory and git branch. Match the file name.',
    valueHint: '3–100 characters from a-z A-Z 0-9 . _ - (not starting with . or -)',
  },
  git_sha: {
    summary: 'Commit the plan starts from; its worktree branches off here.',
    valueHint: "40 lower-case hex characters (git rev-parse HEAD); all zeros while 'draft'",
  },
  status: {
    summary: 'Where the plan is in its lifecycle.',
    valueHint: 'draft | ready | coding | implemented | done | abandoned',
  },
  evaluation_notes: {
    summary: 'Notes for judging the result, one per item.',
    valueHint: "a list of non-empty strings ('- note')",
  },
  linear_issue_id: {
    summary: 'The Linear issue this plan implements.',
    valueHint: 'a string, e.g. ENG-123',
  },
  created_by: {
    summary: 'Who wrote the plan.',
    valueHint: 'a string',
  },
  created_at: {
    summary: 'When the plan was written.',
    valueHint: 'a string, e.g. an ISO 8601 date',
  },
  notes: {
    summary: 'Free-form notes about the plan.',
    valueHint: 'a string',
  },
};

/**
 * The candidate closest to `word` when it looks like a typo of it: at most 2 edits (a swap of two neighbours counts
 * as one, so `stauts` finds `status`), compared ignoring case, and fewer edits than the word has letters so that short
 * unrelated words are not "corrected". Ties go to the earlier candidate.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.min(3, lower.length);
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal-string-alignment distance; stops early once every path exceeds `limit` (returns `limit` then). */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin >= limit) return limit;
    prevPrev = prev;
    prev = row;
  }
  return Math.min(prev[b.length] ?? limit, limit);
}
