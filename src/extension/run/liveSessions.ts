import type * as vscode from 'vscode';

/**
 * The Run plan terminals of this window, by plan, from the moment Run plan starts preparing until its run ends: a
 * second Run plan of the same plan shows that terminal instead of starting anything (issue 10, item 9). Sessions in
 * other processes are found through the run's claim (app/sessionClaim.ts) and described by `elsewhereMessage`.
 */
export class LiveSessions {
  private readonly terminals = new Map<string, vscode.Terminal>();

  private static key(repoRoot: string, planId: string): string {
    return `${repoRoot}\n${planId}`;
  }

  get(repoRoot: string, planId: string): vscode.Terminal | undefined {
    return this.terminals.get(LiveSessions.key(repoRoot, planId));
  }

  /** Registers the run's terminal; the returned function forgets it (only if it is still this one). */
  add(repoRoot: string, planId: string, terminal: vscode.Terminal): () => void {
    const key = LiveSessions.key(repoRoot, planId);
    this.terminals.set(key, terminal);
    return () => {
      if (this.terminals.get(key) === terminal) this.terminals.delete(key);
    };
  }
}

/** What the app's SessionRunningError carries (matched by shape: the run chunk is a separate bundle). */
export interface RunningElsewhere {
  readonly name: 'SessionRunningError';
  readonly planId: string;
  readonly holder: { readonly pid: number; readonly hostname: string; readonly owner?: 'cli' | 'editor' | 'fleet' };
  readonly thisProcess: boolean;
}

export function isRunningElsewhere(error: unknown): error is RunningElsewhere {
  return error instanceof Error && error.name === 'SessionRunningError' && typeof (error as Partial<RunningElsewhere>).planId === 'string';
}

/** The refusal in the editor's words: where the session runs, never a command to type. */
export function elsewhereMessage(running: Omit<RunningElsewhere, 'name'>, localHost: string): string {
  const { planId, holder } = running;
  if (running.thisProcess) return `${planId} is already running in this window.`;
  const pid = holder.pid > 0 ? ` (pid ${holder.pid}${holder.hostname && holder.hostname !== localHost ? ` on ${holder.hostname}` : ''})` : '';
  const where = holder.owner === 'cli' ? 'in a terminal outside VS Code' : holder.owner === 'editor' ? 'in another VS Code window' : holder.owner === 'fleet' ? 'in a fleet worker (lwc up)' : 'in another process';
  return `${planId} is already running ${where}${pid}. Wait for that session to end, or end it there, then run the plan again.`;
}
