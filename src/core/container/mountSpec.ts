import { posix } from 'node:path';
import { CONTAINER_REPO_GIT, CONTAINER_WORKSPACE } from '../worktree/layout';
import { parseGoBool, parseRamBytes } from './goValues';
import {
  CONTAINER_AGENT_DIR, CONTAINER_AUTH_FILE, CONTAINER_DROIDS_DIR, CONTAINER_HOME, CONTAINER_PROMPT_FILE, CONTAINER_SETTINGS_FILE, CONTAINER_TASKS_DIR,
} from './session';

/**
 * `-v/--volume`, `--mount` and `--tmpfs` read as Docker reads them (the daemon's Linux bind parser and the CLI's
 * MountOpt), into one shape the judge and applyRunArgs share. Relative bind sources are relative to the repository
 * root (the CLI would use its working directory) and only when they start with `.`, as in the CLI; any other bare
 * word is a named volume.
 */

export interface MountRequest {
  readonly type: 'bind' | 'volume' | 'tmpfs';
  /** bind: the absolute host path as written (resolved later); volume: the name, or undefined for an anonymous one. */
  readonly source?: string;
  /** Absolute, normalised. */
  readonly target: string;
  readonly readOnly: boolean;
  readonly tmpfs?: { readonly sizeBytes?: number; readonly mode?: number };
}

export type MountParse = { readonly ok: true; readonly mount: MountRequest } | { readonly ok: false; readonly why: string; readonly fix: string };

/**
 * Container paths LW Coder mounts itself (session.ts, the headless agent directory). A repository mount at one of
 * them, or below one, would replace what LW Coder put there; parents (`/tmp`, `/home`) are fine, because the engine
 * mounts parents before children.
 */
export const RESERVED_TARGETS: readonly string[] = [
  CONTAINER_WORKSPACE, CONTAINER_REPO_GIT, CONTAINER_TASKS_DIR, posix.dirname(CONTAINER_PROMPT_FILE), CONTAINER_PROMPT_FILE,
  CONTAINER_AGENT_DIR, CONTAINER_HOME, CONTAINER_DROIDS_DIR, CONTAINER_AUTH_FILE, CONTAINER_SETTINGS_FILE,
];

/** Why `target` cannot be a repository's mount target, or undefined. */
export function reservedTargetProblem(target: string): string | undefined {
  if (!target.startsWith('/')) return `the target '${target}' is not an absolute container path`;
  const t = normalTarget(target);
  if (t === '/') return 'it mounts over the whole container file system';
  const hit = RESERVED_TARGETS.find((r) => t === r || t.startsWith(`${r}/`));
  return hit === undefined ? undefined : `${t} is ${t === hit ? '' : 'inside '}${hit}, where LW Coder mounts its own files`;
}

const normalTarget = (target: string): string => {
  const n = posix.normalize(target).replace(/\/+$/, '');
  return n === '' ? '/' : n;
};

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const OVER_OURS_FIX = 'mount at another target (not /workspace, /repo-git, /tmp/lw_coder or /home/droiduser)';

function withTarget(target: string | undefined, build: (t: string) => MountParse): MountParse {
  if (target === undefined || target === '') return { ok: false, why: 'it has no target', fix: 'add the container path to mount at' };
  const problem = reservedTargetProblem(target);
  return problem ? { ok: false, why: problem, fix: OVER_OURS_FIX } : build(normalTarget(target));
}

/** A bind source as an absolute path: absolute as written, or `.`-relative to the repository root. */
function bindSource(source: string, repoRoot: string): { path: string } | { why: string; fix: string } {
  if (source.startsWith('~')) return { why: `'${source}': ~ is not expanded`, fix: 'write an absolute path or one starting with ./ (relative to the repository)' };
  if (posix.isAbsolute(source)) return { path: posix.normalize(source) };
  if (source.startsWith('.')) return { path: posix.join(repoRoot, source) };
  return { why: `'${source}' is neither an absolute path nor one starting with ./`, fix: 'write ./path for a path relative to the repository' };
}

