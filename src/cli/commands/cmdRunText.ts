import type { DryRun, DryRunStep } from '../../app/commands/dryRun';
import type { CommandEvent } from '../../app/commands/run';
import type { SessionRecord, StepExecution } from '../../core/commands/types';

/** Human text for `lwc cmd run|resume` and `lwc session list|show`. */

const MARK: Record<StepExecution['status'], string> = { running: '…', completed: 'ok', failed: 'FAILED', skipped: 'skipped', cancelled: 'cancelled' };

function stepLine(s: DryRunStep): string {
  const extras = [s.when ? `when ${s.when}` : '', s.timeoutSeconds !== undefined ? `timeout ${s.timeoutSeconds}s` : '', s.retry.count ? `retry ${s.retry.count}×${s.retry.delaySeconds}s` : '', s.continueOnError ? 'continue_on_error' : ''].filter(Boolean);
  const args = s.args.length ? ` ${JSON.stringify(s.args)}` : '';
  return `  ${String(s.index).padStart(2)}. [${s.phase}] ${s.name} (${s.type}: ${s.action}${args})${extras.length ? `  ${extras.join(', ')}` : ''}\n`;
}

export function dryRunText(d: DryRun): string {
  return [
    `Command ${d.command} (dry run: nothing runs)\n`,
    `Lifecycle:          ${d.lifecycle}${d.branch ? ` (new worktree on branch ${d.branch})` : ''}\n`,
    `Working directory:  ${d.workingDirectory}\n`,
    `Timeout:            ${d.timeoutSeconds} s\n`,
    `Arguments:          ${Object.keys(d.arguments).length ? Object.entries(d.arguments).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') : '(none)'}\n`,
    `Environment names:  ${d.environment.join(' ')}\n`,
    'Steps:\n',
    ...d.steps.map(stepLine),
    ...(d.cleanupOnFailure.length ? ['On failure:\n', ...d.cleanupOnFailure.map(stepLine)] : []),
  ].join('');
}

/** Streams a run to the terminal: step headers and results on stderr, the steps' own output where it came from. */
export function eventPrinter(out: (t: string) => void, err: (t: string) => void, json: boolean): (event: CommandEvent) => void {
  return (event) => {
    if (event.kind === 'step-start') err(`==> [${event.step.index}] ${event.step.name}\n`);
    else if (event.kind === 'output') (json || event.stream === 'stderr' ? err : out)(event.text);
    else if (event.kind === 'step-end') err(`<== [${event.step.index}] ${event.step.name}: ${MARK[event.step.status]}${event.step.attempts > 1 ? ` after ${event.step.attempts} attempts` : ''}${event.step.error ? ` — ${event.step.error}` : ''}\n`);
  };
}

export function sessionSummaryText(s: SessionRecord): string {
  return `Session ${s.id}: ${s.command} ${s.status}${s.error ? ` — ${s.error}` : ''}\n  artifacts: ${s.artifactDir}\n${s.worktreePath ? `  worktree:  ${s.worktreePath} (branch ${s.branch ?? '?'})\n` : ''}${s.status === 'failed' || s.status === 'cancelled' ? `  resume:    lwc cmd resume ${s.id}\n` : ''}`;
}

export function sessionListText(sessions: readonly SessionRecord[]): string {
  if (!sessions.length) return 'No sessions yet. Run a command with: lwc cmd run <name>\n';
  return sessions.map((s) => `${s.id}  ${s.status.padEnd(9)}  ${s.command}  ${s.stepHistory.filter((h) => h.status === 'completed').length}/${s.stepHistory.length} steps completed\n`).join('');
}

export function sessionShowText(s: SessionRecord): string {
  const lines = [
    `Session   ${s.id}\n`,
    `Command   ${s.command} (${s.lifecycle} lifecycle)\n`,
    `Status    ${s.status}${s.error ? ` — ${s.error}` : ''}\n`,
    `Created   ${s.createdAt}${s.endedAt ? `, ended ${s.endedAt}` : ''}\n`,
    `Project   ${s.projectPath}\n`,
    ...(s.worktreePath ? [`Worktree  ${s.worktreePath} (branch ${s.branch ?? '?'})\n`] : []),
    ...(s.terminal ? [`Terminal  ${s.terminal}\n`] : []),
    `Artifacts ${s.artifactDir}\n`,
    `Arguments ${Object.keys(s.arguments).length ? Object.entries(s.arguments).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') : '(none)'}\n`,
    `Shared    ${Object.keys(s.sharedData).length ? Object.entries(s.sharedData).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') : '(none)'}\n`,
    'Steps:\n',
    ...s.stepHistory.map((h) => `  ${String(h.index).padStart(2)}. [${h.phase}] ${h.name}: ${MARK[h.status]}${h.exitCode !== undefined ? ` (exit ${h.exitCode})` : ''}${h.attempts > 1 ? `, ${h.attempts} attempts` : ''}${h.error ? ` — ${h.error}` : ''}${h.logFile ? `  ${h.logFile}` : ''}\n`),
  ];
  return lines.join('');
}
