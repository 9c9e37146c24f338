import { parseCommandFile, type ParsedCommandFile } from '../../../src/core/commands/parse';
import type { CommandProblem, CommandSource } from '../../../src/core/commands/types';

/** Lines joined with '\n': a command file written in a test, so line numbers can be read off the source. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

export function parse(text: string, file = '.lw_coder/commands/test.yaml', origin: CommandSource['origin'] = 'lw_coder') {
  return parseCommandFile({ file, origin }, text);
}

export function parsedOk(text: string, file?: string, origin?: CommandSource['origin']): ParsedCommandFile {
  const r = parse(text, file, origin);
  if (!r.parsed) throw new Error(`expected ${file ?? 'the file'} to parse, got:\n${r.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n')}`);
  return r.parsed;
}

/** `line:column message` of each problem: what a test asserts on. */
export const where = (problems: readonly CommandProblem[]): string[] => problems.map((p) => `${p.line}:${p.column}`);

export function only(problems: readonly CommandProblem[]): CommandProblem {
  if (problems.length !== 1) throw new Error(`expected one problem, got ${problems.length}:\n${problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n')}`);
  return problems[0]!;
}
