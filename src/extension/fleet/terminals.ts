import * as vscode from 'vscode';
import type { FleetDeps } from '../../app/fleet/types';
import { fleetLayout, layoutModeOf, type FleetLayout } from './layout';
import { onFleetShutdown } from './running';
import { StatusTerminal } from './statusTerminal';
import { SupervisorWatch } from './supervisorWatch';
import { WorkerTerminal } from './workerTerminal';

export const LAYOUT_SETTING = 'lwCoder.fleet.layout';
export const STATUS_TERMINAL_NAME = 'LW Coder: Fleet Status';
export const workerTerminalName = (worker: string): string => `LW Coder ${worker}`;

/** One open fleet terminal as the test API shows it. */
export interface FleetTerminalTrace {
  readonly name: string;
  readonly repoRoot: string;
  readonly worker?: string;
  readonly text: string;
}

interface Open {
  readonly terminal: vscode.Terminal;
  readonly pty: WorkerTerminal | StatusTerminal;
  readonly repoRoot: string;
  readonly worker?: string;
}

/**
 * The fleet's terminals (issue 13 item 3): one per worker in the editor area, arranged by `lwCoder.fleet.layout`
 * (layout.ts), and the status pane in the panel. One supervisor watch per repository serves all its worker terminals.
 */
export class FleetTerminals implements vscode.Disposable {
  private readonly open = new Set<Open>();
  private readonly watches = new Map<string, SupervisorWatch>();
  private readonly stopOnShutdown = onFleetShutdown(() => this.dispose());

  private watchOf(repoRoot: string): SupervisorWatch {
    let w = this.watches.get(repoRoot);
    if (!w) this.watches.set(repoRoot, (w = new SupervisorWatch(repoRoot)));
    return w;
  }

  /**
   * Closes the repository's worker terminals, lays the editor area out for `workers` (vscode.setEditorLayout) and
   * opens worker i's terminal in group i + 1; then makes sure the status pane is open in the panel.
   */
  async arrange(repoRoot: string, workers: readonly string[], statusDeps: () => Pick<FleetDeps, 'run' | 'queue' | 'state'>): Promise<FleetLayout> {
    for (const o of [...this.open]) if (o.repoRoot === repoRoot && o.worker !== undefined) o.terminal.dispose();
    const layout = fleetLayout(workers.length, layoutModeOf(vscode.workspace.getConfiguration().get(LAYOUT_SETTING)));
    await vscode.commands.executeCommand('vscode.setEditorLayout', layout.layout);
    workers.forEach((worker, i) => this.openWorker(repoRoot, worker, { viewColumn: i + 1, preserveFocus: true }));
    this.ensureStatus(repoRoot, statusDeps);
    return layout;
  }

  /** Shows the worker's terminal, opening it beside the active editor when it is not open. */
  reveal(repoRoot: string, worker: string): vscode.Terminal {
    const found = [...this.open].find((o) => o.repoRoot === repoRoot && o.worker === worker);
    const terminal = found?.terminal ?? this.openWorker(repoRoot, worker, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
    terminal.show(false);
    return terminal;
  }

  private openWorker(repoRoot: string, worker: string, location: vscode.TerminalEditorLocationOptions): vscode.Terminal {
    let entry: Open | undefined;
    const pty = new WorkerTerminal(worker, this.watchOf(repoRoot), () => entry && this.open.delete(entry));
    const terminal = vscode.window.createTerminal({ name: workerTerminalName(worker), pty, location, iconPath: new vscode.ThemeIcon('server-process') });
    entry = { terminal, pty, repoRoot, worker };
    this.open.add(entry);
    return terminal;
  }

  private ensureStatus(repoRoot: string, deps: () => Pick<FleetDeps, 'run' | 'queue' | 'state'>): void {
    // The status model runs git and asks the engine: not in an untrusted workspace, where only files are read.
    if (!vscode.workspace.isTrusted) return;
    if ([...this.open].some((o) => o.repoRoot === repoRoot && o.worker === undefined)) return;
    let entry: Open | undefined;
    const pty = new StatusTerminal(deps(), repoRoot, () => entry && this.open.delete(entry));
    const terminal = vscode.window.createTerminal({ name: STATUS_TERMINAL_NAME, pty, location: vscode.TerminalLocation.Panel, iconPath: new vscode.ThemeIcon('pulse') });
    entry = { terminal, pty, repoRoot };
    this.open.add(entry);
  }

  traces(): FleetTerminalTrace[] {
    return [...this.open].map((o) => ({ name: o.terminal.name, repoRoot: o.repoRoot, ...(o.worker !== undefined ? { worker: o.worker } : {}), text: o.pty.trace }));
  }

  dispose(): void {
    this.stopOnShutdown();
    for (const o of [...this.open]) o.terminal.dispose();
    this.open.clear();
    for (const w of this.watches.values()) w.dispose();
    this.watches.clear();
  }
}
