/**
 * What every git LW Coder runs is told, so that a repository (its config, its hooks, a planted `.git` pointer) cannot
 * make LW Coder's own git run a program. Pure: the spawner (gitProcess.ts) applies it.
 *
 * The overrides go in as GIT_CONFIG_COUNT/KEY/VALUE environment entries rather than `-c key=value`: a filter driver's
 * name is repository data and may contain `=`, which `-c` would split in the wrong place. Command-level config wins
 * over every config file, and child gits (a submodule status, `worktree remove`'s checks) inherit it.
 *
 * What remains (documented in the README's Security section): a filter driver defined in the user's own global or
 * system config (git-lfs) still runs when the repository's attributes select it, and it reads repository config of its
 * own (`lfs.*`); hooks and config in a git dir the agent could write (`--git-writable`) still run for the user's own
 * git and editor. LW Coder warns after such a session but does not undo those changes.
 */

/** Config that turns off every repository-controlled way to run a program that LW Coder's git calls could reach. */
export function hardeningConfig(emptyHooksDir: string): readonly (readonly [string, string])[] {
  return [
    ['core.fsmonitor', 'false'],
    ['core.hooksPath', emptyHooksDir],
    ['core.pager', 'cat'],
    ['diff.external', ''],
    ['commit.gpgSign', 'false'],
    ['tag.gpgSign', 'false'],
    // Auto gc/maintenance would run pre-auto-gc hooks and background processes on LW Coder's behalf.
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['submodule.recurse', 'false'],
    // No transport may start (a lazy fetch in a partial clone would run ssh or a remote helper from repository config).
    ['protocol.allow', 'never'],
    ['protocol.ext.allow', 'never'],
    ['protocol.file.allow', 'never'],
    ['protocol.ssh.allow', 'never'],
    ['credential.helper', ''],
    ['uploadpack.packObjectsHook', ''],
  ];
}

/** Environment variables that would redirect git away from the repository LW Coder names explicitly. */
export const LOCATION_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_EXTERNAL_DIFF',
] as const;

/**
 * Subcommands that never read or write working-tree files, so no filter can run: every other one gets the
 * repository's filter drivers blanked. Deny by default, because more commands than one would think hash files: any
 * command that writes the index (read-tree, write-tree) re-hashes "racily clean" entries through the clean filter.
 */
const NEVER_FILTERING = new Set(['rev-parse', 'rev-list', 'cat-file', 'for-each-ref', 'update-ref', 'commit-tree', 'log', 'show', 'merge-base', 'config', 'ls-files']);
/** Subcommands that can show diffs: external diff and textconv are turned off on the command line too. */
const DIFFING = new Set(['diff', 'log', 'show']);
/** Subcommands that look into submodules' working trees (whose gitdir pointer the agent controls) unless told not to. */
const SUBMODULE_SCANNING = new Set(['status', 'diff']);

/** The subcommand of an argv (the first argument that is not a global option). */
export function subcommandOf(args: readonly string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}

export function canRunFilters(args: readonly string[]): boolean {
  const sub = subcommandOf(args);
  if (sub === undefined) return false;
  if (sub !== 'worktree') return !NEVER_FILTERING.has(sub);
  return args[args.indexOf(sub) + 1] === 'add'; // `worktree add` checks files out; list, prune, unlock, repair do not
}
/**
 * The argv with LW Coder's flags added right after the subcommand: `--no-ext-diff --no-textconv` for commands that
 * diff, `--ignore-submodules=dirty` for status and diff (a submodule's gitdir pointer is a working-tree file, so
 * checking whether it is dirty would run a git the agent configured; commits of a submodule still show).
 */
export function hardenedArgs(args: readonly string[]): string[] {
  const sub = subcommandOf(args);
  if (sub === undefined) return [...args];
  const extra: string[] = [];
  if (DIFFING.has(sub)) extra.push('--no-ext-diff', '--no-textconv');
  if (SUBMODULE_SCANNING.has(sub) && !args.some((a) => a.startsWith('--ignore-submodules'))) extra.push('--ignore-submodules=dirty');
  const at = args.indexOf(sub) + 1;
  return [...args.slice(0, at), ...extra, ...args.slice(at)];
}

/** Config scopes the user controls; everything else (local, worktree) is the repository's, i.e. attacker input. */
const TRUSTED_SCOPES = new Set(['system', 'global', 'command']);
const FILTER_KEY = /^filter\.(.+)\.([^.]+)$/;

