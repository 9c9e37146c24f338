import { posix } from 'node:path';

/**
 * Host paths a run touches, judged by where they really lead. A repository can commit a symlink
 * (`.lw_coder/hostroot -> /`, `.lw_coder/sock -> /var/run/docker.sock`), so a path's spelling says nothing: the app
 * layer resolves each path (realpath, then the kind of what is there) and hands the facts to these pure rules, and the
 * resolved path is what gets mounted or used, so what was judged is what the engine receives.
 */

export type HostPathKind = 'directory' | 'file' | 'socket' | 'char-device' | 'block-device' | 'fifo' | 'missing' | 'unresolvable';

export interface HostPathFacts {
  /** The absolute path as LW Coder spelled it (the repository root joined with what config.toml says). */
  readonly path: string;
  /**
   * Every symlink resolved. For a missing path: its deepest existing ancestor resolved, plus the rest, so a symlinked
   * parent still shows where a later mkdir would land.
   */
  readonly realPath: string;
  /** What is there; `unresolvable` is a symlink that dangles or loops (or a path below one). */
  readonly kind: HostPathKind;
}

/** What the judge knows about the repository: real paths only. */
export interface HostPathContext {
  readonly repoRoot: string;
  /** `git rev-parse --git-common-dir`, resolved. */
  readonly gitCommonDir: string;
  /** LW Coder's own state (`.lw_coder/state`, `runs`, `worktrees`, `cache`), resolved: never writable by a container. */
  readonly lwCoderDirs: readonly string[];
  /**
   * Files whose contents LW Coder filters before they reach the container (the env file: only forward_env's picks go
   * in), resolved. Mounting one, or a directory holding one, hands over all of it, so it is asked about.
   */
  readonly secretFiles?: readonly string[];
}

export interface PathVerdict {
  readonly verdict: 'allowed' | 'needs-confirmation' | 'refused';
  readonly why?: string;
  readonly fix?: string;
}

const clean = (p: string): string => (p === '/' ? p : posix.normalize(p).replace(/\/+$/, ''));

/** `inner` is `outer` or below it. */
export function isWithin(inner: string, outer: string): boolean {
  const i = clean(inner);
  const o = clean(outer);
  return i === o || i.startsWith(o === '/' ? '/' : `${o}/`);
}

const DOCKER_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

/** Why writing `realPath` from a container would reach what LW Coder trusts on the host, or undefined. */
function protectedFromWrites(realPath: string, ctx: HostPathContext): string | undefined {
  if (isWithin(ctx.repoRoot, realPath)) return `${realPath} is the repository${realPath === clean(ctx.repoRoot) ? '' : ' or holds it'}, including its .git`;
  if (isWithin(realPath, ctx.gitCommonDir) || isWithin(ctx.gitCommonDir, realPath)) {
    return `${realPath} is the repository's git directory (${ctx.gitCommonDir}) or part of it: hooks and config written there run on the host`;
  }
  const own = ctx.lwCoderDirs.find((d) => isWithin(realPath, d) || isWithin(d, realPath));
  return own === undefined ? undefined : `${realPath} holds LW Coder's own state (${own}), which it trusts after the session`;
}

/**
 * A bind mount's source. Missing and dangling sources are refused (the engine would fail, or mount whatever the link
 * points at by then); writable mounts of the repository root, its git directory or LW Coder's state are refused;
 * sockets, devices, FIFOs and anything outside the repository need the user's confirmation.
 */
