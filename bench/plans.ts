import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlanGitPort } from '../src/adapters/git/planGit';
import { createPlanFilesPort } from '../src/adapters/plans/planFiles';
import { scanTasksFolder } from '../src/app/plans';
import { parsePlan } from '../src/core/plan/parse';
import { validatePlan } from '../src/core/plan/validate';
import { CLI_BUNDLE, ensureBuilt } from '../test/support/cli';
import { generatedPlan, makePlanRepo } from './planFolder';
import { median, report } from './support';

/** The floor process: node listing the folder and reading every plan with readFileSync, nothing else. */
const READ_ALL = "const fs=require('fs'),path=require('path');const d=process.argv[1];let n=0;for(const f of fs.readdirSync(d))if(f.endsWith('.md'))n+=fs.readFileSync(path.join(d,f),'utf8').length;if(!n)process.exit(3)";

function timedProcess(args: readonly string[], cwd: string, check: (stdout: string) => void): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  check(r.stdout);
  return ms;
}

/** Medians of two commands run alternately, so a busy moment of the machine weighs on both alike. */
function alternating(repeats: number, a: () => number, b: () => number): [number, number] {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    as.push(a());
    bs.push(b());
  }
  const mid = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [mid(as), mid(bs)];
}

/**
 * `lwc plan validate` as a whole process (start to exit, as a user waits for it) for 500 / 5,000 / 20,000 plans,
 * against a node process that only reads the same files synchronously; then the use case in process, and one edited
 * plan re-diagnosed.
 */
export async function run(): Promise<void> {
  ensureBuilt();
  const empty = makePlanRepo(0, 'lwc-bench-help-');
  try {
    // What loading the CLI costs: `lwc --help` requires dist/cli.js and no command.
    const [bare, help] = alternating(
      7,
      () => timedProcess(['-e', '0'], empty.repo.root, () => undefined),
      () =>
        timedProcess([CLI_BUNDLE, '--help'], empty.repo.root, (out) => {
          if (!out.includes('lwc plan validate')) throw new Error(`unexpected lwc --help output: ${out.slice(0, 200)}`);
        }),
    );
    report({ name: 'lwc --help (process)', ms: help, floorName: 'node -e 0', floorMs: bare });
  } finally {
    empty.repo.dispose();
  }
  for (const count of [500, 5000, 20000]) {
    const folder = makePlanRepo(count);
    try {
      const invalid = Math.ceil(count / 97);
      const [floor, ours] = alternating(
        count >= 20000 ? 3 : 5,
        () => timedProcess(['-e', READ_ALL, folder.tasksDir], folder.repo.root, () => undefined),
        () =>
          timedProcess([CLI_BUNDLE, 'plan', 'validate'], folder.repo.root, (out) => {
            if (!out.endsWith(`${count} plans checked, ${invalid} invalid\n`)) throw new Error(`unexpected lwc output: ${out.slice(-200)}`);
          }),
      );
      const label = count.toLocaleString('en');
      report({ name: `lwc plan validate, ${label} plans (process)`, ms: ours, floorName: 'node reading them (process)', floorMs: floor, ...(count === 5000 ? { targetMs: 1000 } : {}) });
    } finally {
      folder.repo.dispose();
    }
  }

  const N = 5000;
  const folder = makePlanRepo(N);
  try {
    const deps = { files: createPlanFilesPort(), git: createPlanGitPort(folder.repo.root) };
    const t0 = process.hrtime.bigint();
    const reports = await scanTasksFolder(folder.repo.root, deps);
    const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (reports.length !== N) throw new Error(`expected ${N} reports, got ${reports.length}`);
    const readFloor = await median(5, () => {
      for (const f of readdirSync(folder.tasksDir)) readFileSync(join(folder.tasksDir, f), 'utf8');
    });
    report({ name: `validate ${N} plans in process (cold, incl. git)`, ms: coldMs, floorName: 'readFileSync of the files', floorMs: readFloor });

    // One edit: what the language server does per keystroke (parse + validate with folder context, sha known).
    let n = 0;
    const text = generatedPlan(42, folder.head);
    const edit = await median(200, () => {
      const edited = text.replace('Implement feature 42.', `Implement feature 42, revision ${n++}.`);
      return validatePlan(parsePlan(edited), { fileName: 'plan-42.md', duplicatePaths: [], commitExists: () => true });
    });
    const readOne = await median(200, () => readFileSync(folder.planPath(41), 'utf8'));
    report({ name: 're-diagnose one edited plan', ms: edit, floorName: 'reading one file', floorMs: readOne, targetMs: 10 });
  } finally {
    folder.repo.dispose();
  }
}
