import * as vscode from 'vscode';
import { rowItem, type WorkerRow } from './rows';
import type { WorkersModel } from './model';

/** Maps the pure rows (rows.ts) to TreeItems; the model decides when anything changed. */
export class WorkersTreeProvider implements vscode.TreeDataProvider<WorkerRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WorkerRow | WorkerRow[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly parents = new WeakMap<WorkerRow, WorkerRow>();

  constructor(private readonly model: WorkersModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  /** Redraws only these rows (the elapsed time of busy workers), keeping every other row where it is. */
  redraw(rows: readonly WorkerRow[]): void {
    if (rows.length) this.changed.fire([...rows]);
  }

  getChildren(row?: WorkerRow): WorkerRow[] {
    const children = !row ? this.model.state.rows : row.kind === 'folder' || row.kind === 'group' ? row.children : [];
    if (row) for (const child of children) this.parents.set(child, row);
    return [...children];
  }

  getParent(row: WorkerRow): WorkerRow | undefined {
    return this.parents.get(row);
  }

  getTreeItem(row: WorkerRow): vscode.TreeItem {
    const fields = rowItem(row, Date.now());
    const state = !fields.expandable ? vscode.TreeItemCollapsibleState.None : fields.collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(fields.label, state);
    item.id = fields.id;
    item.description = fields.description;
    if (fields.tooltip) item.tooltip = fields.tooltip;
    if (fields.icon) item.iconPath = new vscode.ThemeIcon(fields.icon, fields.iconColor ? new vscode.ThemeColor(fields.iconColor) : undefined);
    if (fields.contextValue) item.contextValue = fields.contextValue;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
