import type { Lifecycle, SessionRecord, SessionStatus, StepExecution } from '../../core/commands/types';
import type { ArgValues } from './runTypes';

/** The executor's working copy of a session; `toRecord` freezes it into what session.json holds. */
export interface SessionState {
  readonly id: string;
  readonly command: string;
  readonly arguments: ArgValues;
  readonly projectPath: string;
  worktreePath?: string;
  branch?: string;
  readonly lifecycle: Lifecycle;
  terminal?: string;
  readonly sharedData: Record<string, string>;
  readonly stepHistory: StepExecution[];
  readonly artifactDir: string;
  status: SessionStatus;
  readonly createdAt: string;
  endedAt?: string;
  error?: string;
}

export function toRecord(s: SessionState): SessionRecord {
  return {
    version: 1,
    id: s.id,
    command: s.command,
    arguments: { ...s.arguments },
    projectPath: s.projectPath,
    ...(s.worktreePath !== undefined ? { worktreePath: s.worktreePath } : {}),
    ...(s.branch !== undefined ? { branch: s.branch } : {}),
    lifecycle: s.lifecycle,
    ...(s.terminal !== undefined ? { terminal: s.terminal } : {}),
    sharedData: { ...s.sharedData },
    stepHistory: [...s.stepHistory],
    artifactDir: s.artifactDir,
    status: s.status,
    createdAt: s.createdAt,
    ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
  };
}

export function fromRecord(r: SessionRecord): SessionState {
  return {
    ...r,
    sharedData: { ...r.sharedData },
    stepHistory: [...r.stepHistory],
    arguments: { ...r.arguments },
  } as SessionState;
}
