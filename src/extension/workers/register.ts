import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';
import type { LwContext } from '../context';
import { rowItem, type WorkerRow } from './rows';
import { WorkersTreeProvider } from './treeProvider';

export const WORKERS_VIEW_ID = 'lwCoder.workers';

/** How often the busy workers' elapsed times are redrawn (only the rows whose text changed). */
const ELAPSED_TICK_MS = 1000;

/** Busy workers' rows: the only rows whose text changes with the clock. */
function tickingRows(rows: readonly WorkerRow[], out: WorkerRow[] = []): WorkerRow[] {
  for (const r of rows) {
    if (r.kind === 'worker' && r.worker.startedMs !== undefined) out.push(r);
    else if (r.kind === 'folder') tickingRows(r.children, out);
  }
  return out;
}

/**
 * The Workers view and the fleet's status bar item. Both follow the store's files (`.lw_coder/state/queue/**` and
 * `.lw_coder/state/fleet/**`) through a file watcher, debounced by the model; nothing polls the engine. While the
 * view shows busy workers, a one-second timer redraws just their rows when their elapsed time's text changes.
 */
export function registerWorkersView(ctx: LwContext): vscode.Disposable {
  const provider = new WorkersTreeProvider(ctx.workers);
  const view = vscode.window.createTreeView(WORKERS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const statusBar = vscode.window.createStatusBarItem('lwCoder.fleet', vscode.StatusBarAlignment.Left, 50);
  statusBar.name = 'LW Coder Fleet';
  statusBar.command = COMMAND_IDS.fleetShowDashboard;
  statusBar.tooltip = 'LW Coder fleet: busy workers / workers · ready tasks. Click for the dashboard.';

  const queueWatcher = vscode.workspace.createFileSystemWatcher('**/.lw_coder/state/queue/**');
  const fleetWatcher = vscode.workspace.createFileSystemWatcher('**/.lw_coder/state/fleet/**');
  const queueChanged = (): void => ctx.workers.markStale();
  const fleetChanged = (): void => ctx.workers.fleetStateChanged();

  let drawn = new Map<string, string>();
  let ticker: ReturnType<typeof setInterval> | undefined;
  const tick = (): void => {
    const now = Date.now();
    const changed = tickingRows(ctx.workers.state.rows).filter((r) => drawn.get(r.id) !== rowItem(r, now).description);
    for (const r of changed) drawn.set(r.id, rowItem(r, now).description);
    provider.redraw(changed);
  };
  const updateTicker = (): void => {
    const busy = view.visible && tickingRows(ctx.workers.state.rows).length > 0;
    if (busy && !ticker) ticker = setInterval(tick, ELAPSED_TICK_MS);
    if (!busy && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };

  // Untrusted: the view shows state, and says here why its actions (greyed out by their enablement) do nothing.
  const showMessage = (): void => {
    const { error, rows } = ctx.workers.state;
    view.message = error
      ? `Could not read the fleet's state: ${error}`
      : !vscode.workspace.isTrusted && rows.length > 0
        ? 'Untrusted workspace: the queue and workers are shown, but adding, removing, retrying or reprioritising tasks, and starting or stopping workers, need trust.'
        : undefined;
  };
  const onModel = ctx.workers.onDidChange((state) => {
    drawn = new Map(tickingRows(state.rows).map((r) => [r.id, rowItem(r, Date.now()).description]));
    updateTicker();
    showMessage();
    if (state.statusBar) {
      statusBar.text = state.statusBar;
      statusBar.show();
    } else statusBar.hide();
  });

  ctx.workers.setActive(view.visible);
  return vscode.Disposable.from(
    view,
    provider,
    statusBar,
    onModel,
    queueWatcher,
    fleetWatcher,
    queueWatcher.onDidCreate(queueChanged),
    queueWatcher.onDidChange(queueChanged),
    queueWatcher.onDidDelete(queueChanged),
    fleetWatcher.onDidCreate(fleetChanged),
    fleetWatcher.onDidChange(fleetChanged),
    fleetWatcher.onDidDelete(fleetChanged),
    view.onDidChangeVisibility((e) => {
      ctx.workers.setActive(e.visible);
      updateTicker();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(queueChanged),
    vscode.workspace.onDidGrantWorkspaceTrust(showMessage),
    { dispose: () => ticker && clearInterval(ticker) },
  );
}
