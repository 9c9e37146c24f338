import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createWorktreeDeps } from '../src/adapters/state/worktreeDeps';
import { worktreeStatuses, type StatusRequest } from '../src/app/worktreeStatus';
import { planWorktreePath } from '../src/core/worktree/layout';
import { git, GIT_TEST_ENV, makeRepo } from '../test/support/git';
import { median, report } from './support';

const execFileAsync = promisify(execFile);
const N = 50;

/**
 * Status of 50 plan worktrees in one refresh (what the Plans view does), against the floor of running
 * `git status --porcelain` in each of them one after another, both measured here. A third of the worktrees are dirty
 * and a third have commits beyond their base, so the ahead and last-commit paths are exercised.
 */
export async function run(): Promise<void> {
  for (const key of ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM'] as const) process.env[key] = GIT_TEST_ENV[key];
  const repo = makeRepo('lwc-bench-wt-');
  try {
    const files: Record<string, string> = { '.gitignore': '.lw_coder/\n' };
    for (let i = 0; i < 200; i++) files[`src/module-${i}/file-${i}.ts`] = `export const value${i} = ${i};\n`;
    const base = repo.commit(files, 'a project with some files');
    const requests: StatusRequest[] = [];
    for (let i = 0; i < N; i++) {
      const planId = `plan-${i}`;
      const path = planWorktreePath(repo.root, planId);
      git(repo.root, 'worktree', 'add', '-q', '-b', planId, path, base);
      if (i % 3 === 1) writeFileSync(join(path, 'src', `module-${i}`, `file-${i}.ts`), `export const value${i} = -1;\n`);
      if (i % 3 === 1) writeFileSync(join(path, `notes-${i}.md`), 'untracked\n');
      if (i % 3 === 2) git(path, 'commit', '-q', '--allow-empty', '-m', `work on ${planId}`);
      requests.push({ planId, base });
    }
    const deps = createWorktreeDeps(repo.root);
    const paths = requests.map((r) => planWorktreePath(repo.root, r.planId));

    const once = await worktreeStatuses(deps, repo.root, requests);
    const broken = once.filter((s) => s.state !== 'ok');
    if (broken.length) throw new Error(`status failed for ${broken.map((s) => `${s.planId}: ${s.error}`).join('; ')}`);
    if (once.filter((s) => s.dirty).length !== Math.floor((N + 1) / 3)) throw new Error('unexpected dirty count');

    const floor = await median(3, async () => {
      for (const p of paths) await execFileAsync('git', ['status', '--porcelain'], { cwd: p });
    });
    const ours = await median(5, () => worktreeStatuses(deps, repo.root, requests));
    report({ name: `status of ${N} worktrees (one refresh)`, ms: ours, floorName: `sequential git status ×${N}`, floorMs: floor, targetMs: 300 });
  } finally {
    repo.dispose();
  }
}

if (require.main === module) {
  run().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
