import { hostname } from 'node:os';
import type { ProcessPort } from '../../core/ports/worktreeState';

/** Liveness by signal 0: EPERM means the process exists but belongs to someone else, which still counts as alive. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createProcessPort(): ProcessPort {
  return { pid: process.pid, hostname: hostname(), isAlive: isProcessAlive, now: () => new Date() };
}
