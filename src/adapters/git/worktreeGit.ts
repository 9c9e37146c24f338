import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitCommandError, type AddWorktreeOptions, type RefRecord, type WorktreeEntry, type WorktreeGitPort, type WorktreeLocation } from '../../core/ports/worktreeGit';
import { readSharedFilters, runGit, runGitOk, type GitRunOptions, type SharedFilters } from './runGit';
import { createWorktreeLocator } from './worktreeLocator';
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

/**
 * Commits a fleet worker makes on a plan's branch for its agent (whose container cannot write the repository's git
 * dir): a fixed identity says they are machine-made and never fail for want of user.name. Explicit env still wins.
 */
const AGENT_IDENTITY: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'LW Coder agent',
  GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'agent@lw-coder.invalid',
  GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'LW Coder agent',
  GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'agent@lw-coder.invalid',
};

/** Read-only queries must not take git's optional index lock, or a refresh could make the user's own git fail. */
const READ_ONLY = { GIT_OPTIONAL_LOCKS: '0' };

/** A temporary index file in its own temp dir; removed by the returned cleanup. */
async function withTempIndex<T>(fn: (indexFile: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lwc-index-'));
  try {
    return await fn(join(dir, 'index'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * WorktreeGitPort over the git CLI for the repository at `repoRoot`. Every command runs at a location the repository's
 * records give (worktreeLocator.ts) through the hardened spawner (runGit.ts); simple-git is not used, because its
 * own option guards would refuse the `core.hooksPath` override and it cannot pass per-call environment.
 */
export function createWorktreeGitPort(repoRoot: string): WorktreeGitPort {
  const locator = createWorktreeLocator(repoRoot);

  /** The location of `dir`; a directory the repository does not know is an error naming the command. */
  const at = async (dir: string, args: readonly string[], signal?: AbortSignal): Promise<WorktreeLocation> => {
    const loc = await locator.locate(dir, signal);
    if (!loc) {
      throw new GitCommandError(args, dir, `${dir} is not in a worktree registered in ${await locator.commonDir(signal)}/worktrees, so LW Coder will not run git there (a worktree's .git file alone is not trusted). \`git worktree repair\` re-registers a moved worktree.`);
    }
    return loc;
  };
  const git = async (dir: string, args: readonly string[], options: GitRunOptions = {}) => runGit(await at(dir, args, options.signal), args, options);
  const gitOk = async (dir: string, args: readonly string[], options: GitRunOptions = {}) => runGitOk(await at(dir, args, options.signal), args, options);

  const status = async (dir: string, signal?: AbortSignal, gitDir?: string, sharedFilters?: SharedFilters): Promise<string> => {
    const args = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'];
    // While patched the registration names a container path, so the journal's admin dir is passed in (and checked).
    const loc = gitDir ? await locator.withAdminDir(dir, gitDir, signal) : await at(dir, args, signal);
    // No optional locks: a status refresh must never contend with the user's own git commands for index.lock.
    return runGitOk(loc, args, { signal, env: READ_ONLY, ...(sharedFilters ? { sharedFilters } : {}) });
  };

  const port: WorktreeGitPort = {
    // The adapter serves one repository: its common dir comes from the root it was made for, whatever `dir` says.
    commonDir: (_dir, signal) => locator.commonDir(signal),
    gitDir: async (dir, signal) => (await at(dir, ['rev-parse', '--absolute-git-dir'], signal)).gitDir,
    locateWorktree: (dir, signal) => locator.locate(dir, signal),

    async listWorktrees(root, signal): Promise<WorktreeEntry[]> {
      return parseWorktreeList(await gitOk(root, ['worktree', 'list', '--porcelain', '-z'], { signal }));
    },

    prune: async (root, signal) => void (await gitOk(root, ['worktree', 'prune'], { signal })),
    repair: async (root, path, signal) => void (await gitOk(root, ['worktree', 'repair', path], { signal })),

    async addWorktree(root, o: AddWorktreeOptions, signal) {
      const args = ['worktree', 'add'];
      if (o.lockReason !== undefined) args.push('--lock', '--reason', o.lockReason);
      if (o.detach) args.push('--detach');
      if (o.newBranch) args.push('-b', o.newBranch);
      args.push('--', o.path, o.startPoint);
      await gitOk(root, args, { signal });
    },

    async removeWorktree(root, path, { force }, signal) {
      if (force) await git(root, ['worktree', 'unlock', path], { signal }); // fails harmlessly when not locked
      else {
        const status = await port.statusPorcelain(path, signal);
        if (status.split('\0').some((e) => e !== '' && !e.startsWith('# '))) {
          throw new GitCommandError(['worktree', 'remove', path], root, `${path} contains modified or untracked files, use --force to delete it`);
        }
      }
      // Always forced for git: git's own cleanliness check runs a status inside submodules, whose gitdir the agent chose;
      // ours above (without force) does not. Twice --force also removes a locked worktree.
      await gitOk(root, ['worktree', 'remove', '--force', ...(force ? ['--force'] : []), path], { signal });
    },

    async resolveCommit(cwd, rev, signal) {
      const r = await git(cwd, ['rev-parse', '--verify', '-q', `${rev}^{commit}`], { signal, env: READ_ONLY });
      const sha = r.stdout.trim();
      return r.code === 0 && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
    },

    async isAncestor(cwd, ancestor, descendant, signal) {
      const r = await git(cwd, ['merge-base', '--is-ancestor', ancestor, descendant], { signal });
      if (r.code === 0) return true;
      if (r.code === 1) return false;
      throw new GitCommandError(['merge-base', '--is-ancestor', ancestor, descendant], cwd, r.stderr.trim());
    },

    async topLevel(dir, signal) {
      const loc = await locator.locate(dir, signal).catch(() => undefined);
      if (!loc) return undefined;
      const r = await runGit(loc, ['rev-parse', '--show-toplevel'], { signal, env: READ_ONLY }).catch(() => undefined);
      return r && r.code === 0 ? r.stdout.trim() : undefined;
    },

    statusPorcelain: (dir, signal, gitDir) => status(dir, signal, gitDir),

    async statusReader(signal) {
      // Any worktree of the repository will do to read its config: readSharedFilters declines when they could differ.
      // Failing here costs only the sharing: each status then reads its own config and reports its own error.
      const here = await locator.locate(repoRoot, signal).catch(() => undefined);
      const sharedFilters = here ? await readSharedFilters(here, signal).catch(() => undefined) : undefined;
      return (dir, gitDir) => status(dir, signal, gitDir, sharedFilters);
    },

    async countAhead(cwd, base, head, signal) {
      return Number((await gitOk(cwd, ['rev-list', '--count', `${base}..${head}`], { signal })).trim());
    },

    async countAheadMany(cwd, base, heads, signal) {
      const unique = [...new Set(heads)];
      if (unique.length === 0) return new Map();
      // One walk of everything the heads have beyond the base; each head's count is then its reachable part of it.
      const out = await gitOk(cwd, ['rev-list', '--parents', ...unique, `^${base}`, '--'], { signal });
      return countReachable(out, unique);
    },

    async commitSummaries(cwd, shas, signal) {
      const out = new Map<string, { subject: string; date: string }>();
      const unique = [...new Set(shas)];
      if (unique.length === 0) return out;
      const r = await git(cwd, ['log', '--no-walk=unsorted', '--format=%H%x00%s%x00%cI%x00', ...unique, '--'], { signal, env: READ_ONLY });
      if (r.code !== 0) return out; // one unknown sha fails the whole call; callers show no last commit rather than an error
      const fields = r.stdout.split('\0');
      for (let i = 0; i + 2 < fields.length; i += 3) {
        out.set(fields[i]!.trim(), { subject: fields[i + 1]!, date: fields[i + 2]! });
      }
      return out;
    },

    async snapshotTree(worktree, signal) {
      const loc = await at(worktree, ['add', '--all'], signal);
      const head = await port.resolveCommit(worktree, 'HEAD', signal);
      return withTempIndex(async (indexFile) => {
        const env = { GIT_INDEX_FILE: indexFile };
        // Starting from a copy of the user's index keeps its stat cache, so `add` only rehashes files that changed.
        const userIndex = join(loc.gitDir, 'index');
        const hasIndex = await stat(userIndex).then((s) => s.isFile(), () => false);
        if (hasIndex) await copyFile(userIndex, indexFile);
        else if (head) await runGitOk(loc, ['read-tree', head], { env, signal });
        await runGitOk(loc, ['add', '--all', '--', ':/'], { env, signal });
        const tree = (await runGitOk(loc, ['write-tree'], { env, signal })).trim();
        return { tree, head };
      });
    },

    async commitTree(cwd, tree, parents, message, signal) {
      const args = ['commit-tree', '--no-gpg-sign', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'];
      return (await gitOk(cwd, args, { signal, input: message, env: SALVAGE_IDENTITY })).trim();
    },

    async commitWorktree(worktree, message, signal) {
      const loc = await at(worktree, ['commit'], signal);
      await runGitOk(loc, ['add', '--all', '--', ':/'], { signal });
      const staged = await runGit(loc, ['diff', '--cached', '--quiet'], { signal });
      if (staged.code === 0) return undefined;
      await runGitOk(loc, ['commit', '--no-verify', '--no-gpg-sign', '--quiet', '-F', '-'], { signal, input: message, env: AGENT_IDENTITY });
      return port.resolveCommit(worktree, 'HEAD', signal);
    },

    async mergedBranches(cwd, target, signal) {
      const out = await gitOk(cwd, ['for-each-ref', `--merged=${target}`, '--format=%(refname:short)', 'refs/heads/'], { signal, env: READ_ONLY });
      return new Set(out.split('\n').map((l) => l.trim()).filter(Boolean));
    },

    async createRef(cwd, ref, sha, signal) {
      const r = await git(cwd, ['update-ref', '-m', 'lw-coder salvage', ref, sha, ZERO], { signal });
      if (r.code === 0) return true;
      if (await port.resolveCommit(cwd, ref, signal)) return false;
      throw new GitCommandError(['update-ref', ref, sha], cwd, r.stderr.trim());
    },

    async deleteRefAt(cwd, ref, sha, signal) {
      // Compare-and-delete in one git call: a commit that lands on the branch meanwhile keeps it.
      const r = await git(cwd, ['update-ref', '-m', 'lw-coder: empty command branch', '-d', ref, sha], { signal });
      return r.code === 0;
    },

    async listRefs(cwd, prefix, signal): Promise<RefRecord[]> {
      const out = await gitOk(cwd, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(contents)%00', prefix], { signal });
      return out
        .split('\0\n')
        .filter((rec) => rec.length > 0)
        .map((rec) => {
          const [ref, sha, message] = rec.split('\0');
          return { ref: ref!, sha: sha!, message: message ?? '' };
        });
    },

    async exportTree(cwd, rev, dir, signal) {
      const loc = await at(cwd, ['checkout-index'], signal);
      await withTempIndex(async (indexFile) => {
        const env = { GIT_INDEX_FILE: indexFile };
        await runGitOk(loc, ['read-tree', rev], { env, signal });
        // checkout-index writes the blobs as git stores them, with modes and symlinks; the prefix must end in '/'.
        await runGitOk(loc, ['checkout-index', '--all', '--force', `--prefix=${dir.endsWith('/') ? dir : `${dir}/`}`], { env, signal });
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
