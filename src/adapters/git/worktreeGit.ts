import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GitCommandError, type AddWorktreeOptions, type RefRecord, type WorktreeEntry, type WorktreeGitPort } from '../../core/ports/worktreeGit';
import { CancelledError } from '../../core/worktree/errors';
import { GIT_TIMEOUT_MS, runGit, runGitOk } from './runGit';
import { parseWorktreeList } from './worktreeList';

const ZERO = '0000000000000000000000000000000000000000';

/**
 * Salvage commits are machine-made: a fixed identity means they never fail for a repository without user.name, and
 * nobody mistakes them for the user's own commits. Explicit env from the caller still wins.
 */
const SALVAGE_IDENTITY: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'LW Coder salvage',
  GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'salvage@lw-coder.invalid',
  GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'LW Coder salvage',
  GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'salvage@lw-coder.invalid',
};

/** Porcelain worktree commands go through simple-git (its abort and timeout plugins); errors keep git's own words. */
function porcelain(repoRoot: string, signal?: AbortSignal): SimpleGit {
  return simpleGit({ baseDir: repoRoot, timeout: { block: GIT_TIMEOUT_MS }, ...(signal ? { abort: signal } : {}) });
}

async function viaSimpleGit(repoRoot: string, args: string[], signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new CancelledError();
  try {
    await porcelain(repoRoot, signal).raw(args);
  } catch (error) {
    if (signal?.aborted) throw new CancelledError();
    throw new GitCommandError(args, repoRoot, error instanceof Error ? error.message.trim() : String(error));
  }
}

