import { formatProblem } from '../../core/commands/problems';
import { randomBytes } from 'node:crypto';
import { newSessionId, unresumableReason } from '../../core/commands/session';
import type { ResolvedCommand, SessionRecord, StepExecution } from '../../core/commands/types';
import { executeSession } from './executor';
import { CommandRunError, type CommandRunDeps } from './runTypes';
import { fromRecord, type SessionState } from './sessionState';
import { checkArguments } from './stepScope';

/** What the executor reports as it goes (terminal lines, progress notifications). */
export type CommandEvent =
  | { readonly kind: 'session'; readonly session: SessionRecord }
  | { readonly kind: 'step-start'; readonly step: StepExecution }
  | { readonly kind: 'output'; readonly step: string; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly kind: 'step-end'; readonly step: StepExecution };

export interface RunCommandOptions {
  readonly repoRoot: string;
  readonly command: ResolvedCommand;
  /** Raw values as given (CLI `key=value`, editor inputs); checked against the definition before anything runs. */
  readonly args: Readonly<Record<string, string>>;
  readonly terminal?: string;
  readonly onEvent?: (event: CommandEvent) => void;
  readonly signal?: AbortSignal;
  /** The ports (src/adapters/commands/commandDeps.ts `createCommandRunDeps`), built by the composition root. */
  readonly deps: CommandRunDeps;
}

/**
 * Runs pre_steps → steps → post_steps in the command's lifecycle, records the session after every step, runs
 * cleanup_on_failure on a failure (executor.ts). Arguments are checked first: bad ones throw CommandRunError
 * ('arguments') before a session exists. A step's failure does not throw: the record's status says it.
 */
export async function runCommand(options: RunCommandOptions): Promise<SessionRecord> {
  const { deps, command } = options;
  const checked = checkArguments(command, options.args);
  if (checked.problems.length > 0) {
    throw new CommandRunError('arguments', checked.problems.map(formatProblem).join('\n'), checked.problems);
  }
  const root = await deps.worktree.files.realpath(options.repoRoot);
  const now = deps.now?.() ?? new Date();
  const id = newSessionId(now, deps.randomHex?.() ?? randomBytes(3).toString('hex'));
  const artifactDir = await deps.sessions.create(id, command);
  const session: SessionState = {
    id,
    command: command.name,
    arguments: checked.values,
    projectPath: root,
    lifecycle: command.lifecycle,
    ...(options.terminal !== undefined ? { terminal: options.terminal } : {}),
    sharedData: {},
    stepHistory: [],
    artifactDir,
    status: 'active',
    createdAt: now.toISOString(),
  };
  return executeSession({ deps, command, session, ...(options.onEvent ? { onEvent: options.onEvent } : {}), ...(options.signal ? { signal: options.signal } : {}) });
}

/**
 * Reruns a failed or cancelled session from its first unfinished step with the same arguments, shared data and
 * command definition (the one recorded when it first ran, command.json). Steps that completed (or were skipped) keep
 * their records and are not run again; new records are appended to the history. A worktree session resumes in the
 * worktree its failed run kept.
 */
export async function resumeSession(repoRoot: string, sessionId: string, options: Omit<RunCommandOptions, 'repoRoot' | 'command' | 'args'>): Promise<SessionRecord> {
  const { deps } = options;
  const record = await deps.sessions.read(sessionId);
  if (!record) throw new CommandRunError('unknown-session', `No session ${sessionId} in ${repoRoot}/.lw_coder/sessions. List them with \`lwc session list\`.`);
  const why = unresumableReason(record);
  if (why) throw new CommandRunError('not-resumable', why);
  const command = await deps.sessions.readCommand(sessionId);
  if (!command) throw new CommandRunError('not-resumable', `Session ${sessionId} has no command.json (it was written by another version or damaged), so it cannot be resumed. Run the command again with \`lwc cmd run ${record.command}\`.`);
  const session = fromRecord(record);
  if (options.terminal !== undefined) session.terminal = options.terminal;
  const base = record.sharedData.worktree_base;
  // Sessions recorded before worktree_new_branch existed keep their branch.
  const createdBranch = record.sharedData.worktree_new_branch === 'true';
  const resumeWorktree = record.worktreePath && record.branch && base ? { path: record.worktreePath, branch: record.branch, base, createdBranch } : undefined;
  return executeSession({ deps, command, session, ...(resumeWorktree ? { resumeWorktree } : {}), ...(options.onEvent ? { onEvent: options.onEvent } : {}), ...(options.signal ? { signal: options.signal } : {}) });
}
