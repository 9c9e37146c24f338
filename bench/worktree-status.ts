import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createWorktreeDeps } from '../src/adapters/state/worktreeDeps';
import { worktreeStatuses, type StatusRequest } from '../src/app/worktree/worktreeStatus';
import { planWorktreePath } from '../src/core/worktree/layout';
import { git } from '../test/support/git';
import { withBenchRepo } from './fixtures';
import { median, report, runIfMain } from './support';

const execFileAsync = promisify(execFile);
const SIZES = [10, 50, 200] as const;

/**
 * Status of every plan worktree of a repository in one refresh (what the Plans view does), with 10, 50 and 200 of
 * them, each against the floor of running plain `git status --porcelain` in the same worktrees one after another, both
 * measured here. The repository grows from 10 to 200 worktrees between the measurements. A third of the worktrees are
 * dirty and a third have commits beyond their base, so the ahead and last-commit paths are exercised.
 */
export async function run(): Promise<void> {
  await withBenchRepo('lwc-bench-wt-', async (repo) => {
    const files: Record<string, string> = { '.gitignore': '.lw_coder/\n' };
    for (let i = 0; i < 200; i++) files[`src/module-${i}/file-${i}.ts`] = `export const value${i} = ${i};\n`;
    const base = repo.commit(files, 'a project with some files');
    const requests: StatusRequest[] = [];
    const addWorktree = (i: number): void => {
      const planId = `plan-${i}`;
      const path = planWorktreePath(repo.root, planId);
      git(repo.root, 'worktree', 'add', '-q', '-b', planId, path, base);
      if (i % 3 === 1) writeFileSync(join(path, 'src', `module-${i}`, `file-${i}.ts`), `export const value${i} = -1;\n`);
      if (i % 3 === 1) writeFileSync(join(path, `notes-${i}.md`), 'untracked\n');
      if (i % 3 === 2) git(path, 'commit', '-q', '--allow-empty', '-m', `work on ${planId}`);
      requests.push({ planId, base });
    };
    // A new adapter per refresh, as the extension makes.
    const refresh = (): Promise<unknown> => worktreeStatuses(createWorktreeDeps(repo.root), repo.root, requests);

    for (const size of SIZES) {
      while (requests.length < size) addWorktree(requests.length);
      const once = await worktreeStatuses(createWorktreeDeps(repo.root), repo.root, requests);
      const broken = once.filter((s) => s.state !== 'ok');
      if (broken.length) throw new Error(`status failed for ${broken.map((s) => `${s.planId}: ${s.error}`).join('; ')}`);
      if (once.filter((s) => s.dirty).length !== Math.floor((size + 1) / 3)) throw new Error('unexpected dirty count');

      const paths = requests.map((r) => planWorktreePath(repo.root, r.planId));
      const repeats = size > 50 ? 3 : 5;
      const floor = await median(repeats, async () => {
        for (const p of paths) await execFileAsync('git', ['status', '--porcelain'], { cwd: p });
      });
      const ours = await median(repeats, refresh);
      report({ name: `status of ${size} worktrees (one refresh)`, ms: ours, floorName: `sequential git status ×${size}`, floorMs: floor, ...(size === 50 ? { targetMs: 300 } : {}) });
    }
  });
}

runIfMain(module, run);
