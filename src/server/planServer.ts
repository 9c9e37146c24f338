import { basename, isAbsolute } from 'node:path';
import {
  CodeActionKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePlan } from '../core/plan/parse';
import { planQuickFixes } from './codeActions';
import { planCompletions } from './completion';
import type { PlanServerDeps } from './deps';
import { planHover } from './hover';
import { PlanDiagnoser } from './planDiagnoser';
import { isPlanPath, uriToPath } from './planPaths';

export type { PlanServerDeps } from './deps';

/**
 * The plan language server: diagnostics while typing, completion, hover and quick fixes for `.lw_coder/tasks/*.md`.
 * It only reads: files of the tasks folder and, in a trusted workspace only, read-only git queries.
 */
export function startPlanServer(connection: Connection, deps: PlanServerDeps): void {
  const documents = new TextDocuments(TextDocument);
  // Fail closed: until the client says the workspace is trusted, git is never run. Even read-only git executes programs
  // a repository's config names (core.fsmonitor, a textconv driver), so an untrusted folder gets no sha resolution,
  // no commit hover and no HEAD completion or fix. The client restarts the server when trust is granted.
  let trusted = false;
  let tasksFolders: readonly string[] = [];
  const gatedDeps: PlanServerDeps = { ...deps, gitFor: (path) => (trusted ? deps.gitFor(path) : Promise.resolve(undefined)) };
  const diagnoser = new PlanDiagnoser(connection, gatedDeps, (uri) => documents.get(uri), () => documents.keys());

  /** The open plan at `uri` with its path, or undefined for anything else (other markdown gets no features). */
  const planAt = (uri: string): { doc: TextDocument; path: string } | undefined => {
    const doc = documents.get(uri);
    const path = uriToPath(uri);
    return doc && isPlanPath(path) ? { doc, path } : undefined;
  };
  const headOf = (path: string) => async () => (await diagnoser.gitFor(path))?.headInfo();

  connection.onInitialize((params): InitializeResult => {
    const init = params.initializationOptions as { workspaceTrusted?: unknown; tasksFolders?: unknown } | null | undefined;
    trusted = init?.workspaceTrusted === true;
    tasksFolders = tasksFoldersOf(init?.tasksFolders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', ':'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'lw-coder-plans' },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`[plans] language server ready (pid ${process.pid}, workspace ${trusted ? 'trusted' : 'untrusted: git is not run'})`);
    // Every plan's problems from the start, not only those of the plans the user opens.
    const started = Date.now();
    void diagnoser.publishFolders(tasksFolders).then(
      () => connection.console.info(`[plans] diagnosed the plans of ${tasksFolders.length} tasks folder(s) in ${Date.now() - started} ms`),
      (error: unknown) => connection.console.warn(`[plans] diagnosing the tasks folders failed: ${String(error)}`),
    );
  });

  documents.onDidOpen((e) => diagnoser.changed(e.document));
  documents.onDidChangeContent((e) => diagnoser.changed(e.document));
  documents.onDidClose((e) => void diagnoser.closed(e.document.uri));

  // The client forwards plan-file events (languageclient `synchronize.fileEvents`); the server registers no watcher of
  // its own, which would deliver every event twice.
  connection.onDidChangeWatchedFiles((params) => {
    const paths = params.changes.map((c) => uriToPath(c.uri)).filter((p): p is string => p !== undefined);
    void diagnoser.filesChanged(paths);
  });

  connection.onCompletion(async (params) => {
    const plan = planAt(params.textDocument.uri);
    if (!plan) return null;
    return planCompletions(parsePlan(plan.doc.getText()), params.position, headOf(plan.path));
  });

  connection.onHover(async (params) => {
    const plan = planAt(params.textDocument.uri);
    if (!plan) return null;
    const cache = await diagnoser.gitFor(plan.path);
    return planHover(parsePlan(plan.doc.getText()), params.position, cache && ((sha) => cache.info(sha)), trusted);
  });

  connection.onCodeAction(async (params) => {
    const plan = planAt(params.textDocument.uri);
    if (!plan) return null;
    // Kinds are hierarchical ('' covers all, 'quickfix' covers 'quickfix.x'): answer only when quick fixes are wanted.
    const only = params.context.only;
    if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) return null;
    return planQuickFixes(
      { uri: plan.doc.uri, parsed: parsePlan(plan.doc.getText()), fileName: basename(plan.path), head: headOf(plan.path) },
      params.context.diagnostics,
    );
  });

  documents.listen(connection);
}

/** The tasks folders the client names: absolute `.lw_coder/tasks` paths only, anything else is ignored. */
function tasksFoldersOf(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && isAbsolute(v) && /[\\/]\.lw_coder[\\/]tasks$/.test(v));
}
