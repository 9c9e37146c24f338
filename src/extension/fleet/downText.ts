import type { FleetDownReport } from '../../app/fleet/down';
import type { DownInspection, DownWorktree } from '../../app/fleet/downInspect';

/**
 * The words of "Stop Workers" (issue 13 item 2): the modal's detail, the destroy confirmation's rule and the outcome.
 * Pure (no 'vscode'), so the rule that only the word `destroy` confirms is unit tested, and the CLI's meanings
 * (src/cli/commands/fleetDown.ts) are said the same way here.
 */

export const DESTROY_WORD = 'destroy';

/** The input box's validateInput: undefined (accepted) only for exactly `destroy`; anything else says what to type. */
export function validateDestroyInput(value: string): string | undefined {
  return value.trim() === DESTROY_WORD ? undefined : `Type ${DESTROY_WORD} to remove the worktrees, or press Escape to keep them.`;
}

function risk(w: DownWorktree): string {
  const what = [
    ...(w.uncommitted > 0 ? [`${w.uncommitted} uncommitted change(s)`] : []),
    ...(w.unsavedCommits > 0 ? [`${w.unsavedCommits} commit(s) on no branch`] : []),
    ...(w.error ? [`unreadable: ${w.error}`] : []),
    ...(w.uncommitted === 0 && w.unsavedCommits === 0 && !w.error && w.worker ? ['its agent is still working'] : []),
  ];
  return `• ${w.worker ?? '-'} on ${w.branch ?? w.planId}: ${what.join(', ')}`;
}

/** The salvage / discard modal's detail: who has what at risk, then what each button does. */
export function workChoiceDetail(inspection: DownInspection): string {
  const supervisor = inspection.liveness.kind === 'alive'
    ? `The supervisor (process ${inspection.liveness.state.pid} on ${inspection.liveness.state.hostname}) stops its workers; their agents' runs are cancelled and their tasks go back to the queue.`
    : inspection.liveness.kind === 'stale'
      ? 'The supervisor died; what it left (containers, claimed tasks) is cleaned up.'
      : 'No supervisor runs; claimed tasks go back to the queue.';
  const atRisk = inspection.atRisk.length > 0 ? `Work not saved anywhere yet:\n${inspection.atRisk.map(risk).join('\n')}` : 'No worker has unsaved work.';
  return [
    supervisor,
    atRisk,
    'Salvage: saves uncommitted and untracked files under refs/lw-coder/salvage/<plan_id>/<timestamp> (task branches keep their commits); restore them from Recover in the Plans view.',
    'Discard: stops without saving them (task branches still keep their commits).',
  ].join('\n\n');
}

/** The worktrees a destroy removes: unfinished tasks' existing worktrees. */
export function doomedWorktrees(inspection: DownInspection): readonly DownWorktree[] {
  return inspection.worktrees.filter((w) => w.exists && inspection.unfinishedTasks.includes(w.planId));
}

/** One line per thing `down` did, as `lwc down` prints them. */
export function outcomeLines(report: FleetDownReport): string[] {
  return [
    report.supervisor === 'stopped' ? 'Stopped the supervisor and its workers.' : report.supervisor === 'was-stale' ? 'The supervisor had died; cleaned up after it.' : 'No supervisor was running.',
    ...report.snapshots.map((s) => `Saved container ${s.container} as image ${s.image}`),
    ...report.worktrees.map((w) => `${w.planId}: ${w.work === 'salvaged' ? `work saved to ${w.ref ?? '(nothing new)'}` : w.work === 'discarded' ? 'work discarded (not saved)' : w.work === 'clean' ? 'nothing uncommitted' : 'no worktree'}${w.removed ? '; worktree removed' : ''}`),
    ...(report.releasedTasks.length > 0 ? [`Released to the queue: ${report.releasedTasks.join(', ')}`] : []),
    ...report.removedContainers.map((c) => `Removed container ${c}`),
  ];
}

/** The notification's one sentence: what was salvaged and where, snapshots, and the rest counted. */
export function outcomeSummary(report: FleetDownReport): string {
  const salvaged = report.worktrees.filter((w) => w.ref);
  const parts = [
    report.supervisor === 'stopped' ? 'Workers stopped.' : report.supervisor === 'was-stale' ? 'Cleaned up after a dead supervisor.' : 'No supervisor was running.',
    ...(salvaged.length > 0 ? [`Salvaged ${salvaged.map((w) => `${w.planId} to ${w.ref!}`).join(', ')}.`] : []),
    ...(report.snapshots.length > 0 ? [`Snapshots: ${report.snapshots.map((s) => s.image).join(', ')}.`] : []),
    ...(report.worktrees.some((w) => w.work === 'discarded') ? [`Discarded the unsaved work of ${report.worktrees.filter((w) => w.work === 'discarded').map((w) => w.planId).join(', ')}.`] : []),
    ...(report.worktrees.some((w) => w.removed) ? [`Removed the worktrees of ${report.worktrees.filter((w) => w.removed).map((w) => w.planId).join(', ')} (branches kept).`] : []),
    ...(report.releasedTasks.length > 0 ? [`${report.releasedTasks.length} task(s) back in the queue.`] : []),
  ];
  return parts.join(' ');
}
