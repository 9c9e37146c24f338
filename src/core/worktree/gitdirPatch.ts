import { posix, win32 } from 'node:path';
import { CONTAINER_REPO_GIT, CONTAINER_WORKSPACE } from './layout';

/**
 * The gitdir patch, as data. A linked worktree has two pointers: `<worktree>/.git` ("forward": `gitdir: <admin dir>`)
 * and `<common dir>/worktrees/<name>/gitdir` ("reverse": the absolute path of `<worktree>/.git`). While a container
 * runs, both must name container paths; afterwards both must hold their original bytes again.
 */

/**
 * Named points in the patch/restore sequence. Each is reported to an optional hook right after it happens, so tests can
 * kill a process at every one of them and prove `recover` repairs the result.
 */
export const GITDIR_PATCH_STEPS = [
  'journal-temp-written',
  'journal-committed',
  'lock-temp-written',
  'lock-written',
  'forward-temp-written',
  'forward-patched',
  'reverse-temp-written',
  'reverse-patched',
  'session-running',
  'reverse-restore-temp-written',
  'reverse-restored',
  'forward-restore-temp-written',
  'forward-restored',
  'admin-restored',
  'lock-removed',
  'journal-removed',
] as const;
export type GitdirPatchStep = (typeof GITDIR_PATCH_STEPS)[number];
export type StepHook = (step: GitdirPatchStep) => void | Promise<void>;

/** Suffix of the temporary file an atomic write renames over its target; recover deletes leftovers. */
export const TEMP_SUFFIX = '.lwc-tmp';

/** What the journal records before anything is patched: enough to put every byte back. Contents are base64. */
export interface GitdirJournalEntry {
  readonly version: 1;
  /** Stable id for the worktree (its admin dir name), also the journal file name. */
  readonly id: string;
  readonly worktreePath: string;
  /** `<worktree>/.git` */
  readonly forwardPath: string;
  /** `<common dir>/worktrees/<name>/gitdir` */
  readonly reversePath: string;
  /** `<common dir>/worktrees/<name>/locked`: written while patched so `git worktree prune` keeps the registration. */
  readonly lockPath: string;
  readonly forwardOriginal: string;
  readonly forwardPatched: string;
  readonly reverseOriginal: string;
  readonly reversePatched: string;
  /** The lock file's bytes before patching, or null when there was none (then restore deletes ours). */
  readonly lockOriginal: string | null;
  readonly lockPatched: string;
  readonly pid: number;
  readonly hostname: string;
  readonly createdAt: string;
  /**
   * Files of the admin dir that decide where git looks and what it runs, as they were before the session (base64, null
   * when absent); restored afterwards. Absent in entries written before LW Coder recorded them.
   */
  readonly admin?: AdminOriginals;
}

/** `<admin dir>/commondir` (where the common dir is) and `<admin dir>/config.worktree` (per-worktree config). */
export interface AdminOriginals {
  readonly commondir: string | null;
  readonly configWorktree: string | null;
}
export const ADMIN_FILES = { commondir: 'commondir', configWorktree: 'config.worktree' } as const;

const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Parses a `.git` file's `gitdir: <path>` line; undefined when the content is not a gitdir pointer. */
export function parseGitdirPointer(content: string): string | undefined {
  const m = /^gitdir: (.+?)\r?\n?$/.exec(content);
  return m?.[1];
}

/** True when a forward pointer already names a container path: patching it again would journal the patch as original. */
export function isContainerPointer(content: string): boolean {
  return parseGitdirPointer(content)?.startsWith(`${CONTAINER_REPO_GIT}/`) ?? false;
}

export const containerForwardPointer = (name: string): string => `gitdir: ${CONTAINER_REPO_GIT}/worktrees/${name}\n`;
export const containerReversePointer = (): string => `${CONTAINER_WORKSPACE}/.git\n`;
export const lockReason = (pid: number): string => `lw-coder: container session (pid ${pid}) has the gitdir patched\n`;

export interface JournalEntryInput {
  readonly name: string;
  readonly worktreePath: string;
  readonly forwardPath: string;
  readonly reversePath: string;
  readonly lockPath: string;
  readonly forwardOriginal: Uint8Array;
  readonly reverseOriginal: Uint8Array;
  readonly lockOriginal: Uint8Array | undefined;
  readonly pid: number;
  readonly hostname: string;
  readonly now: Date;
  readonly commondir?: Uint8Array | undefined;
  readonly configWorktree?: Uint8Array | undefined;
}

export function buildJournalEntry(input: JournalEntryInput): GitdirJournalEntry {
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
  return {
    version: 1,
    id: input.name,
    worktreePath: input.worktreePath,
    forwardPath: input.forwardPath,
    reversePath: input.reversePath,
    lockPath: input.lockPath,
    forwardOriginal: b64(input.forwardOriginal),
    forwardPatched: encode(containerForwardPointer(input.name)),
    reverseOriginal: b64(input.reverseOriginal),
    reversePatched: encode(containerReversePointer()),
    lockOriginal: input.lockOriginal ? b64(input.lockOriginal) : null,
    lockPatched: encode(lockReason(input.pid)),
    pid: input.pid,
    hostname: input.hostname,
    createdAt: input.now.toISOString(),
    admin: { commondir: input.commondir ? b64(input.commondir) : null, configWorktree: input.configWorktree ? b64(input.configWorktree) : null },
  };
}

/**
 * Why a journal entry read from disk does not describe a worktree patch LW Coder could have made, or undefined when it
 * does. The journal sits in the repository's `.lw_coder/state`, which a cloned repository can ship: only an entry whose
 * paths and bytes fit together — the forward pointer is `<worktree>/.git` naming `<common>/worktrees/<id>`, whose
 * `gitdir` names it back — may have its pointers forced back over whatever is there.
 */
export function entryLayoutProblem(entry: GitdirJournalEntry, commonDir: string): string | undefined {
  const path = commonDir.includes('\\') ? win32 : posix;
  const admin = path.join(commonDir, 'worktrees', entry.id);
  const text = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');
  if (entry.id.includes('/') || entry.id.includes('\\') || entry.id === '..' || entry.id === '.') return `its id '${entry.id}' is not a directory name`;
  if (entry.reversePath !== path.join(admin, 'gitdir') || entry.lockPath !== path.join(admin, 'locked')) return `its admin files are not in ${admin}`;
  if (entry.forwardPath !== path.join(entry.worktreePath, '.git')) return `its forward pointer is not ${entry.worktreePath}/.git`;
  const forward = parseGitdirPointer(text(entry.forwardOriginal));
  if (forward === undefined || path.resolve(entry.worktreePath, forward) !== admin) return `its recorded .git does not name ${admin}`;
  if (path.resolve(admin, text(entry.reverseOriginal).trim()) !== entry.forwardPath) return `its recorded gitdir does not name ${entry.forwardPath}`;
  if (text(entry.forwardPatched) !== containerForwardPointer(entry.id) || text(entry.reversePatched) !== containerReversePointer()) return 'its patched bytes are not what LW Coder writes';
  return undefined;
}

export const decodeB64 = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
