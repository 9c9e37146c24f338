import type { SessionRecord, StepExecution } from '../../core/commands/types';
import type { CommandEvent } from './run';

/**
 * The executor's events as readable terminal lines (the editor's Pseudoterminal; usable by `lwc cmd run` too). Pure:
 * no colours or terminal codes here, the caller decides how lines end.
 */
export function eventLines(event: CommandEvent): string[] {
  switch (event.kind) {
    case 'session':
      return sessionLines(event.session);
    case 'step-start':
      return [`▶ ${stepLabel(event.step)}${event.step.attempts > 1 ? ` (attempt ${event.step.attempts})` : ''}`];
    case 'output':
      return event.text.replace(/\r?\n$/, '').split(/\r?\n/).map((line) => `  ${line}`);
    case 'step-end':
      return [stepEndLine(event.step)];
  }
}

export function stepLabel(step: Pick<StepExecution, 'index' | 'name' | 'phase'>): string {
  return `step ${step.index + 1} ${step.name}${step.phase === 'main' ? '' : ` [${step.phase}]`}`;
}

const MARK: Record<StepExecution['status'], string> = { running: '…', completed: '✔', failed: '✘', skipped: '↷', cancelled: '■' };

export function stepEndLine(step: StepExecution): string {
  const facts = [step.status, step.exitCode !== undefined ? `exit ${step.exitCode}` : '', duration(step.startedAt, step.endedAt)].filter(Boolean).join(', ');
  return `${MARK[step.status]} ${stepLabel(step)}: ${facts}${step.error ? ` — ${step.error}` : ''}`;
}

function sessionLines(s: SessionRecord): string[] {
  if (s.status === 'active') {
    return [`Session ${s.id}: ${s.command} (${s.lifecycle})${s.worktreePath ? ` in ${s.worktreePath}` : ''}`];
  }
  const verdict = s.status === 'completed' ? '✔ completed' : s.status === 'failed' ? `✘ failed${s.error ? `: ${s.error}` : ''}` : '■ cancelled';
  return [`Session ${s.id} ${verdict}`, `Artifacts: ${s.artifactDir}`];
}

function duration(start: string, end: string | undefined): string {
  if (!end) return '';
  const ms = Date.parse(end) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
