import * as vscode from 'vscode';
import type { RunSummary } from '../../core/ports/runStore';
import { COMMAND_IDS } from '../commands/ids';
import type { RunsByPlan, RunsModel } from './model';
import { sessionChildren, sessionTreeItem, type SessionTreeNode } from './sessionNodes';

export type RunTreeNode =
  | { readonly kind: 'plan'; readonly group: RunsByPlan }
  | { readonly kind: 'run'; readonly group: RunsByPlan; readonly run: RunSummary }
  | { readonly kind: 'file'; readonly group: RunsByPlan; readonly run: RunSummary; readonly path: string }
  | { readonly kind: 'error'; readonly message: string }
  | SessionTreeNode;

function runDescription(run: RunSummary): string {
  const r = run.record;
  if (!r) return 'run.json unreadable';
  const how = r.source === 'templates' ? 'templates' : (r.model ?? 'model');
  return `${how}${r.cacheHit ? ' · cache hit' : ''}`;
}

/** Runs per plan, newest first, with their files; a file row opens the file. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: RunsModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: RunTreeNode): RunTreeNode[] {
    if (!node) {
      const { plans, error } = this.model.state;
      const groups: RunTreeNode[] = plans.map((group) => ({ kind: 'plan', group }));
      if (this.model.state.sessions.length) groups.push({ kind: 'sessions', sessions: this.model.state.sessions });
      return error ? [{ kind: 'error', message: error }, ...groups] : groups;
    }
    if (node.kind === 'sessions' || node.kind === 'session' || node.kind === 'step') return sessionChildren(node);
    if (node.kind === 'plan') return node.group.runs.map((run) => ({ kind: 'run', group: node.group, run }));
    if (node.kind === 'run') return node.run.files.map((path) => ({ kind: 'file', group: node.group, run: node.run, path }));
    return [];
  }

  getParent(node: RunTreeNode): RunTreeNode | undefined {
    if (node.kind === 'run') return { kind: 'plan', group: node.group };
    if (node.kind === 'file') return { kind: 'run', group: node.group, run: node.run };
    if (node.kind === 'session') return { kind: 'sessions', sessions: this.model.state.sessions };
    if (node.kind === 'step') return { kind: 'session', folder: node.folder, entry: node.entry };
    return undefined;
  }

  getTreeItem(node: RunTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'sessions':
      case 'session':
      case 'step':
        return sessionTreeItem(node);
      case 'plan': {
        const item = new vscode.TreeItem(node.group.planId, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `runs:${node.group.folder}:${node.group.planId}`;
        item.iconPath = new vscode.ThemeIcon('file-text');
        item.description = `${node.group.runs.length} run${node.group.runs.length === 1 ? '' : 's'}`;
        item.contextValue = 'runPlan';
        return item;
      }
      case 'run': {
        const item = new vscode.TreeItem(node.run.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `run:${node.run.runDir}`;
        item.iconPath = new vscode.ThemeIcon('history');
        item.description = runDescription(node.run);
        item.tooltip = `${node.run.runDir}\ncreated ${node.run.createdAt}`;
        item.resourceUri = vscode.Uri.file(node.run.runDir);
        item.contextValue = 'run';
        return item;
      }
      case 'file': {
        const uri = vscode.Uri.joinPath(vscode.Uri.file(node.run.runDir), ...node.path.split('/'));
        const item = new vscode.TreeItem(uri);
        item.id = `runFile:${uri.fsPath}`;
        item.label = node.path;
        item.iconPath = vscode.ThemeIcon.File;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
        item.contextValue = 'runFile';
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem('Could not list runs — Show Log');
        item.id = 'runs-error';
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.description = node.message;
        item.command = { command: COMMAND_IDS.logShow, title: 'Show Log' };
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
