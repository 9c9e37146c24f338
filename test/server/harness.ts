import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  createProtocolConnection,
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startPlanServer } from '../../src/server/planServer';
import type { PlanServerDeps } from '../../src/server/deps';
import { createNodePlanServerDeps } from '../../src/server/nodeDeps';

/** Waits for the next diagnostics for `uri` that satisfy `accept`; fails with the last ones seen after `ms`. */
type Waiter = { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void };

export interface TestServer {
  readonly client: ProtocolConnection;
  readonly initializeResult: InitializeResult;
  /** Every publishDiagnostics the server sent, in order. */
  readonly published: PublishDiagnosticsParams[];
  open(path: string, text: string, languageId?: string): string;
  change(uri: string, changes: TextDocumentContentChangeEvent[]): void;
  close(uri: string): void;
  filesChanged(changes: FileEvent[]): void;
  diagnostics(uri: string, accept?: (d: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]>;
  completion(uri: string, position: Position): Promise<CompletionItem[]>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<(Command | CodeAction)[]>;
  dispose(): void;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** The plan server in this process, talking LSP over two in-memory streams, as the real client would over IPC. */
/** `initializationOptions` as the extension sends them; suites run trusted unless they test the untrusted case. */
export async function startTestServer(deps: PlanServerDeps = createNodePlanServerDeps(), init: { workspaceTrusted?: boolean; tasksFolders?: string[] } = { workspaceTrusted: true }): Promise<TestServer> {
  const up = new PassThrough(); // client -> server
  const down = new PassThrough(); // server -> client
  // Reader/writer objects rather than raw streams: given raw streams, the node connection exits the process on 'close'.
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startPlanServer(server, deps);
  server.listen();

  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const published: PublishDiagnosticsParams[] = [];
  const latest = new Map<string, Diagnostic[]>();
  let waiters: Waiter[] = [];
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    latest.set(p.uri, p.diagnostics);
    waiters = waiters.filter((w) => {
      if (w.uri !== p.uri || !w.accept(p.diagnostics)) return true;
      w.resolve(p.diagnostics);
      return false;
    });
  });
  client.onNotification('window/logMessage', () => undefined);
  client.listen();

  const initializeResult = await client.sendRequest(InitializeRequest.type, {
    processId: null, // a number would make the server poll that pid and exit this test process when it is gone
    rootUri: null,
    capabilities: {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: false } },
      textDocument: { publishDiagnostics: { relatedInformation: true }, completion: { completionItem: { snippetSupport: false } } },
    },
    initializationOptions: init,
  });
  await client.sendNotification(InitializedNotification.type, {});

  const versions = new Map<string, number>();
  return {
    client,
    initializeResult,
    published,
    open(path, text, languageId = 'markdown') {
      const uri = fileUri(path);
      versions.set(uri, 1);
      void client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      return uri;
    },
    change(uri, changes) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      void client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    },
    close(uri) {
      void client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    filesChanged(changes) {
      void client.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    },
    diagnostics(uri, accept = () => true, ms = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`no matching diagnostics for ${uri} within ${ms} ms; last: ${JSON.stringify(latest.get(uri) ?? null)}`));
        }, ms);
        const waiter: Waiter = {
          uri,
          accept,
          resolve: (d) => {
            clearTimeout(timer);
            resolve(d);
          },
        };
        const now = latest.get(uri);
        if (now && accept(now)) waiter.resolve(now);
        else waiters.push(waiter);
      });
    },
    async completion(uri, position) {
      const r: CompletionItem[] | CompletionList | null = await client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      if (!r) return [];
      return Array.isArray(r) ? r : r.items;
    },
    hover(uri, position) {
      return client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    },
    async codeActions(uri, range, diagnostics) {
      return (await client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })) ?? [];
    },
    dispose() {
      client.dispose();
      server.dispose();
      up.end();
      down.end();
    },
  };
}

/** The text after applying a code action's edit for `uri`, the way the editor would. */
export function applyWorkspaceEdit(text: string, uri: string, action: CodeAction | Command): string {
  if (!('edit' in action) || !action.edit?.changes) throw new Error(`code action '${action.title}' carries no edit`);
  const edits = action.edit.changes[uri];
  if (!edits) throw new Error(`code action '${action.title}' edits other documents only`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
}

/** A plan file's text; `extra` lines go into the front matter after the three required keys. */
export function planText(fields: { planId?: string; gitSha?: string; status?: string; extra?: string[]; body?: string }): string {
  const lines = ['---'];
  if (fields.planId !== undefined) lines.push(`plan_id: ${fields.planId}`);
  if (fields.gitSha !== undefined) lines.push(`git_sha: ${fields.gitSha}`);
  if (fields.status !== undefined) lines.push(`status: ${fields.status}`);
  lines.push(...(fields.extra ?? []), '---', '', fields.body ?? '# Goal\n\nDo the thing.', '');
  return lines.join('\n');
}

export const codesOf = (d: readonly Diagnostic[]): string[] => d.map((x) => String(x.code));

/**
 * A suite's temporary `.lw_coder/tasks` folder and a server started on it (the folder named at initialize, trusted):
 * made before each test, disposed and removed after it.
 */
export function tasksFolderSuite(prefix: string): {
  readonly dir: () => string;
  readonly tasks: () => string;
  write(name: string, text: string): string;
  start(): Promise<TestServer>;
  /** Registers a server started otherwise, so it is disposed after the test too. */
  adopt(server: TestServer): TestServer;
} {
  let dir = '';
  let tasks = '';
  let server: TestServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    tasks = join(dir, '.lw_coder', 'tasks');
    mkdirSync(tasks, { recursive: true });
  });
  afterEach(() => {
    server?.dispose();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const adopt = (s: TestServer): TestServer => (server = s);
  return {
    dir: () => dir,
    tasks: () => tasks,
    write(name, text) {
      const path = join(tasks, name);
      writeFileSync(path, text);
      return path;
    },
    adopt,
    start: async () => adopt(await startTestServer(undefined, { workspaceTrusted: true, tasksFolders: [tasks] })),
  };
}
