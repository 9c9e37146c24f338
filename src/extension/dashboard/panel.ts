import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createFleetDeps } from '../../adapters/fleet/fleetDeps';
import { readWorktreeDiff } from '../../adapters/git/worktreeRead';
import type { Logger } from '../../core/ports/logger';
import { RUNS_DIR_PARTS } from '../../core/runs/layout';
import { planWorktreePath } from '../../core/worktree/layout';
import { parseDashboardMessage, type DashboardHostMessage, type DashboardModel, type DashboardWebviewMessage } from '../../protocol/dashboard';
import { COMMAND_IDS } from '../commands/ids';
import { receiveFromPage, remember, type PanelTrace } from '../panelInbox';
import { dashboardHtml } from './html';
import { DashboardModelSource } from './modelSource';

export const DASHBOARD_VIEW_TYPE = 'lwCoder.fleetDashboard';
const TRACE_LIMIT = 50;

export interface DashboardDeps {
  readonly extensionUri: vscode.Uri;
  readonly logger: Logger;
  trusted(): boolean;
}

/** What tests see of the dashboard: the panel's trace (posted: the newest models, oldest first) and its repository. */
export interface DashboardPanelTrace extends PanelTrace<DashboardWebviewMessage, DashboardHostMessage, { readonly kind: 'command' | 'diff'; readonly target: string; readonly detail?: string }> {
  readonly repoRoot: string;
}

let current: DashboardPanel | undefined;

/** Opens the fleet dashboard of `repoRoot`, or reveals the one already open (one panel: a second repository replaces it). */
export function showDashboardPanel(deps: DashboardDeps, repoRoot: string): { readonly repoRoot: string } {
  if (current && current.repoRoot === repoRoot) {
    current.reveal();
    return { repoRoot };
  }
  current?.close();
  current = new DashboardPanel(deps, repoRoot);
  return { repoRoot };
}

export function dashboardTraces(): DashboardPanelTrace[] {
  return current ? [current.trace()] : [];
}

/** Hands a message to the panel as if its page had posted it (validated like every inbound message). */
export async function deliverToDashboard(message: unknown): Promise<void> {
  if (!current) throw new Error('The fleet dashboard is not open.');
  await current.receive(message);
}

class DashboardPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly html: string;
  private readonly source: DashboardModelSource;
  private model: DashboardModel | undefined;
  private readyCount = 0;
  private disposed = false;
  private readonly received: DashboardWebviewMessage[] = [];
  private readonly rejected: string[] = [];
  private readonly posted: DashboardHostMessage[] = [];
  private readonly actions: DashboardPanelTrace['actions'][number][] = [];

  constructor(private readonly deps: DashboardDeps, readonly repoRoot: string) {
    const root = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Fleet Dashboard', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      // The live page keeps its DOM (and scroll) while in a background tab instead of being rebuilt from a new init.
      retainContextWhenHidden: true,
      localResourceRoots: [root],
    });
    const webview = this.panel.webview;
    const asset = (...parts: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(root, ...parts)).toString();
    this.html = dashboardHtml({ cspSource: webview.cspSource, nonce: randomBytes(16).toString('base64'), scriptUri: asset('dashboard.js'), styleUri: asset('dashboard.css'), codiconUri: asset('codicons', 'codicon.css') });
    this.source = new DashboardModelSource({
      repoRoot,
      deps: createFleetDeps(repoRoot, { env: process.env }),
      trusted: () => deps.trusted(),
      onModel: (message) => this.post(message),
      onError: (m) => deps.logger.warn(m),
    });
    webview.onDidReceiveMessage((m: unknown) => void this.receive(m));
    this.panel.onDidDispose(() => this.dispose());
    webview.html = this.html;
    this.source.start();
    deps.logger.info(`opened the fleet dashboard of ${repoRoot}`);
  }

  reveal(): void {
    this.panel.reveal();
  }

  close(): void {
    this.panel.dispose();
  }

  trace(): DashboardPanelTrace {
    return { repoRoot: this.repoRoot, html: this.html, readyCount: this.readyCount, received: [...this.received], rejected: [...this.rejected], posted: [...this.posted], actions: [...this.actions] };
  }

  receive(raw: unknown): Promise<void> {
    return receiveFromPage(raw, {
      parse: parseDashboardMessage, received: this.received, rejected: this.rejected, limit: TRACE_LIMIT, logger: this.deps.logger, from: 'the fleet dashboard',
      handle: (message) => this.handle(message),
    });
  }

  private async handle(message: DashboardWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.readyCount++;
        return await this.source.refresh();
      case 'startWorkers': return await this.runCommand(COMMAND_IDS.fleetStart, 'Start Workers');
      case 'stopWorkers': return await this.runCommand(COMMAND_IDS.fleetStop, 'Stop Workers');
      case 'openFeedback': return await this.openFeedback(message.planId);
      case 'openDiff': return await this.openDiff(message.planId);
      case 'cspViolation':
        this.deps.logger.warn(`the fleet dashboard hit its Content-Security-Policy: ${message.directive} blocked ${message.blocked}`);
        return;
    }
  }

  private async post(message: DashboardHostMessage): Promise<void> {
    if (this.disposed) return;
    this.model = message.model;
    // The handshake: nothing goes to the page before its ready (its ready then builds a fresh model).
    if (this.readyCount === 0) return;
    remember(this.posted, message, TRACE_LIMIT);
    await this.panel.webview.postMessage(message);
  }

  private requireTrust(action: string): void {
    if (!this.deps.trusted()) throw new Error(`${action} is disabled in an untrusted workspace: trust this workspace first (Manage Workspace Trust).`);
  }

  /** Start and Stop are the fleet commands' own flows (their prompts, progress and outcome), never a copy of them. */
  private async runCommand(id: string, action: string): Promise<void> {
    this.requireTrust(action);
    const known = await vscode.commands.getCommands(true);
    if (!known.includes(id)) throw new Error(`${action} is not available in this build of LW Coder (command ${id} is not registered).`);
    remember(this.actions, { kind: 'command', target: id }, TRACE_LIMIT);
    await vscode.commands.executeCommand(id, { repoRoot: this.repoRoot });
  }

  private async openFeedback(planId: string): Promise<void> {
    const task = this.model?.status.queue.tasks.find((t) => t.planId === planId);
    if (!task) throw new Error(`${planId} is not in the queue any more.`);
    const run = task.runs[task.runs.length - 1];
    if (!run) throw new Error(`${planId} has no run yet: its feedback summary appears once a worker starts it.`);
    const runDir = join(this.repoRoot, ...RUNS_DIR_PARTS, planId, run);
    remember(this.actions, { kind: 'command', target: COMMAND_IDS.runsShowFeedback, detail: runDir }, TRACE_LIMIT);
    await vscode.commands.executeCommand(COMMAND_IDS.runsShowFeedback, { runDir, follow: task.state === 'claimed' });
  }

  /**
   * The worktree's changes against its plan's git_sha as one patch in an untitled `diff` document: hardened git
   * (src/adapters/git) computes it, so it works wherever the editor runs (code-server included) without the git
   * extension having opened the worktree as a repository, which `git.openChange` and a multi-diff of git: URIs need.
   */
  private async openDiff(planId: string): Promise<void> {
    this.requireTrust('Opening a diff');
    const branch = this.model?.status.sync.branches.find((b) => b.planId === planId);
    if (!branch?.base) throw new Error(`${planId} has no worktree with a known base (its plan's git_sha) to compare against.`);
    const patch = await readWorktreeDiff(planWorktreePath(this.repoRoot, planId), branch.base);
    const header = `# ${planId}: worktree against ${branch.base.slice(0, 12)} (the plan's git_sha)\n`;
    const doc = await vscode.workspace.openTextDocument({ language: 'diff', content: patch.trim() ? header + patch : `${header}# no changes\n` });
    await vscode.window.showTextDocument(doc, { preview: true });
    remember(this.actions, { kind: 'diff', target: planId, detail: branch.base }, TRACE_LIMIT);
  }

  private dispose(): void {
    this.disposed = true;
    this.source.dispose();
    if (current === this) current = undefined;
  }
}
