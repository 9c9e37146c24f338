import { isAbsolute, join, resolve } from 'node:path';
import { ADMIN_FILES, parseGitdirPointer } from '../../core/worktree/gitdirPatch';
import { describeChange, type ObservedFile } from '../../core/worktree/gitdirVerify';
import type { WorktreeDeps } from './worktreeDeps';

/**
 * A plan worktree's `.git` file outside a session: it must be a regular file naming the admin dir the repository
 * registered for this worktree, and that admin dir's `commondir` must name the repository's common dir. Anything else
 * (left by a session of an older version, a leftover container, a tool in the worktree) would send the user's git, and
 * VS Code's after "Open Worktree", to a git dir of someone else's choosing; the canonical content is written back.
 */

async function observe(deps: WorktreeDeps, path: string): Promise<ObservedFile> {
  const kind = await deps.files.kind(path);
  return kind === 'file' ? { kind, bytes: await deps.files.read(path) } : { kind };
}

const text = (o: ObservedFile): string => Buffer.from(o.bytes ?? new Uint8Array()).toString('utf8');

/**
 * Checks and repairs the pointers of the linked worktree at `path`; returns what it put back, one
 * clause each. A worktree the repository has no registration for is left alone (nothing to compare with).
 */
export async function repairWorktreePointers(deps: WorktreeDeps, path: string, signal?: AbortSignal): Promise<string[]> {
  const worktreePath = await deps.files.realpath(path);
  // While a session has it patched, the registration names a container path: nothing matches and nothing is touched.
  const loc = await deps.git.locateWorktree(worktreePath, signal);
  if (!loc || loc.workTree !== worktreePath || loc.gitDir === loc.commonDir) return [];
  const changes: string[] = [];
  const dotGit = join(worktreePath, '.git');
  const forward = await observe(deps, dotGit);
  const pointer = forward.kind === 'file' ? parseGitdirPointer(text(forward)) : undefined;
  const target = pointer === undefined ? undefined : await deps.files.realpath(isAbsolute(pointer) ? pointer : resolve(worktreePath, pointer));
  if (target !== loc.gitDir) {
    const moved = forward.kind === 'directory' ? await deps.files.moveAside(dotGit) : undefined;
    const canonical = new Uint8Array(Buffer.from(`gitdir: ${loc.gitDir}\n`));
    await deps.files.writeAtomic(dotGit, canonical);
    changes.push(describeChange(dotGit, forward, canonical, moved ? `pointed back at ${loc.gitDir}; the directory is now ${moved}` : `pointed back at ${loc.gitDir}`));
  }
  const commondirPath = join(loc.gitDir, ADMIN_FILES.commondir);
  const commondir = await observe(deps, commondirPath);
  const named = commondir.kind === 'file' ? text(commondir).trim() : undefined;
  const resolved = named === undefined || named === '' ? undefined : await deps.files.realpath(isAbsolute(named) ? named : resolve(loc.gitDir, named));
  if (resolved !== loc.commonDir) {
    const canonical = new Uint8Array(Buffer.from('../../..\n'));
    await deps.files.writeAtomic(commondirPath, canonical);
    changes.push(describeChange(commondirPath, commondir, canonical, `pointed back at ${loc.commonDir}`));
  }
  return changes;
}

/**
 * Whether `git worktree repair <path>` may be run for an unregistered directory: git writes a `gitdir` file into
 * whatever git dir the directory's `.git` names, so that must be one of this repository's admin dirs, or not exist.
 */
export async function repairIsSafe(deps: WorktreeDeps, path: string, commonDir: string): Promise<boolean> {
  const forward = await observe(deps, join(path, '.git'));
  const pointer = forward.kind === 'file' ? parseGitdirPointer(text(forward)) : undefined;
  if (pointer === undefined) return false;
  const target = isAbsolute(pointer) ? pointer : resolve(path, pointer);
  if ((await deps.files.kind(target)) === 'missing') return true;
  return (await deps.files.realpath(target)).startsWith(join(commonDir, 'worktrees') + '/');
}
