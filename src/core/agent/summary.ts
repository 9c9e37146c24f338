import type { AgentEvent } from './events';

/** What a run did, from its events: for run.json, the CLI's report and the feedback webview's status header. */
export interface EventSummary {
  readonly sessionId?: string;
  readonly commands: number;
  readonly failedCommands: number;
  /** Paths the agent reported changing, in first-seen order (the worktree diff remains the authority). */
  readonly filesChanged: readonly string[];
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  /** Present only when the agent reported a cost (claude). */
  readonly costUsd?: number;
  readonly errors: readonly string[];
  readonly finished: 'completed' | 'failed' | 'unfinished';
}

export function summarizeEvents(events: readonly AgentEvent[]): EventSummary {
  let sessionId: string | undefined;
  let commands = 0;
  let failedCommands = 0;
  const files = new Set<string>();
  let inputTokens = 0;
  let outputTokens = 0;
  let cachedInputTokens = 0;
  let costUsd: number | undefined;
  const errors: string[] = [];
  let finished: EventSummary['finished'] = 'unfinished';
  for (const e of events) {
    if (e.kind === 'started') sessionId ??= e.sessionId;
    // A command is counted once: codex reports start and end, droid and claude only the start.
    else if (e.kind === 'command' && e.status === 'started') commands++;
    else if (e.kind === 'command' && e.status === 'failed') failedCommands++;
    else if (e.kind === 'file-change') files.add(e.path);
    else if (e.kind === 'usage') {
      inputTokens += e.inputTokens;
      outputTokens += e.outputTokens;
      cachedInputTokens += e.cachedInputTokens ?? 0;
      if (e.costUsd !== undefined) costUsd = (costUsd ?? 0) + e.costUsd;
    } else if (e.kind === 'error') errors.push(e.message);
    else if (e.kind === 'failed') {
      errors.push(e.message);
      finished = 'failed';
    } else if (e.kind === 'completed' && finished !== 'failed') finished = 'completed';
  }
  return { ...(sessionId === undefined ? {} : { sessionId }), commands, failedCommands, filesChanged: [...files], inputTokens, outputTokens, cachedInputTokens, ...(costUsd === undefined ? {} : { costUsd }), errors, finished };
}
