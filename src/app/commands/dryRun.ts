import { formatProblem } from '../../core/commands/problems';
import { join } from 'node:path';
import { cleanupSequenceOf, defaultBranchName, sequenceOf, type SequencedStep } from '../../core/commands/session';
import { sessionEnvNames } from '../../core/commands/stepEnv';
import type { Lifecycle, ResolvedCommand, StepPhase, StepType } from '../../core/commands/types';
import { CommandRunError, type ArgValues } from './runTypes';
import { checkArguments, substitutePlaceholders } from './stepScope';

export interface DryRunStep {
  readonly phase: StepPhase;
  readonly index: number;
  readonly name: string;
  readonly type: StepType;
  readonly action: string;
  /** With placeholders substituted (shared data is empty before the run: `{{ shared.x }}` shows as empty). */
  readonly args: readonly string[];
  readonly when?: string;
  readonly timeoutSeconds?: number;
  readonly retry: { readonly count: number; readonly delaySeconds: number };
  readonly continueOnError: boolean;
}

export interface DryRun {
  readonly command: string;
  readonly lifecycle: Lifecycle;
  readonly arguments: ArgValues;
  /** Where steps would run; for the worktree lifecycle, inside the worktree that would be created. */
  readonly workingDirectory: string;
  readonly branch?: string;
  /** Names only: values may be secrets. */
  readonly environment: readonly string[];
  readonly timeoutSeconds: number;
  readonly steps: readonly DryRunStep[];
  readonly cleanupOnFailure: readonly DryRunStep[];
}

/** What `lwc cmd run --dry-run` shows: the run as it would go, with nothing run, created or written. */
export function describeCommandRun(repoRoot: string, command: ResolvedCommand, raw: Readonly<Record<string, string>>, now: Date): DryRun {
  const checked = checkArguments(command, raw);
  if (checked.problems.length > 0) throw new CommandRunError('arguments', checked.problems.map(formatProblem).join('\n'), checked.problems);
  const args = checked.values;
  const branch = command.lifecycle === 'worktree' ? (command.branchName !== undefined ? substitutePlaceholders(command.branchName, args, {}) : defaultBranchName(command.name, now)) : undefined;
  const base = command.lifecycle === 'worktree' ? join(repoRoot, '.lw_coder', 'worktrees', 'cmd-<session id>') : repoRoot;
  const view = (s: SequencedStep): DryRunStep => ({
    phase: s.phase,
    index: s.index,
    name: s.step.name,
    type: s.step.type,
    action: s.step.action,
    args: s.step.args.map((a) => substitutePlaceholders(a, args, {})),
    ...(s.step.when !== undefined ? { when: s.step.when } : {}),
    ...(s.step.timeoutSeconds !== undefined ? { timeoutSeconds: s.step.timeoutSeconds } : {}),
    retry: s.step.retry,
    continueOnError: s.step.continueOnError,
  });
  return {
    command: command.name,
    lifecycle: command.lifecycle,
    arguments: args,
    workingDirectory: command.workingDirectory ? join(base, command.workingDirectory) : base,
    ...(branch !== undefined ? { branch } : {}),
    environment: sessionEnvNames(Object.keys(args), Object.keys(command.environment)),
    timeoutSeconds: command.timeoutSeconds,
    steps: sequenceOf(command).map(view),
    cleanupOnFailure: cleanupSequenceOf(command).map(view),
  };
}
