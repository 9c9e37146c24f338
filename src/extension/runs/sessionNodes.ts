import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SessionEntry } from '../../app/commands/sessions';
import { escapes } from '../../core/commands/paths';
import type { SessionStatus, StepExecution, StepStatus } from '../../core/commands/types';

type RecordEntry = Extract<SessionEntry, { record: unknown }>;

/**
 * A session's artifact directory, derived from where its record was found rather than taken from the record: a
 * session.json is a file in the repository, and its `artifactDir` could name any folder on the machine.
 */
export const artifactDirOf = (entry: SessionEntry): string => join(entry.dir, 'artifacts');

/** The Runs view's command sessions: a "Command sessions" group, a row per session, its step history under it. */
export type SessionTreeNode =
  | { readonly kind: 'sessions'; readonly sessions: readonly { readonly folder: string; readonly entry: SessionEntry }[] }
  | { readonly kind: 'session'; readonly folder: string; readonly entry: SessionEntry }
  | { readonly kind: 'step'; readonly folder: string; readonly entry: RecordEntry; readonly step: StepExecution };

const SESSION_ICONS: Record<SessionStatus, [string, string | undefined]> = {
  active: ['sync~spin', undefined],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'problemsErrorIcon.foreground'],
  cancelled: ['circle-slash', undefined],
};
const STEP_ICONS: Record<StepStatus, [string, string | undefined]> = {
  running: ['sync~spin', undefined],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'problemsErrorIcon.foreground'],
  skipped: ['debug-step-over', undefined],
  cancelled: ['circle-slash', undefined],
};
const icon = ([id, color]: [string, string | undefined]): vscode.ThemeIcon => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

export function sessionChildren(node: SessionTreeNode): SessionTreeNode[] {
  if (node.kind === 'sessions') return node.sessions.map((s) => ({ kind: 'session', folder: s.folder, entry: s.entry }));
  if (node.kind === 'session' && 'record' in node.entry) {
    const entry = node.entry;
    return entry.record.stepHistory.map((step) => ({ kind: 'step', folder: node.folder, entry, step }));
  }
  return [];
}

export function sessionTreeItem(node: SessionTreeNode): vscode.TreeItem {
  switch (node.kind) {
    case 'sessions': {
      const item = new vscode.TreeItem('Command sessions', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'sessions';
      item.iconPath = new vscode.ThemeIcon('run-all');
      item.description = `${node.sessions.length}`;
      item.contextValue = 'sessions';
      return item;
    }
    case 'session': {
      const e = node.entry;
      if (!('record' in e)) {
        const item = new vscode.TreeItem(e.id, vscode.TreeItemCollapsibleState.None);
        item.id = `session:${e.dir}`;
        item.description = 'unreadable';
        item.tooltip = e.problem;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = 'session;unreadable';
        return item;
      }
      const r = e.record;
      const item = new vscode.TreeItem(`${r.command} · ${r.id}`, r.stepHistory.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `session:${e.dir}`;
      const done = r.stepHistory.filter((s) => s.status === 'completed').length;
      item.description = `${r.status} · ${done}/${r.stepHistory.length} steps`;
      item.tooltip = [`${r.command} (${r.lifecycle})`, `started ${r.createdAt}${r.endedAt ? `, ended ${r.endedAt}` : ''}`, r.worktreePath ? `worktree ${r.worktreePath}` : '', r.error ? `error: ${r.error}` : '', `artifacts ${artifactDirOf(e)}`].filter(Boolean).join('\n');
      item.iconPath = icon(SESSION_ICONS[r.status]);
      item.contextValue = `session;${r.status}`;
      return item;
    }
    case 'step': {
      const s = node.step;
      const item = new vscode.TreeItem(`${s.index + 1}. ${s.name}`, vscode.TreeItemCollapsibleState.None);
      item.id = `sessionStep:${node.entry.dir}:${s.index}:${s.attempts}`;
      item.description = [s.status, s.phase === 'main' ? '' : s.phase, s.exitCode !== undefined ? `exit ${s.exitCode}` : '', s.attempts > 1 ? `${s.attempts} attempts` : ''].filter(Boolean).join(' · ');
      item.tooltip = [s.error ? `error: ${s.error}` : '', s.outputTail ?? ''].filter(Boolean).join('\n\n') || undefined;
      item.iconPath = icon(STEP_ICONS[s.status]);
      if (s.logFile && !escapes(s.logFile)) {
        const uri = vscode.Uri.file(join(artifactDirOf(node.entry), s.logFile));
        item.command = { command: 'vscode.open', title: 'Open Log', arguments: [uri] };
      }
      item.contextValue = 'sessionStep';
      return item;
    }
  }
}
