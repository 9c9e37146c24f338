import { randomBytes } from 'node:crypto';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports/logger';
import { RUN_RECORD_FILE } from '../../core/runs/layout';
import { parseWebviewMessage, type FeedbackViewModel, type HostToWebview, type WebviewToHost } from '../../protocol/feedback';
import { buildFeedbackModel, eventLinesOf, isRunOpen } from '../../protocol/feedbackModel';
import { baseUri, EMPTY_REV, registerBaseContentProvider } from './baseContent';
import { receiveFromPage, remember, type PanelTrace } from '../panelInbox';
import { feedbackHtml } from './html';
import { EVENTS_FILE, locateRun, readEventsFrom, readRunSnapshot, RESULT_FILE, type RunLocation } from './runDir';

export const FEEDBACK_VIEW_TYPE = 'lwCoder.feedback';
/** File events come in bursts (a line per agent event, result then run.json): one read per burst. */
const WATCH_DEBOUNCE_MS = 75;
const TRACE_LIMIT = 200;

export interface FeedbackDeps {
  readonly extensionUri: vscode.Uri;
  readonly logger: Logger;
  /** Where the one base-content provider is disposed with the extension. */
  readonly subscriptions: { push(...items: vscode.Disposable[]): unknown };
  /** Git runs (changed files, diffs) only in a trusted workspace. */
  trusted(): boolean;
}

export interface ShowFeedbackResult {
  readonly runDir: string;
  readonly panelTitle: string;
}

/** What tests see of a feedback panel: the panel's trace, its run, title and whether it follows the run's files. */
export interface FeedbackPanelTrace extends PanelTrace<WebviewToHost, HostToWebview, { readonly kind: 'diff' | 'file' | 'runFile'; readonly uris: readonly string[]; readonly title?: string }> {
  readonly runDir: string;
  readonly title: string;
  readonly watching: boolean;
}

const panels = new Map<string, FeedbackPanel>();
let providerRegistered = false;

/** Opens (or reveals) the one panel of a run directory. `follow`: the run may still be starting (see FeedbackRunInput). */
export function showFeedbackPanel(deps: FeedbackDeps, runDir: string, follow: boolean): ShowFeedbackResult {
  const loc = locateRun(runDir);
  if (!providerRegistered) {
    providerRegistered = true;
    deps.subscriptions.push(registerBaseContentProvider((m) => deps.logger.warn(m)));
  }
  const existing = panels.get(loc.runDir);
  if (existing) {
    existing.reveal(follow);
    return { runDir: loc.runDir, panelTitle: existing.title };
  }
  const panel = new FeedbackPanel(deps, loc, follow);
  panels.set(loc.runDir, panel);
  return { runDir: loc.runDir, panelTitle: panel.title };
}

export function feedbackTraces(): FeedbackPanelTrace[] {
  return [...panels.values()].map((p) => p.trace());
}

/** Hands a message to a panel's inbound handler exactly as if its webview had posted it (validation included). */
export async function deliverToFeedbackPanel(runDir: string, message: unknown): Promise<void> {
  const panel = panels.get(locateRun(runDir).runDir);
  if (!panel) throw new Error(`No feedback panel is open for ${runDir}.`);
  await panel.receive(message);
}

class FeedbackPanel {
  readonly title: string;
  private readonly panel: vscode.WebviewPanel;
  private readonly html: string;
  private readonly log: Logger;
  private model: FeedbackViewModel | undefined;
  /** Bytes of events.jsonl already sent; undefined until the webview got its init. */
  private offset: number | undefined;
  private eventCount = 0;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  private readyCount = 0;
  private readonly openedAt = Date.now();
  private readonly received: WebviewToHost[] = [];
  private readonly rejected: string[] = [];
  private readonly posted: HostToWebview[] = [];
  private readonly actions: FeedbackPanelTrace['actions'][number][] = [];

