import { resolve } from 'node:path';
import { listSalvage, restoreSalvage } from '../../app/worktree/salvage';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_OK, UsageError, type CliCommand } from '../types';
import { repoContext } from './worktree';

const listCommand: CliCommand = {
  ...commandInfo('salvage list'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length > 1) throw new UsageError('give at most one plan_id');
    const ctx = await repoContext(io);
    const records = await listSalvage(ctx.deps, ctx.root, { signal: io.signal, planId: positionals[0] });
    if (values.json) io.stdout(`${JSON.stringify(records, null, 2)}\n`);
    else if (records.length === 0) io.stdout('No salvage refs.\n');
    else io.stdout(`${records.map((r) => `${r.ref}  ${r.time ?? r.timestamp}  ${r.reason ?? ''}${r.branch ? `  branch ${r.branch}` : ''}`).join('\n')}\n`);
    return EXIT_OK;
  },
};

const restoreCommand: CliCommand = {
  ...commandInfo('salvage restore'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, to: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('give exactly one salvage ref (see `lwc salvage list`)');
    const ctx = await repoContext(io);
    const to = typeof values.to === 'string' ? resolve(io.cwd, values.to) : undefined;
    const r = await restoreSalvage(ctx.deps, ctx.root, positionals[0]!, to, { signal: io.signal });
    if (values.json) io.stdout(`${JSON.stringify({ dir: r.dir, ref: r.record.ref, sha: r.record.sha, head: r.record.head ?? null })}\n`);
    else {
      io.stdout(`Restored ${r.record.ref} into ${r.dir}\n`);
      if (r.record.head) io.stdout(`Its commits end at ${r.record.head}: \`git branch <name> ${r.record.head}\` brings them back as a branch.\n`);
    }
    return EXIT_OK;
  },
};

/** `lwc salvage …` */
export const salvageCommands: readonly CliCommand[] = [listCommand, restoreCommand];