/** `-v SOURCE:TARGET[:MODE]` or `-v TARGET` (an anonymous volume). Modes other than ro/rw are not applied, so refused. */
export function parseVolumeFlag(value: string, repoRoot: string): MountParse {
  const parts = value.split(':');
  if (value === '' || parts[0] === '' || parts.length > 3) return { ok: false, why: `'${value}' is not SOURCE:TARGET[:MODE]`, fix: 'write e.g. -v ./cache:/cache:ro' };
  if (parts.length === 1) return withTarget(parts[0], (target) => ({ ok: true, mount: { type: 'volume', target, readOnly: false } }));
  const [source = '', target, mode = ''] = parts;
  const modes = mode === '' ? [] : mode.split(',');
  const unsupported = modes.filter((m) => m !== 'ro' && m !== 'rw');
  if (unsupported.length > 0 || modes.length > 1) return { ok: false, why: `the mode '${mode}' is not one LW Coder applies (only ro or rw)`, fix: 'write :ro or :rw, or nothing' };
  const readOnly = modes[0] === 'ro';
  // The CLI turns `.`-relative sources into paths; any other non-absolute source is a volume name to the daemon.
  if (posix.isAbsolute(source) || source.startsWith('.') || source.startsWith('~')) {
    const resolved = bindSource(source, repoRoot);
    if ('why' in resolved) return { ok: false, ...resolved };
    return withTarget(target, (t) => ({ ok: true, mount: { type: 'bind', source: resolved.path, target: t, readOnly } }));
  }
  if (!VOLUME_NAME.test(source)) return { ok: false, why: `'${source}' is not a volume name (letters, digits, _ . -)`, fix: 'use ./path for a directory of the repository, or a plain volume name' };
  return withTarget(target, (t) => ({ ok: true, mount: { type: 'volume', source, target: t, readOnly } }));
}

/** `--mount type=bind|volume|tmpfs,source=...,target=...[,readonly[=BOOL]][,tmpfs-size=...][,tmpfs-mode=...]`. */
export function parseMountFlag(value: string, repoRoot: string): MountParse {
  if (value.includes('"')) return { ok: false, why: 'quoted fields are not supported', fix: 'write the fields without quotes' };
  let type = 'volume';
  let source: string | undefined;
  let target: string | undefined;
  let readOnly = false;
  let sizeBytes: number | undefined;
  let mode: number | undefined;
  for (const field of value.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? undefined : field.slice(eq + 1);
    const bad = (why: string): MountParse => ({ ok: false, why, fix: 'use type, source, target, readonly, tmpfs-size and tmpfs-mode only' });
    if (val === undefined) {
      if (key === 'readonly' || key === 'ro') readOnly = true;
      else return bad(`'${field}' is not key=value`);
      continue;
    }
    switch (key) {
      case 'type': type = val.toLowerCase(); break;
      case 'source': case 'src': source = val; break;
      case 'target': case 'dst': case 'destination': target = val; break;
      case 'readonly': case 'ro': {
        const b = parseGoBool(val);
        if (b === undefined) return bad(`${key}=${val} is not a boolean`);
        readOnly = b;
        break;
      }
      case 'tmpfs-size': sizeBytes = parseRamBytes(val); if (sizeBytes === undefined) return bad(`tmpfs-size=${val} is not a size`); break;
      case 'tmpfs-mode': mode = /^[0-7]+$/.test(val) ? parseInt(val, 8) : undefined; if (mode === undefined) return bad(`tmpfs-mode=${val} is not an octal mode`); break;
      default: return bad(`'${key}' is not an option LW Coder applies`);
    }
  }
  if (type !== 'tmpfs' && (sizeBytes !== undefined || mode !== undefined)) return { ok: false, why: 'tmpfs-size and tmpfs-mode apply to type=tmpfs only', fix: 'remove them, or use type=tmpfs' };
  if (type === 'bind') {
    if (source === undefined || source === '') return { ok: false, why: 'a bind mount needs a source', fix: 'add source=./path' };
    const resolved = bindSource(source, repoRoot);
    if ('why' in resolved) return { ok: false, ...resolved };
    return withTarget(target, (t) => ({ ok: true, mount: { type: 'bind', source: resolved.path, target: t, readOnly } }));
  }
  if (type === 'volume') {
    if (source !== undefined && source !== '' && !VOLUME_NAME.test(source)) return { ok: false, why: `'${source}' is not a volume name`, fix: 'use type=bind for a path' };
    return withTarget(target, (t) => ({ ok: true, mount: { type: 'volume', ...(source ? { source } : {}), target: t, readOnly } }));
  }
  if (type === 'tmpfs') {
    if (source) return { ok: false, why: 'a tmpfs mount has no source', fix: 'remove source=' };
    const tmpfs = { ...(sizeBytes === undefined ? {} : { sizeBytes }), ...(mode === undefined ? {} : { mode }) };
    return withTarget(target, (t) => ({ ok: true, mount: { type: 'tmpfs', target: t, readOnly, ...(Object.keys(tmpfs).length > 0 ? { tmpfs } : {}) } }));
  }
  return { ok: false, why: `mount type '${type}' is not supported`, fix: 'use type=bind, volume or tmpfs' };
}

/** `--tmpfs PATH[:OPTIONS]`: the options go to the engine as written. */
export function parseTmpfsFlag(value: string): { ok: true; target: string; options: string } | { ok: false; why: string; fix: string } {
  const colon = value.indexOf(':');
  const target = colon < 0 ? value : value.slice(0, colon);
  const parsed = withTarget(target, (t) => ({ ok: true, mount: { type: 'tmpfs', target: t, readOnly: false } }));
  if (!parsed.ok) return parsed;
  return { ok: true, target: parsed.mount.target, options: colon < 0 ? '' : value.slice(colon + 1) };
}
