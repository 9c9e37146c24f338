import type { CommitInfo, PlanGitPort } from '../core/ports/git';

/**
 * Answers about commits for one repository, cached so typing in a plan never waits for git.
 * A sha that names a commit keeps naming it, so positive answers live for the session; a negative answer may turn
 * positive after a fetch, so it expires (and is dropped when watched files change).
 */
const NEGATIVE_TTL_MS = 15_000;
/** HEAD moves with every commit; a short cache only spares repeated completions and code actions in one burst. */
const HEAD_TTL_MS = 2_000;

interface Known {
  readonly exists: boolean;
  readonly at: number;
}

export class CommitCache {
  private readonly known = new Map<string, Known>();
  private readonly pending = new Map<string, Promise<boolean | undefined>>();
  private readonly infos = new Map<string, Promise<CommitInfo | undefined>>();
  private head: { readonly sha: Promise<string | undefined>; readonly at: number } | undefined;

  constructor(private readonly git: PlanGitPort) {}

  /** The cached answer, or undefined when git has not been asked yet (the validator then skips the check). */
  existsNow(sha: string): boolean | undefined {
    const k = this.known.get(sha);
    if (!k) return undefined;
    if (!k.exists && Date.now() - k.at > NEGATIVE_TTL_MS) {
      this.known.delete(sha);
      return undefined;
    }
    return k.exists;
  }

  /** Asks git once per sha (concurrent callers share the question); undefined when git failed. */
  exists(sha: string): Promise<boolean | undefined> {
    const now = this.existsNow(sha);
    if (now !== undefined) return Promise.resolve(now);
    let p = this.pending.get(sha);
    if (!p) {
      p = this.git
        .commitsExist([sha])
        .then((m) => {
          const exists = m.get(sha) ?? false;
          this.known.set(sha, { exists, at: Date.now() });
          return exists;
        })
        .catch(() => undefined)
        .finally(() => this.pending.delete(sha));
      this.pending.set(sha, p);
    }
    return p;
  }

  /**
   * Asks git once for every sha not known yet (one `git cat-file --batch-check` for a whole folder of plans, not one
   * process per distinct sha); afterwards existsNow answers for each.
   */
  async existsAll(shas: readonly string[]): Promise<void> {
    const unique = [...new Set(shas)];
    const asked = unique.filter((sha) => this.existsNow(sha) === undefined && !this.pending.has(sha));
    const inFlight = unique.filter((sha) => this.pending.has(sha)).map((sha) => this.pending.get(sha));
    if (asked.length > 0) {
      const answer = this.git.commitsExist(asked).then(
        (m) => {
          const at = Date.now();
          for (const sha of asked) this.known.set(sha, { exists: m.get(sha) ?? false, at });
        },
        () => undefined,
      );
      for (const sha of asked) {
        const one = answer.then(() => this.existsNow(sha)).finally(() => this.pending.delete(sha));
        this.pending.set(sha, one);
      }
      await answer;
    }
    await Promise.all(inFlight);
  }

  info(sha: string): Promise<CommitInfo | undefined> {
    let p = this.infos.get(sha);
    if (!p) {
      p = this.git.commitInfo(sha).catch(() => undefined);
      // Only a found commit is cached: a missing one may arrive with the next fetch.
      void p.then((i) => {
        if (!i) this.infos.delete(sha);
      });
      this.infos.set(sha, p);
    }
    return p;
  }

  headSha(): Promise<string | undefined> {
    if (!this.head || Date.now() - this.head.at > HEAD_TTL_MS) {
      this.head = { sha: this.git.headSha().catch(() => undefined), at: Date.now() };
    }
    return this.head.sha;
  }

  /** HEAD with its subject, for completion labels and quick-fix titles. */
  async headInfo(): Promise<CommitInfo | undefined> {
    const sha = await this.headSha();
    return sha ? this.info(sha) : undefined;
  }

  /** After files change (a fetch, a commit), let negative answers and HEAD be asked again. */
  forgetVolatile(): void {
    for (const [sha, k] of this.known) if (!k.exists) this.known.delete(sha);
    this.head = undefined;
  }
}