export function judgeBindSource(facts: HostPathFacts, readOnly: boolean, ctx: HostPathContext): PathVerdict {
  const via = facts.realPath === facts.path ? facts.path : `${facts.path} (which resolves to ${facts.realPath})`;
  if (facts.kind === 'unresolvable') return { verdict: 'refused', why: `${facts.path} is a symlink that leads nowhere (dangling, or a loop)`, fix: 'remove the symlink or point it at a path inside the repository' };
  if (facts.kind === 'missing') return { verdict: 'refused', why: `${via} does not exist`, fix: 'create it, or remove the mount' };
  const guarded = readOnly ? undefined : protectedFromWrites(facts.realPath, ctx);
  if (guarded) return { verdict: 'refused', why: `${via} would be writable by the agent: ${guarded}`, fix: 'mount it read-only (:ro), or mount a subdirectory that holds neither .git nor .lw_coder' };
  if (facts.kind === 'socket') {
    const docker = DOCKER_SOCKETS.includes(facts.realPath) || posix.basename(facts.realPath) === 'docker.sock';
    return { verdict: 'needs-confirmation', why: docker ? `${via} is the Docker socket, which gives the agent control of the host` : `${via} is a socket: the agent could talk to the service behind it`, fix: 'remove this mount' };
  }
  if (facts.kind === 'char-device' || facts.kind === 'block-device') return { verdict: 'needs-confirmation', why: `${via} is a host device`, fix: 'remove this mount; use --device only if the agent needs that device' };
  const secret = (ctx.secretFiles ?? []).find((f) => isWithin(f, facts.realPath));
  if (secret) return { verdict: 'needs-confirmation', why: `${via} ${secret === facts.realPath ? 'is' : 'holds'} the env file ${secret}: every variable in it would reach the container, not only those forward_env picks`, fix: 'mount a directory that does not hold the env file' };
  if (facts.kind === 'fifo') return { verdict: 'needs-confirmation', why: `${via} is a named pipe shared with the host`, fix: 'remove this mount' };
  if (!isWithin(facts.realPath, ctx.repoRoot)) return { verdict: 'needs-confirmation', why: `${via} is outside the repository`, fix: 'mount only paths inside the repository' };
  return { verdict: 'allowed' };
}

/**
 * A directory LW Coder itself creates, writes or mounts (`.lw_coder/worktrees`, `runs`, `state`...): a committed symlink
 * there must not quietly move LW Coder's writes, or the agent's mounts, outside the repository.
 */
export function judgeOwnDirectory(facts: HostPathFacts, label: string, ctx: HostPathContext): PathVerdict {
  if (facts.kind === 'unresolvable') return { verdict: 'refused', why: `${label} is a symlink that leads nowhere (dangling, or a loop)`, fix: `remove ${label}; LW Coder creates it` };
  if (facts.kind !== 'missing' && facts.kind !== 'directory') return { verdict: 'refused', why: `${label} is a ${facts.kind}, not a directory`, fix: `remove ${label}; LW Coder creates it` };
  if (isWithin(facts.realPath, ctx.gitCommonDir)) return { verdict: 'refused', why: `${label} resolves to ${facts.realPath}, inside the repository's git directory`, fix: `remove the symlink ${label}` };
  if (!isWithin(facts.realPath, ctx.repoRoot)) return { verdict: 'needs-confirmation', why: `${label} resolves to ${facts.realPath}, outside the repository, and LW Coder would write (and mount) there`, fix: `remove the symlink ${label} unless you made it` };
  return { verdict: 'allowed' };
}

/** `[code] env_file`: its variables may be forwarded into the container, so one outside the repository is asked about. */
export function judgeEnvFile(facts: HostPathFacts, label: string, ctx: HostPathContext): PathVerdict {
  if (facts.kind === 'missing') return { verdict: 'allowed' };
  if (facts.kind !== 'file') return { verdict: 'refused', why: `env_file ${label} is a ${facts.kind}, not a regular file`, fix: 'point [code] env_file at a regular file in the repository' };
  if (!isWithin(facts.realPath, ctx.repoRoot)) return { verdict: 'needs-confirmation', why: `env_file ${label} resolves to ${facts.realPath}, outside the repository; its variables may be forwarded into the container`, fix: 'keep the env file in the repository (not a symlink to elsewhere)' };
  return { verdict: 'allowed' };
}
