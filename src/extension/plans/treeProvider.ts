import * as vscode from 'vscode';
import type { PlanStatus } from '../../core/plan/types';
import { COMMAND_IDS } from '../commands/ids';
import type { PlanEntry, PlanGroup, PlanGroupKey } from './groups';
import type { PlansModel } from './model';

export type PlanTreeNode =
  | { readonly kind: 'group'; readonly group: PlanGroup }
  | { readonly kind: 'plan'; readonly plan: PlanEntry; readonly uri: vscode.Uri; readonly group: PlanGroup }
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

  constructor(private readonly model: PlansModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: PlanTreeNode): PlanTreeNode[] {
    const state = this.model.state;
    if (!node) {
      const groups: PlanTreeNode[] = state.groups.map((group) => ({ kind: 'group', group }));
      return state.error ? [{ kind: 'error', message: state.error }, ...groups] : groups;
    }
    if (node.kind !== 'group') return [];
    return node.group.plans.map((plan) => ({ kind: 'plan', plan, uri: vscode.Uri.file(plan.path), group: node.group }));
  }

  getParent(node: PlanTreeNode): PlanTreeNode | undefined {
    return node.kind === 'plan' ? { kind: 'group', group: node.group } : undefined;
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
        const item = new vscode.TreeItem(label);
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
