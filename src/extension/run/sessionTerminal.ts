import * as vscode from 'vscode';
import type { LiveSession, TerminalSize } from '../../app/run/sessionContainer';

/** How long the "[process exited …]" line stays before the terminal closes itself. */
const CLOSE_DELAY_MS = 1500;
/** A terminal that never opens (no window to show it in) must not hold the run: start with the default size. */
const OPEN_TIMEOUT_MS = 5000;

const dim = (text: string): string => `\x1b[2m${text.replace(/\r?\n/g, '\r\n')}\x1b[0m\r\n`;

/**
 * The integrated terminal of one run, bridged to the agent container (LiveSession): keystrokes go to the container's
 * stdin, resizes to its TTY, its output to the terminal. Closing the terminal calls `onUserClose` (the command aborts
 * the run, so runPlan stops and removes the container and restores the worktree's pointers); the container's exit
 * prints its code and closes the terminal a moment later with that code.
 */
export class SessionTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private session: LiveSession | undefined;
  private size: TerminalSize | undefined;
  private closed = false;
  private resolveOpened!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.resolveOpened = resolve));

  constructor(private readonly onUserClose: () => void) {}

  open(initial: vscode.TerminalDimensions | undefined): void {
    if (initial) this.size = { columns: initial.columns, rows: initial.rows };
    this.resolveOpened();
  }

  /** The size to start the container with: the terminal's, once it opened (or after a timeout, none). */
  async initialSize(): Promise<TerminalSize | undefined> {
    await Promise.race([this.opened, new Promise((r) => setTimeout(r, OPEN_TIMEOUT_MS))]);
    return this.size;
  }

  handleInput(data: string): void {
    this.session?.write(data);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.size = { columns: dimensions.columns, rows: dimensions.rows };
    void this.session?.resize(this.size).catch(() => { /* the container may be gone already */ });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The run's abort signal stops the container (runSessionContainer owns stopping, once) and runPlan cleans up.
    this.onUserClose();
  }

  /** A line of LW Coder's own (progress, errors), dimmed so it is not mistaken for the agent's output. */
  note(text: string): void {
    if (!this.closed) this.writeEmitter.fire(dim(text));
  }

  /** runPlan's attach step: shows the session until the container exits. */
  readonly attach = async (session: LiveSession): Promise<number> => {
    this.session = session;
    const decoder = new TextDecoder();
    session.onOutput((chunk) => {
      const text = decoder.decode(chunk, { stream: true });
      // A TTY already sends CR LF; a plain stream needs the CR the terminal expects.
      this.writeEmitter.fire(session.tty ? text : text.replace(/\r?\n/g, '\r\n'));
    });
    if (this.size) void session.resize(this.size).catch(() => {});
    const code = await session.exited;
    this.finish(code);
    return code;
  };

  /** Shows the exit code and closes the terminal after a moment (unless the user already closed it). */
  finish(code: number): void {
    if (this.closed) return;
    this.writeEmitter.fire(`\r\n[process exited with code ${code}]\r\n`);
    this.closed = true;
    setTimeout(() => this.closeEmitter.fire(code), CLOSE_DELAY_MS);
  }
}
