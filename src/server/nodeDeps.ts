import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PlanGitPort } from '../core/ports/git';
import { createPlanGitPort, findRepositoryRoot } from '../adapters/git/planGit';
import { createPlanFilesPort } from '../adapters/plans/planFiles';
import type { PlanServerDeps } from './deps';

/** A folder outside git may become a repository (`git init`); ask again after this long. */
const NOT_A_REPO_TTL_MS = 10_000;

/** `dir` or its nearest existing ancestor: a plan being created may sit in a folder not yet on disk. */
async function existingDir(dir: string): Promise<string> {
  for (let d = dir; ; d = dirname(d)) {
    const isDir = await stat(d).then((s) => s.isDirectory(), () => false);
    if (isDir || dirname(d) === d) return d;
  }
}

/** Node file system and the git CLI (read-only queries), one port per repository so commit caches are shared. */
export function createNodePlanServerDeps(): PlanServerDeps {
  const rootByDir = new Map<string, { readonly root: Promise<string | undefined>; readonly at: number }>();
  const portByRoot = new Map<string, PlanGitPort>();
  return {
    async gitFor(filePath) {
      const dir = dirname(filePath);
      let known = rootByDir.get(dir);
      if (!known || (Date.now() - known.at > NOT_A_REPO_TTL_MS && (await known.root) === undefined)) {
        known = { root: existingDir(dir).then((d) => findRepositoryRoot(d)).catch(() => undefined), at: Date.now() };
        rootByDir.set(dir, known);
      }
      const top = await known.root;
      if (!top) return undefined;
      let port = portByRoot.get(top);
      if (!port) {
        port = createPlanGitPort(top);
        portByRoot.set(top, port);
      }
      return port;
    },
    files: createPlanFilesPort(),
  };
}
