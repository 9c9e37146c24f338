import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { repoRootOfPlanWorktree, worktreesDirOf } from '../../core/worktree/layout';
import { runGitOk, type GitLocation } from './runGit';

/**
 * Which git dir belongs to a directory, decided from the repository's own records rather than from the directory's
 * `.git` file: the common dir comes from the repository root (the user's checkout), and a linked worktree's admin dir is
 * the `<common>/worktrees/<name>` whose `gitdir` file names that worktree. An agent can rewrite a worktree's `.git`
 * (it is in the mounted worktree) but not, by default, the common dir (mounted read-only).
 */
export interface WorktreeLocator {
  /** The repository's common git dir, real path. */
  commonDir(signal?: AbortSignal): Promise<string>;
  /** The location of the worktree containing `dir` (linked or main), or undefined when the repository has none there. */
  locate(dir: string, signal?: AbortSignal): Promise<GitLocation | undefined>;
  /** A location for the worktree at `dir` with an admin dir named by the caller (the journal, while patched); checked. */
  withAdminDir(dir: string, gitDir: string, signal?: AbortSignal): Promise<GitLocation>;
}

const real = (p: string): Promise<string> => realpath(p).catch(() => resolve(p));
const inside = (dir: string, root: string): boolean => dir === root || dir.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);

interface Registration {
  readonly name: string;
  readonly workTree: string;
}

/** The worktree a registration's `gitdir` file names (`<worktree>/.git`), or undefined for an unreadable one. */
async function readRegistration(adminDir: string): Promise<string | undefined> {
  const file = join(adminDir, 'gitdir');
  const s = await lstat(file).catch(() => undefined);
  if (!s?.isFile()) return undefined;
  const text = (await readFile(file, 'utf8')).trim();
  if (text === '') return undefined;
  const dotGit = isAbsolute(text) ? text : resolve(adminDir, text);
  return real(dirname(dotGit));
}

export function createWorktreeLocator(repoRoot: string): WorktreeLocator {
  let bootstrap: Promise<{ common: string; mainTop: string | undefined }> | undefined;

  const start = async (signal?: AbortSignal): Promise<{ common: string; mainTop: string | undefined }> => {
    // From inside a plan worktree, the repository is the one the layout names, never the one its `.git` file names.
    const given = await real(repoRoot);
    const root = repoRootOfPlanWorktree(given) ?? given;
    const out = (await runGitOk(root, ['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel'], { signal })).split('\n');
    const common = await real(out[0]!.trim());
    const top = out[1]?.trim();
    return { common, mainTop: top ? await real(top) : undefined };
  };
  const boot = (signal?: AbortSignal): Promise<{ common: string; mainTop: string | undefined }> => {
    bootstrap ??= start(signal).catch((error: unknown) => {
      bootstrap = undefined;
      throw error;
    });
    return bootstrap;
  };

  /** Registrations that could hold `d`; an exact match, which no other can beat, ends the search. */
  const registrations = async (common: string, d: string): Promise<Registration[]> => {
    const dir = join(common, 'worktrees');
    const names = await readdir(dir).catch(() => [] as string[]);
    const holding = async (name: string): Promise<Registration | undefined> => {
      const workTree = await readRegistration(join(dir, name)).catch(() => undefined);
      return workTree !== undefined && inside(d, workTree) ? { name, workTree } : undefined;
    };
    // git names the admin dir after the worktree's directory: look there first.
    const hint = basename(d);
    if (names.includes(hint)) {
      const exact = await holding(hint);
      if (exact?.workTree === d) return [exact];
    }
    // Then at all of them at once: read one after another, 200 registrations held up every git call in the main worktree.
    return (await Promise.all(names.map(holding))).filter((r): r is Registration => r !== undefined);
  };

  // Callers asking about the same directory while its registrations are being read share that read: a refresh asks
  // for the repository root's location several times at once (worktree list, config, log, rev-list), and each read
  // opens every registration.
  const scanning = new Map<string, Promise<Registration[]>>();
  const sharedScan = (common: string, d: string): Promise<Registration[]> => {
    let scan = scanning.get(d);
    if (!scan) {
      scan = registrations(common, d).finally(() => scanning.delete(d));
      scanning.set(d, scan);
    }
    return scan;
  };

  const locator: WorktreeLocator = {
    async commonDir(signal) {
      return (await boot(signal)).common;
    },

    async locate(dir, signal) {
      const { common, mainTop } = await boot(signal);
      const d = await real(dir);
      // The main worktree's top is the main worktree, as for git itself (its .git is found there first): no linked
      // worktree can be registered at it, so the registrations need not be read for every repository-level command.
      if (mainTop !== undefined && d === mainTop) return { gitDir: common, workTree: mainTop, commonDir: common };
      let best: Registration | undefined;
      for (const r of await sharedScan(common, d)) if (!best || r.workTree.length > best.workTree.length) best = r;
      if (best) return { gitDir: join(common, 'worktrees', best.name), workTree: best.workTree, commonDir: common };
      if (mainTop === undefined || !inside(d, mainTop)) return undefined;
      // An unregistered directory under .lw_coder/worktrees is not the main worktree, whatever its `.git` says.
      if (inside(d, worktreesDirOf(mainTop)) && d !== worktreesDirOf(mainTop)) return undefined;
      return { gitDir: common, workTree: mainTop, commonDir: common };
    },

    async withAdminDir(dir, gitDir, signal) {
      const { common } = await boot(signal);
      const admin = await real(gitDir);
      const rel = relative(join(common, 'worktrees'), admin);
      if (rel === '' || rel.includes(sep) || rel.startsWith('..')) {
        throw new Error(`${gitDir} is not a worktree admin dir of the repository at ${common}`);
      }
      return { gitDir: admin, workTree: await real(dir), commonDir: common };
    },
  };
  return locator;
}
