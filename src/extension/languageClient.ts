import * as vscode from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';
import { loadLanguageClient } from './lazy';
import type { ExtensionLog } from './logger';
import { localWorkspaceFolders, PLAN_GLOB, tasksFolderOf } from './planUris';

/** Client id: vscode-languageclient reads `<id>.trace.server`, i.e. the `lwCoder.trace.server` setting. */
const CLIENT_ID = 'lwCoder';
const CLIENT_NAME = 'LW Coder Language Server';

/**
 * The plan language server's client, started on first need (a plan document opened or visible, or a plan command),
 * never at activation: loading vscode-languageclient and forking the server would cost more than the whole activation
 * budget (vscode-eslint defers its start the same way).
 */
export interface PlanLanguageClient extends vscode.Disposable {
  /** Starts the client once; later calls share the same start. A failed start may be retried by calling again. */
  ensureStarted(reason: string): Promise<void>;
  readonly isStarted: boolean;
  /**
   * Stops a running server and starts a new one, which reads the current trust (the server decides at initialize
   * whether it may run git). A client never started stays unstarted: it will read trust when it starts.
   */
  restart(reason: string): Promise<void>;
  stop(): Promise<void>;
}

export function createPlanLanguageClient(extension: vscode.ExtensionContext, log: ExtensionLog): PlanLanguageClient {
  const logger = log.forComponent('language-client');
  let client: LanguageClient | undefined;
  let starting: Promise<void> | undefined;
  let stopped = false;

  const start = async (reason: string): Promise<void> => {
    const startedAt = performance.now();
    const lc = await loadLanguageClient();
    logger.debug(`client library loaded in ${Math.round(performance.now() - startedAt)} ms`);
    const serverModule = extension.asAbsolutePath('dist/server.js');
    const run = { module: serverModule, transport: lc.TransportKind.ipc };
    const watcher = vscode.workspace.createFileSystemWatcher('**/.lw_coder/tasks/**');
    extension.subscriptions.push(watcher);
    const created = new lc.LanguageClient(
      CLIENT_ID,
      CLIENT_NAME,
      { run, debug: run },
      {
        documentSelector: [{ scheme: 'file', language: 'markdown', pattern: PLAN_GLOB }],
        synchronize: { fileEvents: watcher },
        outputChannel: neverThrowing(log.channel),
        traceOutputChannel: neverThrowing(log.channel),
        middleware: quietWhileStopping(() => stopped),
        // The server runs git (hover, sha checks) only when the workspace is trusted.
        // The server publishes the problems of every plan in these folders, opened or not (the Problems panel at start).
        initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted, tasksFolders: localWorkspaceFolders().map((f) => tasksFolderOf(f).fsPath) },
      },
    );
    await created.start();
    if (stopped) {
      await created.stop().catch(() => undefined);
      return;
    }
    client = created;
    logger.info(`started (${reason}) in ${Math.round(performance.now() - startedAt)} ms`);
  };

  return {
    ensureStarted(reason) {
      if (stopped) return Promise.resolve();
      starting ??= start(reason).catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    get isStarted() {
      return client !== undefined;
    },
    async restart(reason) {
      if (stopped || !starting) return;
      await starting.catch(() => undefined);
      const running = client;
      client = undefined;
      starting = undefined;
      if (running) await running.stop().catch((e: unknown) => logger.warn(`stopping for a restart: ${String(e)}`));
      await this.ensureStarted(reason);
    },
    async stop() {
      stopped = true;
      const running = client;
      client = undefined;
      if (running) await running.stop();
    },
    dispose() {
      stopped = true;
      void client?.stop().catch(() => undefined);
      client = undefined;
    },
  };
}

/**
 * The channel as the client sees it: writes after the window closed ("Channel has been closed") are dropped instead of
 * turning a shutdown into a failed provider in the extension-host log.
 */
function neverThrowing(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch {
          return undefined;
        }
      };
    },
  });
}

/**
 * Requests in flight when the extension host shuts down fail as the server goes away; the editor no longer wants their
 * answer, so they resolve empty instead of being logged as provider failures. Any other failure still surfaces.
 */
function quietWhileStopping(isStopping: () => boolean): Middleware {
  const quiet = async <T>(run: () => vscode.ProviderResult<T>): Promise<T | null | undefined> => {
    try {
      return await run();
    } catch (error) {
      if (isStopping()) return undefined;
      throw error;
    }
  };
  return {
    provideCodeActions: (document, range, context, token, next) => quiet(() => next(document, range, context, token)),
    provideHover: (document, position, token, next) => quiet(() => next(document, position, token)),
    provideCompletionItem: (document, position, context, token, next) => quiet(() => next(document, position, context, token)),
  };
}

/**
 * Starts the client when a plan document is opened or shown, and right away when one already is; otherwise soon after
 * activation (not inside it) when a workspace folder has plans, so the Problems panel lists every plan's problems
 * from the start.
 */
export function registerLanguageClientTriggers(
  client: PlanLanguageClient,
  isPlanDocument: (d: vscode.TextDocument) => boolean,
  onFailure: (error: unknown) => void,
): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  const startFor = (document: vscode.TextDocument): void => {
    if (client.isStarted || !isPlanDocument(document)) return;
    client.ensureStarted(`opened ${vscode.workspace.asRelativePath(document.uri)}`).catch(onFailure);
  };
  const existing = vscode.workspace.textDocuments.find(isPlanDocument);
  if (existing) startFor(existing);
  else {
    const timer = setTimeout(() => void startIfPlansExist(client, onFailure), 0);
    disposables.push({ dispose: () => clearTimeout(timer) });
  }
  disposables.push(
    vscode.workspace.onDidOpenTextDocument(startFor),
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => startFor(e.document))),
  );
  return vscode.Disposable.from(...disposables);
}

async function startIfPlansExist(client: PlanLanguageClient, onFailure: (error: unknown) => void): Promise<void> {
  if (client.isStarted) return;
  for (const folder of localWorkspaceFolders()) {
    const entries = await vscode.workspace.fs.readDirectory(tasksFolderOf(folder)).then((e) => e, () => []);
    if (entries.some(([name, type]) => name.toLowerCase().endsWith('.md') && type !== vscode.FileType.Directory)) {
      client.ensureStarted('plan diagnostics for the Problems panel').catch(onFailure);
      return;
    }
  }
}
