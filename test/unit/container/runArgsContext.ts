import type { HostPathFacts, HostPathKind } from '../../../src/core/container/hostPaths';
import { bindSourcesOf, type RunArgsContext } from '../../../src/core/container/runArgs';

/** A repository as the judge sees it: real paths, and the facts the app layer would have found for each bind source. */
export const REPO = '/home/u/project';
export const GIT_DIR = `${REPO}/.git`;
export const OWN_DIRS = ['state', 'runs', 'worktrees', 'cache'].map((d) => `${REPO}/.lw_coder/${d}`);

/**
 * Facts for every bind source of `args`: what `resolved` says for a path (a symlink's target and kind), else the path
 * itself as a directory, as realpath and stat would report a plain directory.
 */
export function contextFor(args: readonly string[], resolved: Readonly<Record<string, { real?: string; kind?: HostPathKind }>> = {}): RunArgsContext {
  const hostPaths = new Map<string, HostPathFacts>();
  for (const path of bindSourcesOf(args, REPO)) {
    const r = resolved[path];
    hostPaths.set(path, { path, realPath: r?.real ?? path, kind: r?.kind ?? 'directory' });
  }
  return { repoRoot: REPO, gitCommonDir: GIT_DIR, lwCoderDirs: OWN_DIRS, secretFiles: [`${REPO}/.env`], hostPaths };
}
