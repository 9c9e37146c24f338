/** Why `name` cannot be a branch for the worktree lifecycle, or undefined (a conservative subset of git's rules). */
export function unsafeBranchReason(name: string): string | undefined {
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(name)) return `branch '${name}' may only use letters, digits, '.', '_', '-' and '/'`;
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.includes('//')) return `branch '${name}' must not start with '-' or '/', end with '/' or hold '//'`;
  if (name.includes('..') || name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) return `branch '${name}' must not hold '..', a part starting with '.' or ending with '.lock'`;
  if (name.endsWith('.')) return `branch '${name}' must not end with '.'`;
  return undefined;
}
