import { spawn } from 'node:child_process';
import { GitCommandError, type WorktreeLocation } from '../../core/ports/worktreeGit';
import { CancelledError } from '../../core/worktree/errors';
import { emptyHooksDir } from './emptyHooksDir';
import {
  blankFilterConfig, canRunFilters, configVariesByWorktree, gitTooOld, hardenedArgs, hardeningConfig, LOCATION_ENV, repositoryFilterDrivers, SHARED_FILTER_KEYS,
  withConfigEnv,
} from './hardening';

export const GIT_TIMEOUT_MS = 30_000;

export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export interface GitRunOptions {
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Extra command-level config for output format (e.g. core.quotepath); the hardening is applied after it and wins. */
  readonly config?: readonly (readonly [string, string])[];
  /** Cap on stdout kept, in bytes; beyond it the process is killed and the call fails. Default 64 MiB. */
  readonly maxOutputBytes?: number;
  /**
   * The repository's filter drivers read once for many commands (readSharedFilters), instead of one `git config` before
   * each. Used only for a location in the same common dir; any other target reads its own.
   */
  readonly sharedFilters?: SharedFilters;
}

/** Filter drivers to blank for every worktree of one repository; only readSharedFilters makes one. */
export interface SharedFilters {
  readonly commonDir: string;
  readonly drivers: readonly string[];
}

/**
 * Where a git command runs. A string is a directory in which git discovers the repository itself (the user's own
 * checkout). A location names a worktree's admin dir, working tree and common dir explicitly, as LW Coder knows them
 * from the repository's layout: the worktree's `.git` file (and the admin dir's `commondir` file) are agent-writable and
 * are never consulted.
 */
export type GitTarget = string | GitLocation;

export type GitLocation = WorktreeLocation;

const cwdOf = (target: GitTarget): string => (typeof target === 'string' ? target : target.workTree);

function baseEnv(target: GitTarget, extra: NodeJS.ProcessEnv | undefined, config: readonly (readonly [string, string])[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of LOCATION_ENV) delete env[key];
  Object.assign(env, extra, { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_PAGER: 'cat' });
  // With GIT_COMMON_DIR set, git ignores the admin dir's `commondir` file.
  if (typeof target !== 'string') env.GIT_COMMON_DIR = target.commonDir;
  return withConfigEnv(env, [...config, ...hardeningConfig(emptyHooksDir())]);
}

const locationArgs = (target: GitTarget): string[] => (typeof target === 'string' ? [] : [`--git-dir=${target.gitDir}`, `--work-tree=${target.workTree}`]);

function spawnGit(target: GitTarget, argv: readonly string[], env: NodeJS.ProcessEnv, options: GitRunOptions): Promise<GitResult> {
  const cwd = cwdOf(target);
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...argv], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: options.signal,
      timeout: options.timeoutMs ?? GIT_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const max = options.maxOutputBytes ?? 64 * 1024 * 1024;
    let size = 0;
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > max) child.kill('SIGKILL');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') reject(new CancelledError());
      else if (error.code === 'ENOENT') reject(new Error(`git is not installed or ${cwd} does not exist. Install git, or check the path.`));
      else reject(error);
    });
    child.on('close', (code, sig) => {
      if (options.signal?.aborted) return reject(new CancelledError());
      const stderr = Buffer.concat(err).toString('utf8');
      if (size > max) return reject(new Error(`git ${argv.filter((a) => !a.startsWith('--git-dir=') && !a.startsWith('--work-tree=')).slice(0, 2).join(' ')} printed more than ${max} bytes in ${cwd}`));
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: sig ? `${stderr}git killed by ${sig} (timeout?)` : stderr, code: code ?? 1 });
    });
    child.stdin.on('error', () => undefined); // git may exit before reading its input; the exit code tells the story
    child.stdin.end(options.input ?? '');
  });
}

let versionCheck: Promise<void> | undefined;

/** Once per process: an old git would ignore the hardening without a word, so it is refused instead. */
function gitVersionChecked(cwd: string): Promise<void> {
  versionCheck ??= spawnGit(cwd, ['--version'], { LC_ALL: 'C', PATH: process.env.PATH }, {}).then((r) => {
    const tooOld = gitTooOld(r.stdout);
    if (tooOld) throw new Error(tooOld);
  }, (error: unknown) => {
    versionCheck = undefined; // git missing or the directory gone: ask again next time, and let this call report it
    throw error;
  });
  return versionCheck;
}

/**
 * The one way LW Coder runs git: no shell, a timeout, cancellation, and the hardening of hardening.ts — no fsmonitor,
 * no hooks, no pager, no external diff or textconv, no signing, no transports, and, for commands that can run filters,
 * every filter driver the repository defines itself blanked (read with one `git config` just before, under the same
 * hardening). Returns the output whatever the exit code.
 */
export async function runGit(target: GitTarget, args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  if (options.signal?.aborted) throw new CancelledError();
  await gitVersionChecked(cwdOf(target));
  let env = baseEnv(target, options.env, options.config);
  if (canRunFilters(args)) {
    const shared = options.sharedFilters;
    if (shared && typeof target !== 'string' && target.commonDir === shared.commonDir) {
      env = withConfigEnv(env, blankFilterConfig(shared.drivers));
    } else {
      const listed = await spawnGit(target, [...locationArgs(target), 'config', '--show-scope', '-z', '--get-regexp', '^filter\\.'], env, options);
      // Exit 1 means "no such keys"; anything else means git could not read the config, and the command itself will say so.
      if (listed.code === 0) env = withConfigEnv(env, blankFilterConfig(repositoryFilterDrivers(listed.stdout)));
    }
  }
  return spawnGit(target, [...locationArgs(target), ...hardenedArgs(args)], env, options);
}

/** Like runGit but throws an error naming the command and git's own message when git fails. */
export async function runGitOk(target: GitTarget, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  const r = await runGit(target, args, options);
  if (r.code !== 0) throw new GitCommandError(args, cwdOf(target), r.stderr.trim() || `exit code ${r.code}`);
  return r.stdout;
}

/**
 * The repository's filter drivers, read once at `location` for commands in any of its worktrees (a refresh's status of
 * every worktree: one `git config` instead of one per worktree). Undefined when another worktree could see different
 * config (configVariesByWorktree) or the config cannot be read: each command then reads its own, as runGit does alone.
 */
export async function readSharedFilters(location: GitLocation, signal?: AbortSignal): Promise<SharedFilters | undefined> {
  if (signal?.aborted) throw new CancelledError();
  await gitVersionChecked(location.workTree);
  const env = baseEnv(location, undefined);
  const listed = await spawnGit(location, [...locationArgs(location), 'config', '--show-scope', '-z', '--get-regexp', SHARED_FILTER_KEYS], env, { signal });
  if (listed.code === 1) return { commonDir: location.commonDir, drivers: [] }; // no such keys at all
  if (listed.code !== 0 || configVariesByWorktree(listed.stdout)) return undefined;
  return { commonDir: location.commonDir, drivers: repositoryFilterDrivers(listed.stdout) };
}
