import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPlanGitPort } from '../src/adapters/git/planGit';
import { createPlanFilesPort } from '../src/adapters/plans/planFiles';
import { scanTasksFolder, tasksDirOf } from '../src/app/plans';
import { parsePlan } from '../src/core/plan/parse';
import { validatePlan } from '../src/core/plan/validate';
import { git, makeRepo } from '../test/support/git';
import { median, report } from './support';

const STATUSES = ['draft', 'ready', 'coding', 'implemented', 'done', 'abandoned'];

function generatedPlan(i: number, sha: string): string {
  const status = STATUSES[i % STATUSES.length]!;
  const notes = i % 3 === 0 ? 'evaluation_notes:\n  - tests pass\n  - no new warnings\n' : '';
  const extra = i % 97 === 0 ? 'priority: high\n' : ''; // a few invalid plans, as in real folders
  return `---\nplan_id: plan-${i}\ngit_sha: ${sha}\nstatus: ${status}\n${notes}${extra}created_by: bench\n---\n\n# Plan ${i}\n\n## Goal\n\nImplement feature ${i}.\n\n## Steps\n\n1. Read the code.\n2. Change it.\n3. Test it.\n`;
}

/** Validates 5,000 plans cold in one process and re-diagnoses one edited plan, against the floor of reading the files. */
export async function run(): Promise<void> {
  const repo = makeRepo('lwc-bench-plans-');
  try {
    const head = git(repo.root, 'rev-parse', 'HEAD');
    const dir = tasksDirOf(repo.root);
    mkdirSync(dir, { recursive: true });
    const N = 5000;
    for (let i = 0; i < N; i++) writeFileSync(join(dir, `plan-${i}.md`), generatedPlan(i, head));
    const files = createPlanFilesPort();
    const deps = { files, git: createPlanGitPort(repo.root) };

    // First pass is the cold one (first parse of every file, first git call); report it, then the median of warm passes.
    const t0 = process.hrtime.bigint();
    const reports = await scanTasksFolder(repo.root, deps);
    const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (reports.length !== N) throw new Error(`expected ${N} reports, got ${reports.length}`);
    const readFloor = await median(5, async () => {
      const paths = await files.listPlanFiles(dir);
      await Promise.all(paths.map((p) => readFile(p, 'utf8')));
    });
    report({ name: `validate ${N} plans (cold, incl. git)`, ms: coldMs, floorName: 'reading the files', floorMs: readFloor, targetMs: 1000 });
    const warm = await median(5, () => scanTasksFolder(repo.root, deps));
    report({ name: `validate ${N} plans (warm median)`, ms: warm, floorName: 'reading the files', floorMs: readFloor, targetMs: 1000 });

    // One edit: what the language server does per keystroke (parse + validate with folder context, sha known).
    const text = generatedPlan(42, head);
    const others = ['plan-41.md'];
    let n = 0;
    const edit = await median(200, () => {
      const edited = text.replace('Implement feature 42.', `Implement feature 42, revision ${n++}.`);
      return validatePlan(parsePlan(edited), { fileName: 'plan-42.md', duplicatePaths: [], commitExists: () => true });
    });
    const readOne = await median(200, () => readFile(join(dir, others[0]!), 'utf8'));
    report({ name: 're-diagnose one edited plan', ms: edit, floorName: 'reading one file', floorMs: readOne, targetMs: 10 });
  } finally {
    repo.dispose();
  }
}
