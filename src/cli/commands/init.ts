import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findRepositoryRoot } from '../../adapters/git/planGit';
import { SCAFFOLD_FILES } from '../../core/workspace/scaffold';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from '../types';

/** `lwc init`: the CLI twin of "Initialize LW Coder"; never overwrites a file that exists. */
const init: CliCommand = {
  ...commandInfo('init'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const root = await findRepositoryRoot(io.cwd, io.signal);
    if (!root) {
      io.stderr(`lwc: ${io.cwd} is not inside a git repository. LW Coder keeps plans and worktrees in a repository: run \`git init\` first.\n`);
      return EXIT_USAGE;
    }
    const dir = join(root, '.lw_coder');
    await mkdir(join(dir, 'tasks'), { recursive: true });
    const created: string[] = [];
    const kept: string[] = [];
    for (const file of SCAFFOLD_FILES) {
      const relative = `.lw_coder/${file.path}`;
      try {
        // 'wx' fails when the file exists: a concurrent init or a user's file is never clobbered.
        await writeFile(join(dir, file.path), file.content, { flag: 'wx' });
        created.push(relative);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        kept.push(relative);
      }
    }
    if (values.json) io.stdout(`${JSON.stringify({ root, created, kept }, null, 2)}\n`);
    else {
      for (const c of created) io.stdout(`created ${c}\n`);
      for (const k of kept) io.stdout(`kept    ${k} (exists)\n`);
      if (created.includes('.lw_coder/code.Dockerfile')) io.stdout("Add your project's build and test tools to .lw_coder/code.Dockerfile.\n");
    }
    return EXIT_OK;
  },
};

export const initCommands: readonly CliCommand[] = [init];
