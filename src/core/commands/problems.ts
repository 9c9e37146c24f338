import type { CommandProblem } from './types';
import type { SourcePosition, YamlPath } from './locate';

/** A problem at a place in a command file. */
export function problemAt(file: string, at: SourcePosition, message: string, fix: string, severity: CommandProblem['severity'] = 'error'): CommandProblem {
  return { file, line: at.line, column: at.column, message, fix, severity };
}

/** `steps[2].when`, as messages name a place in the file. */
export function describePath(path: YamlPath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out || 'the file';
}

/** `file:line:column: error: message` and the fix on the next line: how the CLI and logs print a problem. */
export function formatProblem(p: CommandProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return `${where}: ${p.severity}: ${p.message}\n  fix: ${p.fix}`;
}

/** Problems in file order (file, line, column), errors before warnings at one place. */
export function sortProblems(problems: readonly CommandProblem[]): CommandProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
