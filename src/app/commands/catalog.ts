import { join } from 'node:path';
import { createCommandFilesPort } from '../../adapters/fs/commandFiles';
import { describeSize } from '../../core/limits/inputSize';
import { parseCommandFile, type ParsedCommandFile } from '../../core/commands/parse';
import { sortProblems } from '../../core/commands/problems';
import { resolveCatalog } from '../../core/commands/resolve';
import type { CommandProblem, CommandSource, ResolvedCommand } from '../../core/commands/types';
import type { BoundedRead } from '../../core/ports/boundedRead';
import type { CommandFilesPort } from '../../core/ports/commandFiles';

/** The repository's commands after `extends`, with every problem found (issue 14 item 1). */
export interface Catalog {
  readonly commands: readonly ResolvedCommand[];
  readonly problems: readonly CommandProblem[];
}

/** Where commands live, ours first: on a name clash the first folder wins (see resolveCatalog). */
export const COMMAND_FOLDERS: readonly { readonly path: string; readonly origin: CommandSource['origin'] }[] = [
  { path: '.lw_coder/commands', origin: 'lw_coder' },
  { path: '.prj/commands', origin: 'prunejuice' },
];

/** A command file is a few kilobytes; these bound what a hostile repository can make us read. */
export const MAX_COMMAND_FILE_BYTES = 256 * 1024;
export const MAX_COMMAND_FILES = 200;

const isCommandFile = (name: string): boolean => /\.ya?ml$/i.test(name) && !name.startsWith('.');

/**
 * Reads `.lw_coder/commands/*.yaml` and `.prj/commands/*.yaml`. Never throws for what the files hold: a folder or file
 * that links out of the repository, is too large or unreadable, or is not valid, becomes a problem and the other
 * commands are still offered. `CommandSource.file` and `CommandProblem.file` are relative to the repository.
 *
 * The default port is the node file system: the signature callers share stays `loadCatalog(repoRoot)`, and tests or
 * other hosts can pass their own.
 */
export async function loadCatalog(repoRoot: string, files: CommandFilesPort = createCommandFilesPort(), signal?: AbortSignal): Promise<Catalog> {
  const problems: CommandProblem[] = [];
  const parsed: ParsedCommandFile[] = [];
  for (const folder of COMMAND_FOLDERS) {
    const listing = await files.listFolder(join(repoRoot, folder.path), repoRoot);
    if (listing.kind === 'missing') continue;
    if (listing.kind !== 'entries') {
      problems.push(folderProblem(folder.path, listing));
      continue;
    }
    const names = listing.entries.filter((e) => !e.isDirectory && isCommandFile(e.name)).map((e) => e.name);
    if (names.length > MAX_COMMAND_FILES) {
      problems.push({ file: folder.path, line: 0, column: 0, severity: 'error', message: `${folder.path} holds ${names.length} command files; only the first ${MAX_COMMAND_FILES} (by name) are read.`, fix: 'Remove commands you no longer use, or move them to another repository.' });
    }
    for (const name of names.slice(0, MAX_COMMAND_FILES)) {
      const file = `${folder.path}/${name}`;
      const read = await files.read(join(repoRoot, folder.path, name), MAX_COMMAND_FILE_BYTES, repoRoot, signal);
      if (read.kind !== 'text') {
        if (read.kind !== 'missing') problems.push(fileProblem(file, read));
        continue;
      }
      const result = parseCommandFile({ file, origin: folder.origin }, read.text);
      problems.push(...result.problems);
      if (result.parsed) parsed.push(result.parsed);
    }
  }
  const resolved = resolveCatalog(parsed);
  return { commands: resolved.commands, problems: sortProblems([...problems, ...resolved.problems]) };
}

/** The command of that name, or undefined; with the catalog's problems for the message when it is missing. */
export function findCommand(catalog: Catalog, name: string): ResolvedCommand | undefined {
  return catalog.commands.find((c) => c.name === name);
}

function folderProblem(folder: string, listing: Exclude<Awaited<ReturnType<CommandFilesPort['listFolder']>>, { kind: 'entries' | 'missing' }>): CommandProblem {
  const base = { file: folder, line: 0, column: 0, severity: 'error' as const };
  switch (listing.kind) {
    case 'outside':
      return { ...base, message: `${folder} leads to ${listing.target}, outside the repository, so its commands were not read: a cloned repository must not pick what runs from elsewhere on your machine.`, fix: `Make ${folder} a real folder inside the repository.` };
    case 'not-directory':
      return { ...base, message: `${folder} is not a folder, so no commands were read from it.`, fix: `Remove it, or make it a folder of *.yaml command files.` };
    case 'unreadable':
      return { ...base, message: `${folder} cannot be listed (${listing.errno}).`, fix: 'Check its permissions.' };
  }
}

function fileProblem(file: string, read: Exclude<BoundedRead, { kind: 'text' | 'missing' }>): CommandProblem {
  const base = { file, line: 0, column: 0, severity: 'error' as const };
  const drop = `or remove it from ${file.slice(0, file.lastIndexOf('/'))}`;
  switch (read.kind) {
    case 'outside':
      return { ...base, message: `${file} links to ${read.target}, outside the repository, so it was not read.`, fix: `Copy the command into the repository (or link to a file inside it), ${drop}.` };
    case 'too-large':
      return { ...base, message: `${file} is ${describeSize(read.size)}, over the ${describeSize(read.limit)} limit for a command file, so it was not read.`, fix: `Split it into smaller commands (extends: shares their common part), ${drop}.` };
    case 'not-regular':
      return { ...base, message: `${file} is a ${read.fileKind}${read.linkTarget ? ` (it links to ${read.linkTarget})` : ''}, not a regular file, so it was not read.`, fix: `Replace it with a YAML command file, ${drop}.` };
    case 'dangling-link':
      return { ...base, message: `${file} links to ${read.target}, which does not exist.`, fix: `Point the link at an existing file, ${drop}.` };
    case 'unreadable':
      return { ...base, message: `${file} cannot be read (${read.errno}).`, fix: `Check its permissions and that it is not a link loop, ${drop}.` };
  }
}
