import { relative } from 'node:path';
import { findRepositoryRoot } from '../../adapters/git/planGit';
import { createFileRunStore } from '../../adapters/fs/runStore';
import { listRuns, pruneRuns } from '../../app/runs';
import { DEFAULT_RUN_RETENTION_MS, parseDuration } from '../../core/runs/layout';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';

async function repoRootOf(io: CliIO): Promise<string> {
  const root = await findRepositoryRoot(io.cwd, io.signal);
  if (!root) throw new UsageError(`${io.cwd} is not inside a git repository. Run lwc from a repository with .lw_coder/.`);
  return root;
}

const list: CliCommand = {
  ...commandInfo('runs list'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, plan: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const root = await repoRootOf(io);
    const runs = await listRuns(createFileRunStore(root), typeof values.plan === 'string' ? values.plan : undefined);
    if (values.json === true) {
      io.stdout(`${JSON.stringify(runs.map((r) => ({ planId: r.planId, name: r.name, runDir: r.runDir, createdAt: r.createdAt, source: r.record?.source ?? null, model: r.record?.model ?? null, cacheHit: r.record?.cacheHit ?? null, files: r.files })))}\n`);
      return EXIT_OK;
    }
    if (!runs.length) {
      io.stdout('No runs yet. Create one with: lwc prompts generate <plan>\n');
      return EXIT_OK;
    }
    for (const r of runs) {
      const how = r.record ? (r.record.source === 'templates' ? 'templates' : `${r.record.model ?? 'model'}${r.record.cacheHit ? ' (cached)' : ''}`) : 'incomplete: no run.json';
      io.stdout(`${r.planId}  ${r.name}  ${how}  ${relative(io.cwd, r.runDir)}\n`);
    }
    return EXIT_OK;
  },
};

const prune: CliCommand = {
  ...commandInfo('runs prune'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, 'older-than': { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const text = typeof values['older-than'] === 'string' ? values['older-than'] : undefined;
    const maxAgeMs = text === undefined ? DEFAULT_RUN_RETENTION_MS : parseDuration(text);
    if (maxAgeMs === undefined) throw new UsageError(`--older-than '${text}' is not a duration; use e.g. 30d, 12h, 90m`);
    const root = await repoRootOf(io);
    const result = await pruneRuns(createFileRunStore(root), { maxAgeMs });
    if (values.json === true) {
      io.stdout(`${JSON.stringify(result)}\n`);
      return EXIT_OK;
    }
    for (const s of result.skipped) io.stderr(`lwc: not pruned: ${relative(io.cwd, s.path)} (${s.reason})\n`);
    io.stdout(`Removed ${result.removed.length} run director${result.removed.length === 1 ? 'y' : 'ies'}.\n${result.removed.map((p) => `  ${relative(io.cwd, p)}\n`).join('')}`);
    return EXIT_OK;
  },
};

/** `lwc runs …` */
export const runsCommands: readonly CliCommand[] = [list, prune];
