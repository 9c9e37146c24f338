import type { QueueListing, TaskDetail } from '../../app/fleet/queue';
import type { QueueTask, TaskTransition } from '../../core/queue/types';

/** `lwc task …` for people: what each task is doing and why, in the queue's own words (ready, blocked, claimed…). */

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A lease as the reader needs it: who, and how long is left (or that it ran out and awaits expiry). */
export function leaseText(task: QueueTask, now: number): string {
  if (!task.lease) return '';
  const left = task.lease.expiresAt - now;
  return `${task.lease.worker}, ${left > 0 ? `lease ${duration(left)} left` : `lease ran out ${duration(-left)} ago`}`;
}

/** open splits into ready and blocked, the words `lwc status` uses. */
const shownState = (task: QueueTask, ready: ReadonlySet<string>): string => (task.state === 'open' ? (ready.has(task.planId) ? 'ready' : 'blocked') : task.state);

export function listingText(listing: QueueListing, now: number): string {
  if (listing.tasks.length === 0) return 'The queue is empty. Add ready plans with `lwc task add <plan_id>...`.\n';
  const ready = new Set(listing.ready);
  const waits = new Map(listing.blocked.map((b) => [b.planId, b.waitsFor]));
  const rows = listing.tasks.map((t) => {
    const note =
      t.state === 'claimed'
        ? leaseText(t, now)
        : t.state === 'open' && waits.has(t.planId)
          ? `waits for ${waits.get(t.planId)!.map((w) => `${w.planId} (${w.state})`).join(', ')}`
          : t.state === 'failed' || (t.state === 'open' && t.lastReason)
            ? (t.lastReason ?? '')
            : '';
    return [t.planId, shownState(t, ready), String(t.priority), `${t.attempts}/${t.maxAttempts}`, note];
  });
  const header = ['PLAN', 'STATE', 'PRI', 'TRIES', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const c = listing.counts;
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${c.total} task${c.total === 1 ? '' : 's'}: ${c.ready} ready, ${c.blocked} blocked, ${c.claimed} claimed, ${c.done} done, ${c.failed} failed\n`;
}

const transitionText = (h: TaskTransition): string => `  ${iso(h.at)}  ${(h.from ?? '–').padEnd(7)} → ${h.to.padEnd(7)}  by ${h.by}${h.reason ? `: ${h.reason}` : ''}`;

export function detailText(detail: TaskDetail, now: number): string {
  const t = detail.task;
  const state = t.state === 'open' ? (detail.ready ? 'open (ready)' : 'open (blocked)') : t.state;
  const lines = [
    `${t.planId}: ${state}`,
    `  priority ${t.priority}, added ${iso(t.addedAt)}, attempts ${t.attempts} of ${t.maxAttempts}`,
    t.lease ? `  claimed by ${leaseText(t, now)} (since ${iso(t.lease.claimedAt)}, until ${iso(t.lease.expiresAt)})` : undefined,
    t.dependsOn.length ? `  waits for: ${t.dependsOn.map((d) => `${d}${detail.waitsFor.some((w) => w.planId === d) ? ` (${detail.waitsFor.find((w) => w.planId === d)!.state})` : ' (done)'}`).join(', ')}` : undefined,
    detail.dependents.length ? `  needed by: ${detail.dependents.join(', ')}` : undefined,
    t.lastReason ? `  last reason: ${t.lastReason}` : undefined,
    'History:',
    ...t.history.map(transitionText),
  ];
  return `${lines.filter((l) => l !== undefined).join('\n')}\n`;
}

/** One line after a change: the task's plan_id, its state and the lease or reason that matters now. */
export function changedText(verb: string, task: QueueTask, now: number): string {
  const extra = task.state === 'claimed' ? ` (${leaseText(task, now)})` : task.lastReason && task.state === 'failed' ? ` (${task.lastReason})` : '';
  return `${verb} ${task.planId}: ${task.state}${extra}\n`;
}
