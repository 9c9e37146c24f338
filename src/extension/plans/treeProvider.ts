import * as vscode from 'vscode';
import type { PlanStatus } from '../../core/plan/types';
import { COMMAND_IDS } from '../commands/ids';
import type { PlanEntry, PlanGroup, PlanGroupKey } from './groups';
import type { PlansModel } from './model';
import { worktreeBadges, type SalvageEntry, type WorktreeModel } from './worktreeModel';
import type { WorktreeStatus } from '../../core/worktree/status';

export type PlanTreeNode =
  | { readonly kind: 'group'; readonly group: PlanGroup }
  | { readonly kind: 'plan'; readonly plan: PlanEntry; readonly uri: vscode.Uri; readonly group: PlanGroup }
  | { readonly kind: 'worktree'; readonly plan: PlanEntry; readonly uri: vscode.Uri; readonly group: PlanGroup; readonly status: WorktreeStatus & { readonly repoRoot: string } }
  | { readonly kind: 'recover' }
  | { readonly kind: 'salvage'; readonly entry: SalvageEntry }
  | { readonly kind: 'error'; readonly message: string };

const STATUS_ICONS: Readonly<Record<PlanGroupKey, string>> = {
  draft: 'edit',
  ready: 'circle-large-outline',
  coding: 'tools',
  implemented: 'pass',
  done: 'pass-filled',
  abandoned: 'circle-slash',
  invalid: 'error',
};

/**
 * `plan;valid;status:ready` / `plan;invalid;status:ready`. Menus match `/^plan;valid;/`: a `\bvalid\b` regex would also
 * match "invalid", so validity is a whole `;`-separated field.
 */
export function planContextValue(plan: PlanEntry): string {
  return `plan;${plan.valid ? 'valid' : 'invalid'};status:${plan.status ?? 'unknown'}`;
}

function problemTooltip(plan: PlanEntry): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${plan.planId ?? plan.relativePath}** — `);
  md.appendText(plan.relativePath);
  const problem = plan.firstProblem;
  if (problem) {
    md.appendMarkdown(`\n\n$(error) \`${problem.code}\` `);
    md.appendText(`${problem.message} (line ${problem.range.start.line + 1})`);
    if (plan.problemCount > 1) md.appendText(`\n\n…and ${plan.problemCount - 1} more.`);
  }
  return md;
}

function statusLabel(status: PlanStatus | null): string {
  return status ? `status ${status}` : 'status unreadable';
}

