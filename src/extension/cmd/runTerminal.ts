import * as vscode from 'vscode';
import type { CommandEvent } from '../../app/commands/run';
import type { RunAgentPort } from '../../app/commands/runTypes';
import type { ResolvedCommand, SessionRecord } from '../../core/commands/types';
import { loadCommands } from '../lazy';

/** How a command's run in the editor ended. */
export type CommandRunEnd = { readonly ok: true; readonly session: SessionRecord } | { readonly ok: false; readonly session?: SessionRecord; readonly error: string };

export interface CommandRunRequest {
  readonly repoRoot: string;
  readonly command: ResolvedCommand;
  readonly args: Readonly<Record<string, string>>;
  readonly terminalName: string;
  /** run-agent and agent steps (editorAgent.ts); without it they fail saying no agent runner is available. */
  readonly runAgent?: RunAgentPort;
}

const line = (text: string): string => `${text.replace(/\r?\n/g, '\r\n')}\r\n`;

/**
 * A command's session shown live in a terminal: the executor's events as readable lines (eventLines). The run starts
 * when the terminal opens, so no line is lost; closing the terminal cancels it. Used by "Run Command…" (the terminal
 * stays open at the end, for reading) and by the Task provider's CustomExecution (closes with the exit code, which is
 * what marks a task failed or succeeded).
 */
export class CommandPseudoterminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private readonly abort = new AbortController();
  private readonly listeners: ((event: CommandEvent) => void)[] = [];
  private settle!: (end: CommandRunEnd) => void;
  /** Resolves when the run ends (never rejects). */
  readonly done = new Promise<CommandRunEnd>((resolve) => (this.settle = resolve));
  private started = false;

  constructor(
    private readonly request: CommandRunRequest,
    private readonly options: { readonly closeOnEnd: boolean },
  ) {}

  /** Hears every event (the progress notification). */
  onEvent(listener: (event: CommandEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Cancels the run (the progress notification's Cancel). */
  cancel(): void {
    this.abort.abort();
  }

  open(): void {
    if (this.started) return;
    this.started = true;
    const { command, args } = this.request;
    const given = Object.entries(args).map(([k, v]) => `${k}=${v}`);
    this.writer.fire(line(`${command.name}: ${command.description}`));
    this.writer.fire(line(`lifecycle ${command.lifecycle}${given.length ? ` · ${given.join(' ')}` : ''}`));
    void this.run();
  }

  close(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    let last: SessionRecord | undefined;
    let end: CommandRunEnd;
    try {
      const chunk = await loadCommands();
      const session = await chunk.runCommand({
        repoRoot: this.request.repoRoot,
        command: this.request.command,
        args: this.request.args,
        deps: chunk.createCommandRunDeps(this.request.repoRoot, { processEnv: process.env, ...(this.request.runAgent ? { runAgent: this.request.runAgent } : {}) }),
        terminal: this.request.terminalName,
        signal: this.abort.signal,
        onEvent: (event) => {
          if (event.kind === 'session') last = event.session;
          for (const text of chunk.eventLines(event)) this.writer.fire(line(text));
          for (const listener of this.listeners) listener(event);
        },
      });
      end = session.status === 'completed' ? { ok: true, session } : { ok: false, session, error: session.error ?? `session ${session.status}` };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.writer.fire(line(`✘ ${this.request.command.name} could not run: ${message}`));
      end = { ok: false, ...(last ? { session: last } : {}), error: message };
    }
    this.settle(end);
    if (this.options.closeOnEnd) this.closer.fire(end.ok ? 0 : 1);
    else this.writer.fire(line(end.ok ? '\r\nDone. Close this terminal when you have read it.' : '\r\nThe command failed. Close this terminal when you have read it.'));
  }

  dispose(): void {
    this.writer.dispose();
    this.closer.dispose();
  }
}
