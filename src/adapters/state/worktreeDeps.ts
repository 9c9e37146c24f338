import type { WorktreeDeps } from '../../app/worktree/worktreeDeps';
import type { Logger } from '../../core/ports/logger';
import { stateDirOf } from '../../core/worktree/layout';
import { createWorktreeGitPort } from '../git/worktreeGit';
import { createFileLocks } from './fileLock';
import { createGitdirJournal } from './gitdirJournal';
import { createProcessPort } from './process';
import { createWorktreeFilesPort } from './worktreeFiles';

/** The node adapters for the worktree use cases of one repository; composition roots (CLI, extension) call this. */
export function createWorktreeDeps(repoRoot: string, logger?: Logger): WorktreeDeps {
  const proc = createProcessPort();
  const stateDir = stateDirOf(repoRoot);
  return {
    git: createWorktreeGitPort(repoRoot),
    files: createWorktreeFilesPort(),
    journal: createGitdirJournal(stateDir),
    locks: createFileLocks(stateDir, proc),
    process: proc,
    logger,
  };
}
