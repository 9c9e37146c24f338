import { basename, dirname } from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePlan } from '../core/plan/parse';
import type { ParsedPlan } from '../core/plan/types';
import { planIdOf, validatePlan } from '../core/plan/validate';
import { ClosedPlanDiagnostics } from './closedPlanDiagnostics';
import { CommitCache } from './commitCache';
import type { PlanServerDeps } from './deps';
import { toLspDiagnostic } from './lspDiagnostics';
import { isPlanPath, uriToPath } from './planPaths';
import { commitShaOf } from './planSha';
import { TasksFolderIndex } from './tasksFolderIndex';

/**
 * Diagnostics for plans: open ones here, closed ones from their files (ClosedPlanDiagnostics). Single-plan rules run synchronously on every change and are published at once; what
 * needs I/O (the other plans of the folder, whether git_sha names a commit) is gathered in the background, cached,
 * and the plan re-published if the user has not typed since.
 */
export class PlanDiagnoser {
  readonly index: TasksFolderIndex;
  private readonly closedPlans: ClosedPlanDiagnostics;
  private readonly caches = new WeakMap<object, CommitCache>();
  /** Resolved per file so the synchronous pass can use answers git already gave. */
  private readonly gitByPath = new Map<string, Promise<CommitCache | undefined>>();
  private readonly gitNow = new Map<string, CommitCache | undefined>();
  private readonly lastPublished = new Map<string, string>();
  private readonly lastPlanId = new Map<string, string | null>();

  constructor(
    private readonly connection: Connection,
    private readonly deps: PlanServerDeps,
    private readonly documentAt: (uri: string) => TextDocument | undefined,
    private readonly openUris: () => readonly string[],
  ) {
    this.index = new TasksFolderIndex(deps.files);
    this.closedPlans = new ClosedPlanDiagnostics(connection, deps.files, this.index, (p) => this.gitFor(p), (p) => this.isOpen(p));
  }

  /** Publishes the diagnostics of every plan in these tasks folders (the client names them at initialize). */
  async publishFolders(tasksDirs: readonly string[]): Promise<void> {
    await Promise.all(tasksDirs.map((d) => this.closedPlans.publishFolder(d)));
  }

  /** The commit cache of the repository holding `path`; undefined outside git. */
  gitFor(path: string): Promise<CommitCache | undefined> {
    let p = this.gitByPath.get(path);
    if (!p) {
      p = this.deps
        .gitFor(path)
        .catch((error: unknown) => {
          this.connection.console.warn(`[git] ${String(error)}; git_sha checks are skipped for ${path}`);
          return undefined;
        })
        .then((port) => {
          let cache: CommitCache | undefined;
          if (port) {
            cache = this.caches.get(port);
            if (!cache) this.caches.set(port, (cache = new CommitCache(port)));
          }
          this.gitNow.set(path, cache);
          return cache;
        });
      this.gitByPath.set(path, p);
    }
    return p;
  }

  /** Diagnose after an open or a change: publish now, refine once the folder and git have answered. */
  changed(doc: TextDocument): void {
    const path = uriToPath(doc.uri);
    if (!isPlanPath(path)) return;
    const parsed = parsePlan(doc.getText());
    const planId = planIdOf(parsed);
    this.closedPlans.rememberUri(path, doc.uri);
    this.closedPlans.opened(path);
    this.index.setOpenText(path, planId);
    this.publish(doc, parsed, path);
    const had = this.lastPlanId.has(path);
    if (!had || this.lastPlanId.get(path) !== planId) {
      this.lastPlanId.set(path, planId);
      // Another open plan may have just gained or lost a duplicate (also when this one was just opened).
      if (had || planId !== null) this.republishSiblings(path);
    }
    void this.refine(doc, parsed, path);
  }

  /** The document was closed: its file on disk speaks for it again (its diagnostics, or none once it is gone). */
  async closed(uri: string): Promise<void> {
    const path = uriToPath(uri);
    if (!isPlanPath(path)) return;
    this.lastPublished.delete(uri);
    this.lastPlanId.delete(path);
    const idChanged = await this.index.closed(path);
    await this.closedPlans.publishPath(path);
    this.republishSiblings(path);
    if (idChanged) await this.closedPlans.publishSiblings(path);
  }

  /** Watched plan files changed on disk (save, git checkout, another tool): update the index, re-judge open plans. */
  async filesChanged(paths: readonly string[]): Promise<void> {
    const plans = paths.filter((p) => isPlanPath(p));
    const idChanged = await Promise.all(plans.map((p) => this.index.refreshFromDisk(p)));
    for (const cache of new Set(this.gitNow.values())) cache?.forgetVolatile();
    // A plan outside git may be inside one now (`git init`): ask again for those.
    for (const [p, cache] of this.gitNow) {
      if (cache) continue;
      this.gitNow.delete(p);
      this.gitByPath.delete(p);
    }
    for (const uri of this.openUris()) {
      const doc = this.documentAt(uri);
      if (doc) this.changed(doc);
    }
    // A changed plan_id can make or end a duplicate anywhere in its folder: re-judge that folder once, else the files.
    const dirsWithNewIds = new Set(plans.filter((_, i) => idChanged[i]).map((p) => dirname(p)));
    await Promise.all([...dirsWithNewIds].map((d) => this.closedPlans.publishFolder(d, plans)));
    await Promise.all(plans.filter((p) => !dirsWithNewIds.has(dirname(p))).map((p) => this.closedPlans.publishPath(p)));
  }

  /** From the index (kept by changed/closed), not by converting every open URI: asked once per closed plan. */
  private isOpen(path: string): boolean {
    return this.index.isOpen(path);
  }

  private republishSiblings(path: string): void {
    for (const sibling of this.index.openSiblings(path)) {
      const doc = this.openUris().map((u) => this.documentAt(u)).find((d) => d && uriToPath(d.uri) === sibling);
      if (doc) this.publish(doc, parsePlan(doc.getText()), sibling);
    }
  }

  private async refine(doc: TextDocument, parsed: ParsedPlan, path: string): Promise<void> {
    const [cache] = await Promise.all([this.gitFor(path), this.index.ensureScanned(path)]);
    const sha = commitShaOf(parsed);
    if (cache && sha !== undefined) await cache.exists(sha);
    const current = this.documentAt(doc.uri);
    if (!current || current.version !== doc.version) return; // a newer change has its own refinement under way
    this.publish(doc, parsed, path);
  }

  private publish(doc: TextDocument, parsed: ParsedPlan, path: string): void {
    const cache = this.gitNow.get(path);
    const validated = validatePlan(parsed, {
      fileName: basename(path),
      duplicatePaths: this.index.duplicatesOf(path).map((p) => basename(p)),
      commitExists: cache ? (sha) => cache.existsNow(sha) : undefined,
    });
    const diagnostics = validated.diagnostics.map(toLspDiagnostic);
    const key = JSON.stringify(diagnostics);
    // Re-publishing identical diagnostics makes editors redraw squiggles for nothing.
    if (this.lastPublished.get(doc.uri) === key) return;
    this.lastPublished.set(doc.uri, key);
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }
}
