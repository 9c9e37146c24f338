import { isAbsolute, join, relative, sep } from 'node:path';
import { cleanupSequenceOf, finishedIndexes, sequenceOf, type SequencedStep } from '../../core/commands/session';
import type { ResolvedCommand, SessionRecord, StepExecution } from '../../core/commands/types';
import { createCommandWorktree, finishCommandWorktree, reopenCommandWorktree, type CommandWorktree } from './lifecycle';
import type { CommandEvent } from './run';
import type { CommandRunDeps } from './runTypes';
import { toRecord, type SessionState } from './sessionState';
import { runStep } from './stepRunner';
import { sessionWriter } from './sessionWriter';

/** cleanup_on_failure steps without their own timeout get this (the seed's 60 s). */
export const CLEANUP_TIMEOUT_SECONDS = 60;

const inside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

export interface ExecuteInput {
  readonly deps: CommandRunDeps;
  readonly command: ResolvedCommand;
  readonly session: SessionState;
  /** Set on resume: the worktree the failed run kept. */
  readonly resumeWorktree?: CommandWorktree;
  readonly onEvent?: (event: CommandEvent) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs a session to its end (issue 14 item 5): lifecycle set-up, pre → main → post (skipping steps a previous run
 * finished, on resume), cleanup_on_failure after a failure or a cancellation, lifecycle end. session.json is written
 * after every step, so a crash leaves a readable history. Resolves with the final record; throws only when the session
 * file itself cannot be written.
 */
export async function executeSession(input: ExecuteInput): Promise<SessionRecord> {
  const { deps, command, session, signal } = input;
  const emit = (event: CommandEvent): void => input.onEvent?.(event);
  const writer = sessionWriter((record) => deps.sessions.write(record));
  // Scheduled, not awaited: the disk write overlaps the next step (sessionWriter.ts); the end flushes.
  const save = async (): Promise<void> => {
    const record = toRecord(session);
    writer.schedule(record);
    emit({ kind: 'session', session: record });
  };
  const started = Date.now();
  const deadline = started + command.timeoutSeconds * 1000;
  session.status = 'active';
  delete session.endedAt;
  delete session.error;
  await save();

  let worktree = input.resumeWorktree;
  let failure: StepExecution | undefined;
  let setupError: string | undefined;
  let cwd = session.projectPath;
  try {
    if (command.lifecycle !== 'standard') session.terminal ??= `lwc (pid ${deps.worktree.process.pid})`;
    if (command.lifecycle === 'worktree' && !worktree) {
      worktree = await createCommandWorktree(deps.worktree, {
        repoRoot: session.projectPath,
        command,
        sessionId: session.id,
        now: deps.now?.() ?? new Date(),
        args: session.arguments,
        shared: session.sharedData,
        randomHex: deps.randomHex?.() ?? Math.random().toString(16).slice(2, 8),
        ...(signal ? { signal } : {}),
      });
      session.worktreePath = worktree.path;
      session.branch = worktree.branch;
      session.sharedData.branch_name = worktree.branch;
      session.sharedData.worktree_base = worktree.base;
      session.sharedData.worktree_new_branch = String(worktree.createdBranch);
      await save();
    } else if (worktree) {
      await reopenCommandWorktree(deps.worktree, worktree.path, signal);
    }
    cwd = await workingDirectory(deps, command, worktree?.path ?? session.projectPath);
  } catch (error) {
    setupError = error instanceof Error ? error.message : String(error);
  }

  let cancelled = false;
  if (setupError === undefined) {
    const done = finishedIndexes(session.stepHistory);
    for (const seq of sequenceOf(command)) {
      if (done.has(seq.index)) continue;
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        setupError = `the command's timeout (${command.timeoutSeconds} s) ran out before step '${seq.step.name}'`;
        break;
      }
      const own = seq.step.timeoutSeconds === undefined ? Infinity : seq.step.timeoutSeconds * 1000;
      const execution = await runStep({ deps, command, session, seq, cwd, timeoutMs: Math.min(own, remaining), commandDeadlineBinds: remaining <= own, commandTimeoutSeconds: command.timeoutSeconds, ...(signal ? { signal } : {}), emit });
      session.stepHistory.push(execution);
      await save();
      if (execution.status === 'cancelled') {
        cancelled = true;
        break;
      }
      if (execution.status === 'failed' && !seq.step.continueOnError) {
        failure = execution;
        break;
      }
    }
  }

  const failed = failure !== undefined || setupError !== undefined;
  if (failed || cancelled) {
    // Cleanup runs to completion even after a cancellation: each step has its own budget and no abort signal.
    for (const seq of cleanupSequenceOf(command)) await runCleanupStep(input, seq, cwd, emit, save);
  }
  session.status = cancelled ? 'cancelled' : failed ? 'failed' : 'completed';
  if (failed) session.error = failure ? `step '${failure.name}' failed: ${failure.error ?? 'unknown error'}` : setupError;
  if (cancelled) session.error = 'the session was cancelled';
  if (worktree) {
    try {
      const end = await finishCommandWorktree(deps.worktree, session.projectPath, worktree, session.status);
      emit({ kind: 'output', step: '(lifecycle)', stream: 'stderr', text: end.kind === 'kept' ? `lwc: worktree kept at ${worktree.path} (branch ${worktree.branch}): ${end.why}\n` : `lwc: worktree ${worktree.path} removed (nothing to keep; ${end.branchDeleted ? `its empty branch ${worktree.branch} deleted` : `branch ${worktree.branch} stays`})\n` });
    } catch (error) {
      // Kept, since salvage or removal refused: the work is never lost to a cleanup problem.
      emit({ kind: 'output', step: '(lifecycle)', stream: 'stderr', text: `lwc: worktree kept at ${worktree.path}: ${error instanceof Error ? error.message : String(error)}\n` });
    }
  }
  session.endedAt = (deps.now?.() ?? new Date()).toISOString();
  await save();
  await writer.flush();
  return toRecord(session);
}

async function runCleanupStep(input: ExecuteInput, seq: SequencedStep, cwd: string, emit: (event: CommandEvent) => void, save: () => Promise<void>): Promise<void> {
  const timeoutMs = (seq.step.timeoutSeconds ?? CLEANUP_TIMEOUT_SECONDS) * 1000;
  const execution = await runStep({ deps: input.deps, command: input.command, session: input.session, seq, cwd, timeoutMs, commandDeadlineBinds: false, commandTimeoutSeconds: input.command.timeoutSeconds, emit });
  input.session.stepHistory.push(execution);
  await save();
}

/** working_directory, relative to the worktree or project and judged by its real path: it must stay inside. */
async function workingDirectory(deps: CommandRunDeps, command: ResolvedCommand, base: string): Promise<string> {
  if (command.workingDirectory === undefined || command.workingDirectory === '' || command.workingDirectory === '.') return base;
  const realBase = (await deps.files.realpath(base)) ?? base;
  const real = await deps.files.realpath(join(base, command.workingDirectory));
  if (!real) throw new Error(`working_directory ${command.workingDirectory} does not exist in ${base}. Fix working_directory in ${command.source.file} (relative to the repository root).`);
  if (isAbsolute(command.workingDirectory) || !inside(real, realBase)) throw new Error(`working_directory ${command.workingDirectory} resolves to ${real}, outside ${realBase}. Fix working_directory in ${command.source.file}.`);
  return real;
}