/**
 * Filter drivers a repository defines itself, from `git config --show-scope -z --get-regexp '^filter\.'`
 * (`scope NUL key LF value NUL` records). A driver the user's own config defines with the same values is theirs and is
 * kept (git-lfs set up globally, `git lfs install --local` repeating it); any other is blanked for LW Coder's git.
 */
export function repositoryFilterDrivers(output: string): string[] {
  const trusted = new Set<string>();
  const repo = new Map<string, Set<string>>();
  const fields = output.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const scope = fields[i]!;
    const nl = fields[i + 1]!.indexOf('\n');
    const key = nl < 0 ? fields[i + 1]! : fields[i + 1]!.slice(0, nl);
    const value = nl < 0 ? '' : fields[i + 1]!.slice(nl + 1);
    const m = FILTER_KEY.exec(key);
    if (!m) continue;
    const pair = `${m[2]!.toLowerCase()}=${value}`;
    if (TRUSTED_SCOPES.has(scope)) trusted.add(`${m[1]}\0${pair}`);
    else repo.set(m[1]!, (repo.get(m[1]!) ?? new Set()).add(pair));
  }
  return [...repo].filter(([name, pairs]) => [...pairs].some((p) => !trusted.has(`${name}\0${p}`))).map(([name]) => name);
}

/**
 * One `git config --get-regexp` pattern for a whole repository: the filter drivers, and the keys that can make another
 * worktree of the same repository see different config (see configVariesByWorktree).
 */
export const SHARED_FILTER_KEYS = '^(filter|includeif)\\.|^extensions\\.worktreeconfig$';

/**
 * Whether config read at one location of a repository (`--show-scope -z --get-regexp SHARED_FILTER_KEYS` output) may
 * differ at another worktree of it, so that filter drivers must be read per worktree: with extensions.worktreeConfig
 * each admin dir has its own `config.worktree`, and a conditional include other than `hasconfig:` (`gitdir:`,
 * `gitdir/i:`, `onbranch:`, or one a later git adds) depends on the worktree's git dir or branch. Any scope counts:
 * the user's own conditional includes vary by location too.
 */
export function configVariesByWorktree(output: string): boolean {
  const fields = output.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const nl = fields[i + 1]!.indexOf('\n');
    const key = nl < 0 ? fields[i + 1]! : fields[i + 1]!.slice(0, nl);
    if (key === 'extensions.worktreeconfig') return true;
    if (key.startsWith('includeif.') && !key.startsWith('includeif.hasconfig:')) return true;
  }
  return false;
}

/** Config that makes the named filter drivers do nothing (an empty command is no filter; `required` would fail). */
export function blankFilterConfig(drivers: readonly string[]): (readonly [string, string])[] {
  return drivers.flatMap((d) => [
    [`filter.${d}.clean`, ''],
    [`filter.${d}.smudge`, ''],
    [`filter.${d}.process`, ''],
    [`filter.${d}.required`, 'false'],
  ] as const);
}

/**
 * Adds config entries to an environment the way `git -c` would, after any the user already has there
 * (GIT_CONFIG_COUNT), so later entries — ours — win.
 */
export function withConfigEnv(env: NodeJS.ProcessEnv, entries: readonly (readonly [string, string])[]): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  const existing = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10);
  let n = Number.isInteger(existing) && existing > 0 ? existing : 0;
  for (const [key, value] of entries) {
    out[`GIT_CONFIG_KEY_${n}`] = key;
    out[`GIT_CONFIG_VALUE_${n}`] = value;
    n++;
  }
  out.GIT_CONFIG_COUNT = String(n);
  return out;
}

/** GIT_CONFIG_COUNT (how the hardening reaches git) and `rev-parse --path-format` came in git 2.31. */
export const MIN_GIT_VERSION = [2, 31] as const;

/**
 * Why `git --version` output names a git too old to be hardened, or undefined when it is new enough (or unparsable:
 * then git itself will say what is wrong). An older git would silently ignore the overrides.
 */
export function gitTooOld(versionOutput: string): string | undefined {
  const m = /git version (\d+)\.(\d+)/.exec(versionOutput);
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > MIN_GIT_VERSION[0] || (major === MIN_GIT_VERSION[0] && minor >= MIN_GIT_VERSION[1])) return undefined;
  return `LW Coder needs git ${MIN_GIT_VERSION.join('.')} or newer to keep repositories from running programs through git; this is ${versionOutput.trim()}. Update git.`;
}
