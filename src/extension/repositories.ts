import * as vscode from 'vscode';
import { createPlanGitPort, findRepositoryRoot } from '../adapters/git/planGit';
import type { PlanGitPort } from '../core/ports/git';
import type { Logger } from '../core/ports/logger';

export interface RepositoryInfo {
  readonly repoRoot: string;
  readonly git: PlanGitPort;
}

/**
 * Finds the git repository of a workspace folder once and hands out its PlanGitPort. In an untrusted workspace git is
 * never run: a repository's config can name programs git executes (core.fsmonitor, hooks), so git_sha resolution is
 * skipped there rather than guessed.
 */
export class Repositories {
  private readonly cache = new Map<string, Promise<RepositoryInfo | undefined>>();

  constructor(private readonly logger: Logger) {}

  forFolder(folderPath: string): Promise<RepositoryInfo | undefined> {
    if (!vscode.workspace.isTrusted) return Promise.resolve(undefined);
    let found = this.cache.get(folderPath);
    if (!found) {
      found = findRepositoryRoot(folderPath).then(
        (repoRoot) => {
          if (!repoRoot) this.logger.info(`${folderPath} is not inside a git repository: git_sha values are not resolved`);
          return repoRoot ? { repoRoot, git: createPlanGitPort(repoRoot) } : undefined;
        },
        (error: unknown) => {
          this.cache.delete(folderPath); // a missing git may be installed later: ask again next time
          this.logger.warn(`could not ask git about ${folderPath}: ${(error as Error).message}`);
          return undefined;
        },
      );
      this.cache.set(folderPath, found);
    }
    return found;
  }

  /** After trust is granted or folders change, repositories are looked up again. */
  clear(): void {
    this.cache.clear();
  }
}
