import type { ResolvedCommand, SessionRecord, StepExecution } from '../../core/commands/types';

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
}

/**
 * Placeholder with the agreed signature: runs pre_steps → steps → post_steps in the command's lifecycle, records the
 * session after every step, runs cleanup_on_failure on a failure. The executor stream replaces the body.
 */
export async function runCommand(_options: RunCommandOptions): Promise<SessionRecord> {
  throw new Error('runCommand: not implemented yet');
}

/** Reruns a failed or cancelled session from its first unfinished step with the same arguments and shared data. */
export async function resumeSession(_repoRoot: string, _sessionId: string, _options: Omit<RunCommandOptions, 'repoRoot' | 'command' | 'args'>): Promise<SessionRecord> {
  throw new Error('resumeSession: not implemented yet');
}