/** A temporary index file in its own temp dir; removed by the returned cleanup. */
async function withTempIndex<T>(fn: (indexFile: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lwc-index-'));
  try {
    return await fn(join(dir, 'index'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function createWorktreeGitPort(): WorktreeGitPort {
  const port: WorktreeGitPort = {
    async commonDir(repoRoot, signal) {
      const out = await runGitOk(repoRoot, ['rev-parse', '--git-common-dir'], { signal });
      return resolve(repoRoot, out.trim());
    },

    async gitDir(dir, signal) {
      return (await runGitOk(dir, ['rev-parse', '--absolute-git-dir'], { signal })).trim();
    },

    async listWorktrees(repoRoot, signal): Promise<WorktreeEntry[]> {
      return parseWorktreeList(await runGitOk(repoRoot, ['worktree', 'list', '--porcelain', '-z'], { signal }));
    },

    prune: (repoRoot, signal) => viaSimpleGit(repoRoot, ['worktree', 'prune'], signal),
    repair: (repoRoot, path, signal) => viaSimpleGit(repoRoot, ['worktree', 'repair', path], signal),

    async addWorktree(repoRoot, o: AddWorktreeOptions, signal) {
      const args = ['worktree', 'add'];
      if (o.lockReason !== undefined) args.push('--lock', '--reason', o.lockReason);
      if (o.detach) args.push('--detach');
      if (o.newBranch) args.push('-b', o.newBranch);
      args.push('--', o.path, o.startPoint);
      await viaSimpleGit(repoRoot, args, signal);
    },

    async removeWorktree(repoRoot, path, { force }, signal) {
      if (force) await runGit(repoRoot, ['worktree', 'unlock', path], { signal }); // fails harmlessly when not locked
      // Twice --force also removes a locked worktree, which is what a forced removal of our own temp worktree means.
      await viaSimpleGit(repoRoot, ['worktree', 'remove', ...(force ? ['--force', '--force'] : []), path], signal);
    },

    async resolveCommit(cwd, rev, signal) {
      const r = await runGit(cwd, ['rev-parse', '--verify', '-q', `${rev}^{commit}`], { signal });
      const sha = r.stdout.trim();
      return r.code === 0 && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
    },

    async isAncestor(cwd, ancestor, descendant, signal) {
      const r = await runGit(cwd, ['merge-base', '--is-ancestor', ancestor, descendant], { signal });
      if (r.code === 0) return true;
      if (r.code === 1) return false;
      throw new GitCommandError(['merge-base', '--is-ancestor', ancestor, descendant], cwd, r.stderr.trim());
    },

    async topLevel(dir, signal) {
      const r = await runGit(dir, ['rev-parse', '--show-toplevel'], { signal }).catch(() => undefined);
      return r && r.code === 0 ? r.stdout.trim() : undefined;
    },

    async statusPorcelain(dir, signal, gitDir) {
      // No optional locks: a status refresh must never contend with the user's own git commands for index.lock.
      const explicit = gitDir ? [`--git-dir=${gitDir}`, `--work-tree=${dir}`] : [];
      return runGitOk(dir, [...explicit, 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'], {
        signal,
        env: { GIT_OPTIONAL_LOCKS: '0' },
      });
    },

    async countAhead(cwd, base, head, signal) {
      return Number((await runGitOk(cwd, ['rev-list', '--count', `${base}..${head}`], { signal })).trim());
    },

    async countAheadMany(cwd, base, heads, signal) {
      const unique = [...new Set(heads)];
      if (unique.length === 0) return new Map();
      // One walk of everything the heads have beyond the base; each head's count is then its reachable part of it.
      const out = await runGitOk(cwd, ['rev-list', '--parents', ...unique, `^${base}`, '--'], { signal });
      return countReachable(out, unique);
    },

    async commitSummaries(cwd, shas, signal) {
      const out = new Map<string, { subject: string; date: string }>();
      const unique = [...new Set(shas)];
      if (unique.length === 0) return out;
      const r = await runGit(cwd, ['log', '--no-walk=unsorted', '--format=%H%x00%s%x00%cI%x00', ...unique, '--'], { signal });
      if (r.code !== 0) return out; // one unknown sha fails the whole call; callers show no last commit rather than an error
      const fields = r.stdout.split('\0');
      for (let i = 0; i + 2 < fields.length; i += 3) {
        out.set(fields[i]!.trim(), { subject: fields[i + 1]!, date: fields[i + 2]! });
      }
      return out;
    },

    async snapshotTree(worktree, signal) {
      const gitDir = await port.gitDir(worktree, signal);
      const head = await port.resolveCommit(worktree, 'HEAD', signal);
      return withTempIndex(async (indexFile) => {
        const env = { GIT_INDEX_FILE: indexFile };
        // Starting from a copy of the user's index keeps its stat cache, so `add` only rehashes files that changed.
        const userIndex = join(gitDir, 'index');
        const hasIndex = await stat(userIndex).then((s) => s.isFile(), () => false);
        if (hasIndex) await copyFile(userIndex, indexFile);
        else if (head) await runGitOk(worktree, ['read-tree', head], { env, signal });
        await runGitOk(worktree, ['add', '--all', '--', ':/'], { env, signal });
        const tree = (await runGitOk(worktree, ['write-tree'], { env, signal })).trim();
        return { tree, head };
      });
    },

    async commitTree(cwd, tree, parents, message, signal) {
      const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'];
      return (await runGitOk(cwd, args, { signal, input: message, env: SALVAGE_IDENTITY })).trim();
    },

    async createRef(cwd, ref, sha, signal) {
      const r = await runGit(cwd, ['update-ref', '-m', 'lw-coder salvage', ref, sha, ZERO], { signal });
      if (r.code === 0) return true;
      if (await port.resolveCommit(cwd, ref, signal)) return false;
      throw new GitCommandError(['update-ref', ref, sha], cwd, r.stderr.trim());
    },

    async listRefs(cwd, prefix, signal): Promise<RefRecord[]> {
      const out = await runGitOk(cwd, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(contents)%00', prefix], { signal });
      return out
        .split('\0\n')
        .filter((rec) => rec.length > 0)
        .map((rec) => {
          const [ref, sha, message] = rec.split('\0');
          return { ref: ref!, sha: sha!, message: message ?? '' };
        });
    },

    async exportTree(cwd, rev, dir, signal) {
      await withTempIndex(async (indexFile) => {
        const env = { GIT_INDEX_FILE: indexFile };
        await runGitOk(cwd, ['read-tree', rev], { env, signal });
        // checkout-index writes the blobs as git stores them, with modes and symlinks; the prefix must end in '/'.
        await runGitOk(cwd, ['checkout-index', '--all', '--force', `--prefix=${dir.endsWith('/') ? dir : `${dir}/`}`], { env, signal });
      });
    },
  };
  return port;
}

/** Given `rev-list --parents` output (commits not reachable from the base), how many each head reaches. */
export function countReachable(revListParents: string, heads: readonly string[]): Map<string, number> {
  const parents = new Map<string, string[]>();
  for (const line of revListParents.split('\n')) {
    const [sha, ...ps] = line.trim().split(' ');
    if (sha) parents.set(sha, ps);
  }
  const counts = new Map<string, number>();
  for (const head of heads) {
    const seen = new Set<string>();
    const stack = parents.has(head) ? [head] : [];
    while (stack.length > 0) {
      const sha = stack.pop()!;
      if (seen.has(sha)) continue;
      seen.add(sha);
      for (const p of parents.get(sha) ?? []) if (parents.has(p) && !seen.has(p)) stack.push(p);
    }
    counts.set(head, seen.size);
  }
  return counts;
}
