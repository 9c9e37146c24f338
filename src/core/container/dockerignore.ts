import dockerignore from '@balena/dockerignore';

/**
 * Docker's `.dockerignore` semantics, which are not gitignore's: patterns are anchored at the context root (`*.tmp`
 * matches only at the top; `**\/*.tmp` everywhere), a leading `/` is ignored, `!` re-includes, the last matching rule
 * wins, and a match on a directory covers everything below it. @balena/dockerignore is a port of Docker's own matcher
 * (dockerode uses it too); the `ignore` package follows gitignore and would send files Docker leaves out.
 */
export interface ContextMatcher {
  /** True when the context-relative posix path (file or directory) is excluded. */
  ignores(relativePath: string): boolean;
  /**
   * False when an ignored directory can be skipped without looking inside: only a `!` exception can bring back a
   * path below an ignored directory.
   */
  readonly hasExceptions: boolean;
}

/** The rules of a .dockerignore file: one per line, `#` comments and blank lines dropped, surrounding spaces trimmed. */
export function parseDockerignore(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function createContextMatcher(lines: readonly string[]): ContextMatcher {
  const rules = lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const matcher = dockerignore().add(rules);
  return {
    ignores: (relativePath) => {
      const p = relativePath.replace(/^\.?\/+/, '');
      return p !== '' && matcher.ignores(p);
    },
    hasExceptions: rules.some((r) => r.startsWith('!')),
  };
}
