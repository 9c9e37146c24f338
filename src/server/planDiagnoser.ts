import { basename } from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePlan } from '../core/plan/parse';
import { readString } from '../core/plan/scalar';
import type { ParsedPlan } from '../core/plan/types';
import { ZERO_SHA } from '../core/plan/types';
import { planIdOf, validatePlan } from '../core/plan/validate';
import { CommitCache } from './commitCache';
import type { PlanServerDeps } from './deps';
import { toLspDiagnostic } from './lspDiagnostics';
import { isPlanPath, uriToPath } from './planPaths';
import { TasksFolderIndex } from './tasksFolderIndex';

const COMMIT_SHA = /^[0-9a-f]{40}$/;

/**
 * Diagnostics for open plans. Single-plan rules run synchronously on every change and are published at once; what
 * needs I/O (the other plans of the folder, whether git_sha names a commit) is gathered in the background, cached,
 * and the plan re-published if the user has not typed since.
 */
export class PlanDiagnoser {
  readonly index: TasksFolderIndex;
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

  /** The document was closed: its diagnostics go, and its file on disk speaks for it again. */
  async closed(uri: string): Promise<void> {
    const path = uriToPath(uri);
    if (!isPlanPath(path)) return;
    this.lastPublished.delete(uri);
    this.lastPlanId.delete(path);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    await this.index.closed(path);
    this.republishSiblings(path);
  }

  /** Watched plan files changed on disk (save, git checkout, another tool): update the index, re-judge open plans. */
  async filesChanged(paths: readonly string[]): Promise<void> {
    await Promise.all(paths.filter((p) => isPlanPath(p)).map((p) => this.index.refreshFromDisk(p)));
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
  }

  private republishSiblings(path: string): void {
    for (const sibling of this.index.openSiblings(path)) {
      const doc = this.openUris().map((u) => this.documentAt(u)).find((d) => d && uriToPath(d.uri) === sibling);
      if (doc) this.publish(doc, parsePlan(doc.getText()), sibling);
    }
  }

  private async refine(doc: TextDocument, parsed: ParsedPlan, path: string): Promise<void> {
    const [cache] = await Promise.all([this.gitFor(path), this.index.ensureScanned(path)]);
    const sha = shaOf(parsed);
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

/** The git_sha worth asking git about: a well-formed, non-placeholder sha. */
function shaOf(parsed: ParsedPlan): string | undefined {
  const entry = parsed.entries?.find((e) => e.key === 'git_sha');
  const sha = entry ? readString(entry) : null;
  return sha !== null && COMMIT_SHA.test(sha) && sha !== ZERO_SHA ? sha : undefined;
}
