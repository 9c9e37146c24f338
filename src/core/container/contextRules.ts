/**
 * What a repository image's build context never holds, whatever `.lw_coder/.dockerignore` says (a `!` re-include
 * cannot bring it back): `.lw_coder/code.Dockerfile` is the repository's code, and so is every `RUN` of it — the
 * user's env file, git dir and LW Coder's state must not reach it.
 */

/** Names excluded at any depth, with everything below them: git dirs (and worktree `.git` files) and dotenv files. */
export const NEVER_IN_CONTEXT_NAMES: readonly string[] = ['.git', '.env'];

/** Context-relative paths excluded with everything below them: LW Coder's own state in the repository. */
export const NEVER_IN_CONTEXT_PATHS: readonly string[] = ['.lw_coder/state', '.lw_coder/runs', '.lw_coder/cache', '.lw_coder/worktrees'];

export interface ContextExclusions {
  /** Context-relative posix paths (files or directories) excluded with everything below them. */
  readonly paths: readonly string[];
  /** Base names excluded at any depth. */
  readonly names: readonly string[];
}

/** A repository build's exclusions: the fixed ones plus the env file config.toml names (relative to the root). */
export function repoContextExclusions(envFiles: readonly string[]): ContextExclusions {
  const normalized = envFiles.map(normalizeContextPath).filter((p): p is string => p !== undefined);
  return { paths: [...NEVER_IN_CONTEXT_PATHS, ...normalized], names: NEVER_IN_CONTEXT_NAMES };
}

/** `./a//b/../c` → `a/c`; undefined for the root itself, absolute paths and paths that leave the context. */
export function normalizeContextPath(path: string): string | undefined {
  const unified = path.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return undefined;
  const parts: string[] = [];
  for (const s of unified.split('/')) {
    if (s === '' || s === '.') continue;
    if (s !== '..') parts.push(s);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.length === 0 ? undefined : parts.join('/');
}

/** True when the context-relative path, or a directory above it, is excluded. */
export function isExcludedFromContext(relativePath: string, exclusions: ContextExclusions): boolean {
  const path = normalizeContextPath(relativePath);
  if (path === undefined) return false;
  const segments = path.split('/');
  if (segments.some((s) => exclusions.names.includes(s))) return true;
  return exclusions.paths.some((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * What a build context always holds whatever the ignore rules say, as Docker does: the Dockerfile and the ignore file.
 * The engine packs with it and the content hash digests with it, so both see the same files.
 */
export const alwaysInContext = (dockerfile: string): readonly string[] => [dockerfile, '.dockerignore'];
