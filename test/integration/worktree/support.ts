import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorktreeDeps } from '../../../src/adapters/state/worktreeDeps';
import type { WorktreeDeps } from '../../../src/app/worktree/worktreeDeps';
import { GIT_TEST_ENV, makeRepo, type TestRepo } from '../../support/git';

/**
 * The adapters run git with process.env; point it at the same isolated config the test repos use, so a developer's
 * global git config (hooks, signing, fsmonitor) cannot change what these tests prove.
 */
export function isolateGitEnv(): void {
  for (const key of ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_TERMINAL_PROMPT'] as const) process.env[key] = GIT_TEST_ENV[key];
}

export interface Fixture {
  readonly repo: TestRepo;
  readonly deps: WorktreeDeps;
  readonly base: string;
}

/** A repository with a few committed files, its worktree deps, and the base commit plans start from. */
export function makeFixture(): Fixture {
  isolateGitEnv();
  const repo = makeRepo('lwc-wt-');
  repo.write('.gitignore', '.lw_coder/worktrees/\n.lw_coder/state/\n');
  const base = repo.commit({ 'src/app.txt': 'hello\n', 'bin/data.bin': Buffer.from([0, 1, 2, 255, 254, 0, 10, 13]), 'docs/keep.md': 'keep\n' }, 'base');
  return { repo, base, deps: createWorktreeDeps(repo.root) };
}

export const readBytes = (path: string): Buffer => readFileSync(path);
export const indexBytes = (repo: TestRepo): Buffer => readFileSync(join(repo.root, '.git', 'index'));