/** Maps the PlansModel to tree items; it owns no data of its own. */
export class PlansTreeProvider implements vscode.TreeDataProvider<PlanTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PlanTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: PlansModel,
    private readonly worktrees: WorktreeModel,
  ) {
    this.subscription = vscode.Disposable.from(
      model.onDidChange(() => this.changed.fire(undefined)),
      worktrees.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  getChildren(node?: PlanTreeNode): PlanTreeNode[] {
    const state = this.model.state;
    if (!node) {
      const groups: PlanTreeNode[] = state.groups.map((group) => ({ kind: 'group', group }));
      const recover: PlanTreeNode[] = this.worktrees.state.salvage.length > 0 ? [{ kind: 'recover' }] : [];
      return [...(state.error ? [{ kind: 'error', message: state.error } as const] : []), ...groups, ...recover];
    }
    if (node.kind === 'recover') return this.worktrees.state.salvage.map((entry) => ({ kind: 'salvage', entry }));
    if (node.kind === 'plan') {
      const status = this.worktrees.state.byPlanPath.get(node.plan.path);
      return status ? [{ kind: 'worktree', plan: node.plan, uri: node.uri, group: node.group, status }] : [];
    }
    if (node.kind !== 'group') return [];
    return node.group.plans.map((plan) => ({ kind: 'plan', plan, uri: vscode.Uri.file(plan.path), group: node.group }));
  }

  getParent(node: PlanTreeNode): PlanTreeNode | undefined {
    if (node.kind === 'plan') return { kind: 'group', group: node.group };
    if (node.kind === 'worktree') return { kind: 'plan', plan: node.plan, uri: node.uri, group: node.group };
    if (node.kind === 'salvage') return { kind: 'recover' };
    return undefined;
  }

  getTreeItem(node: PlanTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.group.key}`;
        item.iconPath = new vscode.ThemeIcon(STATUS_ICONS[node.group.key]);
        item.contextValue = `planGroup;${node.group.key}`;
        return item;
      }
      case 'plan': {
        const { plan } = node;
        const label = plan.title ?? plan.planId ?? plan.relativePath.split(/[\\/]/).pop() ?? plan.relativePath;
        const worktree = this.worktrees.state.byPlanPath.get(plan.path);
        const item = new vscode.TreeItem(label, worktree ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `plan:${plan.path}`;
        item.resourceUri = node.uri;
        // The id when the label is a title; the path when the id is the label (or unreadable).
        item.description = plan.planId && plan.planId !== label ? plan.planId : plan.relativePath;
        item.contextValue = planContextValue(plan);
        item.iconPath = plan.valid
          ? new vscode.ThemeIcon(STATUS_ICONS[plan.status ?? 'invalid'])
          : new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = plan.valid ? `${plan.relativePath} — ${statusLabel(plan.status)}` : problemTooltip(plan);
        item.accessibilityInformation = {
          label: `${plan.planId ?? plan.relativePath}, ${statusLabel(plan.status)}, ${plan.valid ? 'valid' : `invalid: ${plan.firstProblem?.message ?? ''}`}`,
        };
        item.command = { command: COMMAND_IDS.planOpen, title: 'Open Plan', arguments: [node.uri] };
        return item;
      }
      case 'worktree':
        return worktreeItem(node.status);
      case 'recover': {
        const item = new vscode.TreeItem(`Recover (${this.worktrees.state.salvage.length})`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'recover';
        item.iconPath = new vscode.ThemeIcon('history');
        item.tooltip = 'Work LW Coder saved before removing worktrees: restore it into a folder.';
        item.contextValue = 'recover';
        return item;
      }
      case 'salvage': {
        const { record } = node.entry;
        const item = new vscode.TreeItem(`${record.planId} ${record.time ?? record.timestamp}`);
        item.id = `salvage:${node.entry.repoRoot}:${record.ref}`;
        item.iconPath = new vscode.ThemeIcon('archive');
        item.description = record.reason ?? '';
        item.tooltip = `${record.ref}\n${record.sha}${record.worktreePath ? `\nfrom ${record.worktreePath}` : ''}`;
        item.contextValue = 'salvage';
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem('Could not read plans — Show Log');
        item.id = 'error';
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = node.message;
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

function worktreeItem(status: WorktreeStatus): vscode.TreeItem {
  const item = new vscode.TreeItem(status.branch ? `worktree · ${status.branch}` : 'worktree');
  item.id = `worktree:${status.path}`;
  item.description = worktreeBadges(status);
  const broken = status.state === 'broken';
  item.iconPath = broken
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
    : new vscode.ThemeIcon(status.dirty ? 'diff-modified' : 'folder-active', status.dirty ? new vscode.ThemeColor('gitDecoration.modifiedResourceForeground') : undefined);
  const last = status.lastCommit ? `\nlast commit ${status.lastCommit.sha.slice(0, 7)} ${status.lastCommit.subject}` : '';
  item.tooltip = `${status.path}${last}${status.error ? `\n${status.error}` : ''}`;
  // `worktree;ok;dirty` / `worktree;broken;clean`: menus match `/^worktree;/`.
  item.contextValue = `worktree;${status.state};${status.dirty ? 'dirty' : 'clean'}`;
  item.resourceUri = vscode.Uri.file(status.path);
  return item;
}