  constructor(private readonly deps: FeedbackDeps, private readonly loc: RunLocation, private follow: boolean) {
    this.log = deps.logger;
    this.title = `Feedback: ${loc.planId} (${loc.runId.slice(0, 15)})`;
    const root = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(FEEDBACK_VIEW_TYPE, this.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      // The page's bundle, styles and codicons, nothing else: not the workspace, not the run directory.
      localResourceRoots: [root],
    });
    const webview = this.panel.webview;
    const asset = (...parts: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(root, ...parts)).toString();
    this.html = feedbackHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset('feedback.js'),
      styleUri: asset('feedback.css'),
      codiconUri: asset('codicons', 'codicon.css'),
      title: this.title,
    });
    webview.onDidReceiveMessage((m: unknown) => void this.receive(m));
    this.panel.onDidDispose(() => this.dispose());
    webview.html = this.html;
    // Watch from the start: what changes before the webview is ready is in the snapshot its init is built from.
    this.watch();
    this.log.info(`opened ${this.loc.runDir}`);
  }

  reveal(follow: boolean): void {
    if (follow && !this.follow) {
      this.follow = true;
      this.watch();
      this.schedule();
    }
    this.panel.reveal();
  }

  trace(): FeedbackPanelTrace {
    return {
      runDir: this.loc.runDir, title: this.title, html: this.html, readyCount: this.readyCount, watching: this.watcher !== undefined,
      received: [...this.received], rejected: [...this.rejected], posted: [...this.posted], actions: [...this.actions],
    };
  }

  /** Every inbound message is validated first; an invalid one is logged (without its content) and dropped. */
  receive(raw: unknown): Promise<void> {
    return receiveFromPage(raw, {
      parse: parseWebviewMessage, received: this.received, rejected: this.rejected, limit: TRACE_LIMIT, logger: this.log, from: `the panel of ${this.loc.runId}`,
      handle: (message) => this.handle(message),
    });
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.readyCount++;
        if (this.readyCount === 1) this.log.info(`${this.loc.runId}: page ready ${Date.now() - this.openedAt} ms after opening`);
        // A hidden webview is discarded and sends ready again when shown: every ready gets a fresh init.
        await this.enqueue(() => this.sendInit());
        return;
      case 'openDiff': return await this.openDiff(message.path);
      case 'openFile': return await this.openFile(message.path);
      case 'openRunFile': return await this.openRunFile(message.name);
      case 'cspViolation':
        this.log.warn(`the feedback page hit its Content-Security-Policy: ${message.directive} blocked ${message.blocked}`);
        return;
    }
  }

  private async snapshotModel(): Promise<{ model: FeedbackViewModel; eventsOffset: number }> {
    const snapshot = await readRunSnapshot(this.loc, { follow: this.follow, useGit: this.deps.trusted(), onGitError: (m) => this.log.warn(m) });
    return { model: buildFeedbackModel(snapshot.input), eventsOffset: snapshot.eventsOffset };
  }

  private async sendInit(): Promise<void> {
    const { model, eventsOffset } = await this.snapshotModel();
    this.model = model;
    this.offset = eventsOffset;
    this.eventCount = model.eventCount;
    if (isRunOpen(model.status)) this.watch();
    else this.unwatch();
    await this.post({ type: 'init', model });
  }

  /** New events.jsonl lines as `events`; once result.json (or a session outcome) is there, the whole model as `result`. */
  private async pump(): Promise<void> {
    if (this.offset === undefined || this.disposed) return;
    // A headless run ends with result.json; an interactive session (Run plan) with `session` in run.json.
    const finished = existsSync(join(this.loc.runDir, RESULT_FILE)) || (await hasSessionOutcome(this.loc.runDir));
    if (!finished) {
      const { text, next } = await readEventsFrom(this.loc.runDir, this.offset);
      this.offset = next;
      const lines = eventLinesOf(text);
      if (lines.length > 0) {
        this.eventCount += lines.length;
        await this.post({ type: 'events', events: lines, eventCount: this.eventCount });
      }
      if (this.model?.status.state === 'prompts-only' && existsSync(join(this.loc.runDir, EVENTS_FILE))) await this.sendInit();
      return;
    }
    const { model, eventsOffset } = await this.snapshotModel();
    this.model = model;
    this.offset = eventsOffset;
    this.eventCount = model.eventCount;
    // Stop first: a finished run changes no more, and whoever sees the result sees a panel that stopped following.
    this.unwatch();
    await this.post({ type: 'result', model });
    this.log.info(`${this.loc.runId}: ${model.status.state}; stopped following the run`);
  }

  private watch(): void {
    if (this.watcher || this.disposed) return;
    try {
      this.watcher = watch(this.loc.runDir, { persistent: false }, () => this.schedule());
      this.watcher.on('error', (e) => {
        this.log.warn(`stopped watching ${this.loc.runDir}: ${e.message}`);
        this.unwatch();
      });
    } catch (error) {
      this.log.warn(`cannot watch ${this.loc.runDir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(() => this.pump());
    }, WATCH_DEBOUNCE_MS);
  }

  /** One read at a time, in order: an init and a pump never interleave their offsets. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task).catch((e: unknown) => this.log.warn(`reading ${this.loc.runDir} failed: ${e instanceof Error ? e.message : String(e)}`));
    this.queue = next;
    return next;
  }

  private async post(message: HostToWebview): Promise<void> {
    if (this.disposed) return;
    remember(this.posted, message, TRACE_LIMIT);
    await this.panel.webview.postMessage(message);
  }

  private async openDiff(path: string): Promise<void> {
    if (!this.deps.trusted()) throw new Error('Diffs run git in the worktree: trust this workspace first (Manage Workspace Trust).');
    const base = this.model?.baseCommit;
    if (!base) throw new Error(`The run ${this.loc.runId} records no base commit (run.json has no gitSha), so there is nothing to compare ${path} against.`);
    const change = this.model?.filesChanged.find((f) => f.path === path)?.change;
    const file = join(this.loc.worktree, path);
    const left = change === 'added' ? baseUri(this.loc.worktree, path, EMPTY_REV) : baseUri(this.loc.worktree, path, base);
    const right = change === 'deleted' || !existsSync(file) ? baseUri(this.loc.worktree, path, EMPTY_REV) : vscode.Uri.file(file);
    const title = `${path} (${base.slice(0, 7)} ↔ worktree)`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
    remember(this.actions, { kind: 'diff', uris: [left.toString(), right.toString()], title }, TRACE_LIMIT);
  }

  private async openFile(path: string): Promise<void> {
    const uri = vscode.Uri.file(join(this.loc.worktree, path));
    if (!existsSync(uri.fsPath)) throw new Error(`${path} is not in the worktree ${this.loc.worktree} (deleted, or the worktree was removed).`);
    await vscode.window.showTextDocument(uri, { preview: true });
    remember(this.actions, { kind: 'file', uris: [uri.toString()] }, TRACE_LIMIT);
  }

  private async openRunFile(name: string): Promise<void> {
    const uri = vscode.Uri.file(join(this.loc.runDir, ...name.split('/')));
    await vscode.commands.executeCommand('vscode.open', uri);
    remember(this.actions, { kind: 'runFile', uris: [uri.toString()] }, TRACE_LIMIT);
  }

  private dispose(): void {
    this.disposed = true;
    this.unwatch();
    panels.delete(this.loc.runDir);
  }
}

async function hasSessionOutcome(runDir: string): Promise<boolean> {
  try {
    return typeof (JSON.parse(await readFile(join(runDir, RUN_RECORD_FILE), 'utf8')) as { session?: unknown }).session === 'object';
  } catch {
    return false;
  }
}
