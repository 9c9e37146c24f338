import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandProblem, ResolvedCommand } from '../../core/commands/types';
import { COMMAND_IDS } from '../commands/ids';
import type { CommandsModel } from './model';

export type CommandTreeNode =
  | { readonly kind: 'command'; readonly folder: string; readonly command: ResolvedCommand; readonly problems: readonly CommandProblem[] }
  | { readonly kind: 'problem'; readonly folder: string; readonly problem: CommandProblem }
  | { readonly kind: 'error'; readonly message: string };

const LIFECYCLE_ICONS = { worktree: 'git-branch', session: 'terminal', standard: 'run-all' } as const;

/** Where a problem's file is, and the line to open it at (0-based for vscode.Range). */
export function problemLocation(folder: string, problem: CommandProblem): { uri: vscode.Uri; selection?: vscode.Range } {
  const uri = vscode.Uri.file(join(folder, problem.file));
  if (problem.line <= 0) return { uri };
  const at = new vscode.Position(problem.line - 1, Math.max(0, problem.column - 1));
  return { uri, selection: new vscode.Range(at, at) };
}

/**
 * Each valid command with its description (children: the warnings of its file), then the problems of files that
 * gave no command. A problem row opens its file at the line.
 */
export class CommandsTreeProvider implements vscode.TreeDataProvider<CommandTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CommandTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: CommandsModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: CommandTreeNode): CommandTreeNode[] {
    if (node) return node.kind === 'command' ? node.problems.map((problem) => ({ kind: 'problem', folder: node.folder, problem })) : [];
    const { folders, error } = this.model.state;
    const rows: CommandTreeNode[] = error ? [{ kind: 'error', message: error }] : [];
    for (const f of folders) {
      const files = new Set(f.commands.map((c) => c.source.file));
      for (const command of f.commands) rows.push({ kind: 'command', folder: f.folder, command, problems: f.problems.filter((p) => p.file === command.source.file) });
      for (const problem of f.problems) if (!files.has(problem.file)) rows.push({ kind: 'problem', folder: f.folder, problem });
    }
    return rows;
  }

  getTreeItem(node: CommandTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'command': {
        const c = node.command;
        const item = new vscode.TreeItem(c.name, node.problems.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `command:${node.folder}:${c.name}`;
        item.description = c.description;
        item.iconPath = new vscode.ThemeIcon(LIFECYCLE_ICONS[c.lifecycle]);
        const args = c.arguments.map((a) => `${a.name}${a.required ? '*' : ''}: ${a.type === 'choice' ? (a.choices ?? []).join(' | ') : a.type}`);
        const tooltip = new vscode.MarkdownString();
        tooltip.appendText(`${c.name} — ${c.description}\n\n`);
        tooltip.appendText(`${c.source.file}${c.extendsChain.length ? ` (extends ${c.extendsChain.join(' → ')})` : ''}\nlifecycle: ${c.lifecycle} · ${c.preSteps.length + c.steps.length + c.postSteps.length} steps${args.length ? `\narguments: ${args.join(', ')}` : ''}`);
        item.tooltip = tooltip;
        item.contextValue = 'command';
        return item;
      }
      case 'problem': {
        const p = node.problem;
        const item = new vscode.TreeItem(p.message.split('\n')[0]!, vscode.TreeItemCollapsibleState.None);
        item.id = `commandProblem:${node.folder}:${p.file}:${p.line}:${p.column}:${p.message.slice(0, 40)}`;
        item.description = p.line > 0 ? `${p.file}:${p.line}` : p.file;
        item.tooltip = `${p.message}\nFix: ${p.fix}`;
        item.iconPath = new vscode.ThemeIcon(p.severity === 'error' ? 'error' : 'warning', new vscode.ThemeColor(p.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'));
        const { uri, selection } = problemLocation(node.folder, p);
        item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, selection ? { selection } : {}] };
        item.contextValue = 'commandProblem';
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem('Could not read commands — Show Log');
        item.id = 'commands-error';
        item.description = node.message;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
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
