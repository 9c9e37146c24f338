import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { createPlanGitPort, findRepositoryRoot } from '../../adapters/git/planGit';
import { createPlanFilesPort } from '../../adapters/plans/planFiles';
import { scanTasksFolder, tasksDirOf, validatePlanFiles, type PlanFileReport, type PlanScanDeps } from '../../app/plans';
import type { PlanDiagnostic } from '../../core/plan/types';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';

/** The JSON shape of one diagnostic: 1-based lines and columns, as editors and humans count. */
export interface DiagnosticJson {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function diagnosticToJson(d: PlanDiagnostic): DiagnosticJson {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

export const displayPath = (cwd: string, p: string): string => {
  const rel = relative(cwd, p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
};

export async function scanDeps(cwd: string): Promise<PlanScanDeps & { repoRoot?: string }> {
  const repoRoot = await findRepositoryRoot(cwd);
  return { files: createPlanFilesPort(), git: repoRoot ? createPlanGitPort(repoRoot) : undefined, repoRoot };
}

/** Expands PATH arguments: files as given, directories to the plans directly inside them. */
async function expandPaths(args: readonly string[], io: CliIO, deps: PlanScanDeps): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const full = resolve(io.cwd, arg);
    const info = await stat(full).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or directory: ${arg}`);
    out.push(...(info.isDirectory() ? await deps.files.listPlanFiles(full) : [full]));
  }
  return out;
}

function planJson(io: CliIO, r: PlanFileReport) {
  return {
    path: displayPath(io.cwd, r.path),
    planId: r.validated.fields.planId,
    status: r.validated.fields.status,
    valid: r.validated.valid,
    diagnostics: r.validated.diagnostics.map(diagnosticToJson),
  };
}

async function plansFor(positionals: readonly string[], io: CliIO): Promise<PlanFileReport[]> {
  const deps = await scanDeps(io.cwd);
  if (positionals.length > 0) {
    const paths = await expandPaths(positionals, io, deps);
    // A file outside any repository is still judged on every rule but git_sha resolution.
    const gitRoot = paths[0] ? await findRepositoryRoot(resolve(paths[0], '..')) : undefined;
    const git = gitRoot ? createPlanGitPort(gitRoot) : deps.git;
    return validatePlanFiles(paths, { ...deps, git, repoRoot: gitRoot ?? deps.repoRoot }, io.signal);
  }
  if (!deps.repoRoot) {
    throw new UsageError(`${io.cwd} is not inside a git repository. Run lwc in a repository with .lw_coder/tasks/, or pass plan files.`);
  }
  const reports = await scanTasksFolder(deps.repoRoot, deps, io.signal);
  if (reports.length === 0) io.stderr(`lwc: no plans in ${displayPath(io.cwd, tasksDirOf(deps.repoRoot))}\n`);
  return reports;
}

const validate: CliCommand = {
  ...commandInfo('plan validate'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const reports = await plansFor(positionals, io);
    if (values.json) {
      io.stdout(`${JSON.stringify({ plans: reports.map((r) => planJson(io, r)) }, null, 2)}\n`);
    } else {
      for (const r of reports) {
        const p = displayPath(io.cwd, r.path);
        if (r.validated.diagnostics.length === 0) continue;
        for (const d of r.validated.diagnostics.map(diagnosticToJson)) {
          io.stdout(`${p}:${d.line}:${d.column}  ${d.severity.padEnd(11)}  ${d.message}  [${d.code}]\n`);
        }
      }
      const invalid = reports.filter((r) => !r.validated.valid).length;
      io.stdout(`${reports.length} plan${reports.length === 1 ? '' : 's'} checked, ${invalid} invalid\n`);
    }
    return reports.some((r) => !r.validated.valid) ? EXIT_FAILURE : EXIT_OK;
  },
};

const list: CliCommand = {
  ...commandInfo('plan list'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const reports = await plansFor([], io);
    if (values.json) {
      const plans = reports.map((r) => ({ ...planJson(io, r), problems: r.validated.diagnostics.filter((d) => d.severity === 'error').length, diagnostics: undefined }));
      io.stdout(`${JSON.stringify({ plans }, null, 2)}\n`);
      return EXIT_OK;
    }
    const rows = reports.map((r) => [r.validated.fields.planId ?? '?', r.validated.fields.status ?? '?', r.validated.valid ? 'valid' : 'INVALID', displayPath(io.cwd, r.path)]);
    const widths = [0, 1, 2].map((i) => Math.max(i === 0 ? 7 : 6, ...rows.map((row) => row[i]!.length)));
    io.stdout(`${['PLAN_ID', 'STATUS', 'VALID'].map((h, i) => h.padEnd(widths[i]!)).join('  ')}  PATH\n`);
    for (const row of rows) io.stdout(`${row.slice(0, 3).map((c, i) => c.padEnd(widths[i]!)).join('  ')}  ${row[3]}\n`);
    return EXIT_OK;
  },
};

/** `lwc plan validate` and `lwc plan list` (set-status, which may salvage a worktree, is in planStatus.ts) */
export const planCommands: readonly CliCommand[] = [validate, list];
