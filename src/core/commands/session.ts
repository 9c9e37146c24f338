import type { ResolvedCommand, SessionRecord, StepExecution, StepPhase } from './types';

/**
 * Session rules (issue 14 item 2): ids, names, where things go in a session's folder, and which step a resume starts
 * from. Pure: the executor (app/commands) and the session files adapter share them.
 */

/** `.lw_coder/sessions`, relative to the repository root (git-ignored by `lwc init`). */
export const SESSIONS_DIR_PARTS = ['.lw_coder', 'sessions'] as const;
export const SESSION_FILE = 'session.json';
/** The resolved command as it ran, so `resume` reruns exactly that definition. */
export const SESSION_COMMAND_FILE = 'command.json';
export const ARTIFACTS_DIR = 'artifacts';
export const LOGS_DIR = 'logs';
export const OUTPUTS_DIR = 'outputs';
/** Scratch space a step may use (LWC_TMP); the `cleanup` built-in empties it. */
export const TMP_DIR = 'tmp';
export const TEST_REPORT_FILE = 'test-report.log';
export const CONTEXT_FILE = 'specs/context.json';

/** `20261203T104006123Z-a1b2c3`: sorts as text in creation order, safe as a folder name on every OS. */
export const SESSION_ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;

export function newSessionId(now: Date, randomHex: string): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomHex.slice(0, 6).toLowerCase()}`;
}

/** Why `id` cannot name a session folder, or undefined. Ids come from the command line: never a path. */
export function invalidSessionIdReason(id: string): string | undefined {
  return SESSION_ID_PATTERN.test(id) ? undefined : `'${id}' is not a session id (they look like 20261203T104006123Z-a1b2c3); list them with \`lwc session list\``;
}

/** A step name made safe for a file name: `Run the tests!` → `Run-the-tests-`. */
export function safeFileComponent(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return (cleaned || 'step').slice(0, 60);
}

/** Relative to the artifact directory; numbered from 1 in the order pre → main → post → cleanup. */
export const stepLogFile = (index: number, name: string): string => `${LOGS_DIR}/step-${index}-${safeFileComponent(name)}.log`;

/** Default branch of the worktree lifecycle: `lwc/<command>-<timestamp>`, a valid ref name whatever the command is called. */
export function defaultBranchName(command: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const name = command.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').replace(/\.+$/, '').replace(/\.\.+/g, '.').replace(/\.lock$/, '') || 'command';
  return `lwc/${name}-${stamp}`;
}

export interface SequencedStep {
  readonly phase: StepPhase;
  /** 1-based position in pre → main → post (cleanup steps continue after the last of them). */
  readonly index: number;
  readonly step: ResolvedCommand['steps'][number];
}

/** The run order pre → main → post, numbered. */
export function sequenceOf(command: ResolvedCommand): SequencedStep[] {
  const out: SequencedStep[] = [];
  const add = (phase: StepPhase, steps: ResolvedCommand['steps']): void => {
    for (const step of steps) out.push({ phase, index: out.length + 1, step });
  };
  add('pre', command.preSteps);
  add('main', command.steps);
  add('post', command.postSteps);
  return out;
}

/** The cleanup_on_failure steps, numbered after the main sequence. */
export function cleanupSequenceOf(command: ResolvedCommand): SequencedStep[] {
  const base = command.preSteps.length + command.steps.length + command.postSteps.length;
  return command.cleanupOnFailure.map((step, i) => ({ phase: 'cleanup' as const, index: base + i + 1, step }));
}

/** A step is done when its latest record says it completed or was skipped; resume starts after the done ones. */
export function finishedIndexes(history: readonly StepExecution[]): Set<number> {
  const latest = new Map<number, StepExecution>();
  for (const h of history) if (h.phase !== 'cleanup') latest.set(h.index, h);
  return new Set([...latest].filter(([, h]) => h.status === 'completed' || h.status === 'skipped').map(([i]) => i));
}

/** Why a session cannot be resumed, or undefined. */
export function unresumableReason(session: SessionRecord): string | undefined {
  if (session.status === 'failed' || session.status === 'cancelled') return undefined;
  if (session.status === 'completed') return `Session ${session.id} completed; there is nothing to resume. Run the command again with \`lwc cmd run ${session.command}\`.`;
  return `Session ${session.id} is still active (or its process died mid-step). If no process runs it, it cannot be resumed safely; run the command again with \`lwc cmd run ${session.command}\`.`;
}

/** Keeps the last `max` characters, cut at a line start when one is near, so a tail reads cleanly. */
export function tailOf(text: string, max = 4000): string {
  if (text.length <= max) return text;
  const cut = text.slice(text.length - max);
  const nl = cut.indexOf('\n');
  return nl >= 0 && nl < 200 ? cut.slice(nl + 1) : cut;
}
