import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { unreadablePlan } from '../core/plan/fileProblem';
import { parsePlan } from '../core/plan/parse';
import type { ParsedPlan } from '../core/plan/types';
import { planIdOf, validatePlan } from '../core/plan/validate';
import type { BoundedRead } from '../core/ports/boundedRead';
import type { CommitCache } from './commitCache';
import type { PlanServerDeps } from './deps';
import { toLspDiagnostic } from './lspDiagnostics';
import { commitShaOf } from './planSha';
import type { TasksFolderIndex } from './tasksFolderIndex';

/** Plans judged and published between two turns of the event loop (a few milliseconds' work). */
const JUDGE_BATCH = 200;

/** A closed plan's file as last read: undefined when the read failed outright; `parsed` for text. */
interface FileState {
  readonly path: string;
  readonly read: BoundedRead | undefined;
  readonly parsed?: ParsedPlan;
}

/**
 * Diagnostics of the plans nobody has open, judged from their files on disk, so the Problems panel lists every broken
 * plan of the tasks folders from the start (issue 10, item 11) — not only the ones the user happened to open. An open
 * document speaks for its file (PlanDiagnoser publishes it under the same URI, which replaces these); when it closes,
 * its file speaks again.
 */
export class ClosedPlanDiagnostics {
  private readonly lastPublished = new Map<string, string>();
  /** The URI the client used for a path it opened: we publish under the same spelling when the document closes. */
  private readonly uriByPath = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly files: PlanServerDeps['files'],
    private readonly index: TasksFolderIndex,
    private readonly gitFor: (path: string) => Promise<CommitCache | undefined>,
    private readonly isOpen: (path: string) => boolean,
  ) {}

  rememberUri(path: string, uri: string): void {
    this.uriByPath.set(path, uri);
  }

  /**
   * Every closed plan of the folder, plus `alsoPaths` of it that the listing no longer holds (deleted: cleared); one
   * unreadable plan is its own problem, never the folder's. The files are read one after another (the reader yields
   * between slices), and all their git_sha values are checked in one git call before any is judged.
   */
  async publishFolder(tasksDir: string, alsoPaths: readonly string[] = [], except?: string): Promise<void> {
    const listed = await this.files.listPlanFiles(tasksDir).catch(() => [] as string[]);
    const paths = [...new Set([...listed, ...alsoPaths.filter((p) => dirname(p) === tasksDir)])].filter((p) => p !== except);
    if (paths.length === 0) return;
    const files: FileState[] = [];
    for (const path of paths) files.push(await this.read(path));
    // The folder's first scan (the start-up pass) takes the plan_ids from these reads rather than reading it all again.
    const whole = except === undefined && alsoPaths.length === 0;
    await this.index.ensureScanned(paths[0]!, whole ? files.map((f) => [f.path, f.parsed ? planIdOf(f.parsed) : undefined] as const) : undefined);
    const cache = await this.gitFor(paths[0]!);
    if (cache) await cache.existsAll(files.flatMap((f) => (f.parsed ? [commitShaOf(f.parsed)] : [])).filter((sha): sha is string => sha !== undefined));
    for (let i = 0; i < files.length; i++) {
      // Judging and publishing 20,000 plans takes about a second: let the user's typing in between.
      if (i > 0 && i % JUDGE_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
      this.judge(files[i]!, cache);
    }
  }

  /** The file as it is on disk now (gone: its diagnostics go). */
  async publishPath(path: string): Promise<void> {
    if (this.isOpen(path)) return;
    const file = await this.read(path);
    const cache = file.parsed ? await this.gitFor(path) : undefined;
    const sha = file.parsed ? commitShaOf(file.parsed) : undefined;
    if (cache && sha !== undefined) await cache.exists(sha);
    this.judge(file, cache);
  }

  /** Closed plans of the folder holding `path`, except `path` itself: a changed plan_id can make or end a duplicate. */
  async publishSiblings(path: string): Promise<void> {
    await this.publishFolder(dirname(path), [], path);
  }

  /** The document at `path` was opened: its published diagnostics replace ours, so forget what we sent. */
  opened(path: string): void {
    this.lastPublished.delete(this.uriOf(path));
  }

  private async read(path: string): Promise<FileState> {
    const read = await this.files.readPlanFile(path).catch(() => undefined);
    return read?.kind === 'text' ? { path, read, parsed: parsePlan(read.text) } : { path, read };
  }

  /** Publishes what the file says, unless its document was opened meanwhile (the document's diagnostics win). */
  private judge({ path, read, parsed }: FileState, cache: CommitCache | undefined): void {
    if (this.isOpen(path)) return;
    if (read === undefined || read.kind === 'missing') {
      this.send(path, []);
      return;
    }
    // A FIFO, a device, a link out of the repository, an oversized file: one problem, and its content is never read.
    if (read.kind !== 'text') {
      this.send(path, unreadablePlan(basename(path), read).diagnostics.map(toLspDiagnostic));
      return;
    }
    const validated = validatePlan(parsed ?? parsePlan(read.text), {
      fileName: basename(path),
      duplicatePaths: this.index.duplicatesOf(path).map((p) => basename(p)),
      commitExists: cache ? (s) => cache.existsNow(s) : undefined,
    });
    this.send(path, validated.diagnostics.map(toLspDiagnostic));
  }

  private uriOf(path: string): string {
    return this.uriByPath.get(path) ?? pathToFileURL(path).href;
  }

  private send(path: string, diagnostics: ReturnType<typeof toLspDiagnostic>[]): void {
    const uri = this.uriOf(path);
    const key = JSON.stringify(diagnostics);
    if (this.lastPublished.get(uri) === key) return;
    this.lastPublished.set(uri, key);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }
}
