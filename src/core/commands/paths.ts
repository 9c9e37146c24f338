/* A module of its own, without zod or the YAML parser: the Runs view (activation path) checks session log paths with it. */

/** Absolute, or climbing out with `..`: a repository's command must not name files elsewhere on the machine. */
export function escapes(path: string): boolean {
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) return true;
  let depth = 0;
  for (const part of path.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return true;
  }
  return false;
}
