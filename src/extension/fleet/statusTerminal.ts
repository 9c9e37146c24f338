import * as vscode from 'vscode';
import { fleetStatus } from '../../app/fleet/status';
import type { FleetDeps } from '../../app/fleet/types';
import { briefLine, shortDuration, type FleetStatus } from '../../core/fleet/statusModel';

/** How often the dashboard pane redraws: `watch -n 3 lwc status --brief`, as isollm's zellij dashboard pane. */
export const STATUS_REFRESH_MS = 3000;

/** The pane's text: `lwc status --brief`'s line (the same model and briefLine), then one line per worker. */
export function statusScreen(status: FleetStatus): string[] {
  return [
    briefLine(status),
    ...status.workers.map((w) => `  ${w.name.padEnd(4)} ${w.state.padEnd(9)} ${w.task ?? '-'}${w.durationMs !== undefined ? ` (${shortDuration(w.durationMs)})` : ''}`),
    ...status.problems.map((p) => `  ! ${p}`),
  ];
}

/**
 * The fleet's dashboard pane in the terminal panel (issue 13 item 3): the status model of `lwc status` (fleetStatus,
 * the one implementation) redrawn every few seconds while the terminal is open, never two reads at once.
 */
export class StatusTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private last = '';

  constructor(
    private readonly deps: Pick<FleetDeps, 'run' | 'queue' | 'state'>,
    private readonly repoRoot: string,
    private readonly onClosed: () => void,
  ) {}

  /** The screen as last drawn (for the extension's test API). */
  get trace(): string {
    return this.last;
  }

  open(): void {
    void this.refresh();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.writer.dispose();
    this.onClosed();
  }

  private async refresh(): Promise<void> {
    let lines: string[];
    try {
      lines = statusScreen(await fleetStatus(this.deps, this.repoRoot));
    } catch (error) {
      lines = [`could not read the fleet's status: ${error instanceof Error ? error.message : String(error)}`];
    }
    if (this.closed) return;
    const text = lines.join('\n');
    if (text !== this.last) {
      this.last = text;
      // Home, clear, redraw: the pane shows the current status, not a scrolling history.
      this.writer.fire(`\x1b[H\x1b[2J${lines.join('\r\n')}\r\n`);
    }
    this.timer = setTimeout(() => void this.refresh(), STATUS_REFRESH_MS);
  }
}
