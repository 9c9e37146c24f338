import type { CommandRunDeps, RunAgentPort } from '../../app/commands/runTypes';
import { createWorktreeDeps } from '../state/worktreeDeps';
import { createCommandFiles, createSessionStore } from './sessionFiles';
import { createStepProcessPort } from './stepProcess';

/** The node adapters for running commands in one repository; composition roots (CLI, extension) call this. */
export function createCommandRunDeps(repoRoot: string, options: { processEnv: Readonly<Record<string, string | undefined>>; runAgent?: RunAgentPort }): CommandRunDeps {
  return {
    sessions: createSessionStore(repoRoot),
    processes: createStepProcessPort(),
    files: createCommandFiles(),
    worktree: createWorktreeDeps(repoRoot),
    processEnv: options.processEnv,
    ...(options.runAgent ? { runAgent: options.runAgent } : {}),
  };
}
