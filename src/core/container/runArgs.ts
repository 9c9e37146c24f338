import { isAbsolute, posix } from 'node:path';
import { CONTAINER_REPO_GIT, CONTAINER_WORKSPACE } from '../worktree/layout';
import { CONTAINER_HOME } from './session';

/**
 * `[code] docker_run_args` come from the repository, so they are untrusted input: a cloned repository must not be
 * able to give its agent the host. Each option is classified: allowed (limits, networking off, extra hosts...),
 * needs-confirmation (privileged, host namespaces, capabilities, devices, mounts outside the repository or of the
 * Docker socket, another user) or refused (unknown or unsupported options, or options LW Coder sets itself).
 */

export type RunArgVerdict = 'allowed' | 'needs-confirmation' | 'refused';

export interface ParsedRunArg {
  /** Index of the option in docker_run_args (its value may be the next element). */
  readonly index: number;
  /** Canonical long name without dashes, e.g. `memory` for `-m`. */
  readonly flag: string;
  readonly value: string | undefined;
  /** The option as written, with its value. */
  readonly text: string;
}

export interface RunArgFinding {
  readonly index: number;
  readonly text: string;
  readonly flag: string;
  readonly verdict: RunArgVerdict;
  /** Why, in a sentence naming the option and its position. */
  readonly message: string;
  /** What to do instead (absent for allowed options). */
  readonly fix?: string;
}

export interface RunArgsValidation {
  /** Every option that parsed, in order (refused ones included, so callers can show them). */
  readonly args: readonly ParsedRunArg[];
  readonly findings: readonly RunArgFinding[];
  readonly needsConfirmation: readonly RunArgFinding[];
  readonly refused: readonly RunArgFinding[];
  /** Options safe to apply once the user confirmed the needs-confirmation ones (refused never are). */
  readonly applicable: readonly ParsedRunArg[];
}

type Check = (value: string | undefined, ctx: { readonly repoRoot: string }) => { verdict: RunArgVerdict; why?: string; fix?: string };

interface FlagDef {
  readonly short?: string;
  readonly takesValue: boolean;
  readonly aliases?: readonly string[];
  readonly check: Check;
}

const ok: Check = () => ({ verdict: 'allowed' });
const confirm = (why: string, fix: string): Check => () => ({ verdict: 'needs-confirmation', why, fix });
const ours = (what: string): Check => () => ({ verdict: 'refused', why: `LW Coder sets ${what} itself`, fix: 'remove it from docker_run_args' });
const validSize: Check = (v) => (v !== undefined && parseDockerSize(v) !== undefined
  ? { verdict: 'allowed' }
  : { verdict: 'refused', why: `'${v ?? ''}' is not a size`, fix: 'write a size such as 512m or 4g' });
const hostNamespace = (what: string): Check => (v) => (v === 'host' || (v ?? '').startsWith('container:')
  ? { verdict: 'needs-confirmation', why: `it shares the ${what} namespace of ${v === 'host' ? 'the host' : v}`, fix: 'drop it unless the agent really needs it' }
  : { verdict: 'allowed' });
const booleanFlag = (why: string, fix: string): Check => (v) => (v === 'false' ? { verdict: 'allowed' } : { verdict: 'needs-confirmation', why, fix });

const FLAGS: Readonly<Record<string, FlagDef>> = {
  env: { short: 'e', takesValue: true, check: (v) => (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v ?? '')
    ? { verdict: 'allowed' }
    : { verdict: 'refused', why: 'only NAME=VALUE is supported here', fix: 'forward host variables with [code] forward_env instead' }) },
  'env-file': { takesValue: true, check: () => ({ verdict: 'refused', why: 'env files are read by LW Coder', fix: 'set [code] env_file in .lw_coder/config.toml' }) },
  network: { takesValue: true, aliases: ['net'], check: (v) => (v === 'host' || (v ?? '').startsWith('container:')
    ? { verdict: 'needs-confirmation', why: `it gives the container the network of ${v === 'host' ? 'the host (including services on localhost)' : v}`, fix: 'use the default bridge network or --network none' }
    : { verdict: 'allowed' }) },
  ipc: { takesValue: true, check: hostNamespace('IPC') },
  pid: { takesValue: true, check: hostNamespace('process') },
  uts: { takesValue: true, check: hostNamespace('UTS') },
  userns: { takesValue: true, check: hostNamespace('user') },
  cgroupns: { takesValue: true, check: hostNamespace('cgroup') },
  privileged: { takesValue: false, check: booleanFlag('privileged mode gives the container every capability and all host devices', 'remove --privileged; add only the capability you need') },
  'cap-add': { takesValue: true, check: confirm('it gives the agent a Linux capability LW Coder drops', 'remove it unless a tool in the image needs exactly that capability') },
  'cap-drop': { takesValue: true, check: ok },
  'security-opt': { takesValue: true, check: checkSecurityOpt },
  device: { takesValue: true, check: confirm('it exposes a host device', 'remove it unless the agent needs that device') },
  'device-cgroup-rule': { takesValue: true, check: confirm('it allows access to host devices', 'remove it') },
  'volumes-from': { takesValue: true, check: confirm("it mounts another container's volumes", 'mount only paths inside the repository') },
  volume: { short: 'v', takesValue: true, check: (v, ctx) => checkVolume(v ?? '', ctx.repoRoot) },
  mount: { takesValue: true, check: (v, ctx) => checkMountFlag(v ?? '', ctx.repoRoot) },
  user: { short: 'u', takesValue: true, check: confirm('it replaces the host UID:GID, so files the agent writes may get another owner', 'remove it; LW Coder runs the container as you') },
  memory: { short: 'm', takesValue: true, check: validSize },
  'memory-swap': { takesValue: true, check: (v) => (v === '-1' ? { verdict: 'allowed' } : validSize(v, { repoRoot: '' })) },
  'shm-size': { takesValue: true, check: validSize },
  cpus: { takesValue: true, check: (v) => (/^\d+(\.\d+)?$/.test(v ?? '') ? { verdict: 'allowed' } : { verdict: 'refused', why: `'${v ?? ''}' is not a number of CPUs`, fix: 'write e.g. --cpus 2' }) },
  'cpu-shares': { short: 'c', takesValue: true, check: ok },
  'cpuset-cpus': { takesValue: true, check: ok },
  'pids-limit': { takesValue: true, check: (v) => (/^-?\d+$/.test(v ?? '') ? { verdict: 'allowed' } : { verdict: 'refused', why: `'${v ?? ''}' is not a number`, fix: 'write e.g. --pids-limit 2048' }) },
  'add-host': { takesValue: true, check: ok },
  dns: { takesValue: true, check: ok },
  'dns-search': { takesValue: true, check: ok },
  'dns-option': { takesValue: true, aliases: ['dns-opt'], check: ok },
  hostname: { short: 'h', takesValue: true, check: ok },
  label: { short: 'l', takesValue: true, check: ok },
  tmpfs: { takesValue: true, check: ok },
  ulimit: { takesValue: true, check: (v) => (/^[a-z]+=-?\d+(:-?\d+)?$/.test(v ?? '') ? { verdict: 'allowed' } : { verdict: 'refused', why: `'${v ?? ''}' is not NAME=SOFT[:HARD]`, fix: 'write e.g. --ulimit nofile=4096:8192' }) },
  'read-only': { takesValue: false, check: ok },
  init: { takesValue: false, check: ok },
  workdir: { short: 'w', takesValue: true, check: ok },
  publish: { short: 'p', takesValue: true, check: (v) => (/^(\d+\.\d+\.\d+\.\d+:)?\d+:\d+(\/(tcp|udp))?$/.test(v ?? '') ? { verdict: 'allowed' } : { verdict: 'refused', why: `'${v ?? ''}' is not [IP:]HOST_PORT:CONTAINER_PORT`, fix: 'write e.g. -p 127.0.0.1:8080:8080' }) },
  rm: { takesValue: false, check: ours('container removal') },
  detach: { short: 'd', takesValue: false, check: ours('attachment') },
  interactive: { short: 'i', takesValue: false, check: ours('stdin') },
  tty: { short: 't', takesValue: false, check: ours('the TTY') },
  name: { takesValue: true, check: ours('the container name') },
  entrypoint: { takesValue: true, check: ours('the command') },
};

const BY_SHORT = new Map(Object.entries(FLAGS).flatMap(([name, def]) => (def.short ? [[def.short, name] as const] : [])));
const BY_ALIAS = new Map(Object.entries(FLAGS).flatMap(([name, def]) => (def.aliases ?? []).map((a) => [a, name] as const)));

export function validateDockerRunArgs(args: readonly string[], repoRoot: string): RunArgsValidation {
  const parsed: ParsedRunArg[] = [];
  const findings: RunArgFinding[] = [];
  const refuse = (index: number, text: string, flag: string, message: string, fix: string): void => {
    findings.push({ index, text, flag, verdict: 'refused', message, fix });
  };
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    const head = splitOption(raw);
    if (head === undefined) {
      refuse(i, raw, '', `docker_run_args[${i}] '${raw}' is not an option: docker_run_args holds options only`, 'remove it; LW Coder chooses the image and the command');
      continue;
    }
    const name = resolveName(head.name, head.short);
    const def = name === undefined ? undefined : FLAGS[name];
    if (name === undefined || def === undefined) {
      refuse(i, raw, head.name, `docker_run_args[${i}] '${raw}' is not an option LW Coder knows how to apply`, 'remove it, or ask for support of this option');
      continue;
    }
    let value = head.value;
    const start = i;
    if (def.takesValue && value === undefined) {
      if (i + 1 >= args.length) {
        refuse(i, raw, name, `docker_run_args[${i}] '${raw}' needs a value`, `add the value after '${raw}'`);
        continue;
      }
      value = args[++i];
    }
    const text = start === i ? raw : `${raw} ${value ?? ''}`;
    const arg: ParsedRunArg = { index: start, flag: name, value, text };
    parsed.push(arg);
    const { verdict, why, fix } = def.check(value, { repoRoot });
    const where = `docker_run_args[${start}] '${text}'`;
    findings.push({
      index: start, text, flag: name, verdict,
      message: verdict === 'allowed' ? `${where} is allowed` : `${where} ${verdict === 'refused' ? 'is refused' : 'needs your confirmation'}: ${why ?? ''}`,
      ...(fix === undefined ? {} : { fix }),
    });
  }
  const refusedIdx = new Set(findings.filter((f) => f.verdict === 'refused').map((f) => f.index));
  return {
    args: parsed,
    findings,
    needsConfirmation: findings.filter((f) => f.verdict === 'needs-confirmation'),
    refused: findings.filter((f) => f.verdict === 'refused'),
    applicable: parsed.filter((a) => !refusedIdx.has(a.index)),
  };
}

function splitOption(raw: string): { name: string; short: boolean; value: string | undefined } | undefined {
  if (raw.startsWith('--') && raw.length > 2) {
    const eq = raw.indexOf('=');
    return eq < 0 ? { name: raw.slice(2), short: false, value: undefined } : { name: raw.slice(2, eq), short: false, value: raw.slice(eq + 1) };
  }
  if (raw.startsWith('-') && raw.length > 1 && raw[1] !== '-') {
    const rest = raw.slice(2);
    return { name: raw.slice(1, 2), short: true, value: rest === '' ? undefined : rest.replace(/^=/, '') };
  }
  return undefined;
}

function resolveName(name: string, short: boolean): string | undefined {
  if (short) return BY_SHORT.get(name);
  return FLAGS[name] !== undefined ? name : BY_ALIAS.get(name);
}

function checkSecurityOpt(value: string | undefined): ReturnType<Check> {
  const v = (value ?? '').replace(':', '=');
  if (/^(seccomp|apparmor|systempaths)=unconfined$/.test(v) || v === 'label=disable' || v === 'no-new-privileges=false') {
    return { verdict: 'needs-confirmation', why: `it turns off a confinement LW Coder relies on (${value ?? ''})`, fix: 'remove it' };
  }
  if (v.startsWith('seccomp=')) return { verdict: 'refused', why: 'seccomp profile files are read by the docker CLI, which LW Coder does not use', fix: 'remove it' };
  return { verdict: 'allowed' };
}

const SOCKET_PATHS = ['/var/run/docker.sock', '/run/docker.sock'];
const RESERVED_TARGETS = [CONTAINER_WORKSPACE, CONTAINER_REPO_GIT, CONTAINER_HOME];

/** A bind source on the host: the docker socket or anything outside the repository needs confirmation. */
function checkBindSource(source: string, target: string, repoRoot: string): ReturnType<Check> {
  if (RESERVED_TARGETS.some((t) => target === t || t.startsWith(`${target}/`) || target.startsWith(`${t}/`))) {
    return { verdict: 'refused', why: `${target} overlaps a mount LW Coder makes`, fix: 'mount at another target' };
  }
  if (source.startsWith('~')) return { verdict: 'refused', why: '~ is not expanded', fix: 'write an absolute path or one relative to the repository' };
  const abs = isAbsolute(source) ? posix.normalize(source) : posix.join(repoRoot, source);
  if (SOCKET_PATHS.includes(abs) || abs.endsWith('/docker.sock')) {
    return { verdict: 'needs-confirmation', why: 'the Docker socket gives the agent control of the host', fix: 'remove this mount' };
  }
  const root = posix.normalize(repoRoot).replace(/\/+$/, '');
  if (abs !== root && !abs.startsWith(`${root}/`)) {
    return { verdict: 'needs-confirmation', why: `${abs} is outside the repository`, fix: 'mount only paths inside the repository' };
  }
  return { verdict: 'allowed' };
}

function checkVolume(value: string, repoRoot: string): ReturnType<Check> {
  const parts = value.split(':');
  const [source, target] = parts;
  if (parts.length < 2 || parts.length > 3 || !source || !target) return { verdict: 'refused', why: `'${value}' is not SOURCE:TARGET[:OPTIONS]`, fix: 'write e.g. -v ./cache:/cache:ro' };
  // A source without a slash is a named volume: it lives in the engine, not on the host's file system.
  if (!source.includes('/') && !source.startsWith('.') && !source.startsWith('~')) return { verdict: 'allowed' };
  return checkBindSource(source, target, repoRoot);
}

/** `--mount type=bind,source=...,target=...[,readonly]` as key=value pairs. */
export function parseMountFlag(value: string): { type: string; source?: string; target?: string; readOnly: boolean } {
  const fields = new Map(value.split(',').map((kv) => { const eq = kv.indexOf('='); return eq < 0 ? [kv, 'true'] as const : [kv.slice(0, eq), kv.slice(eq + 1)] as const; }));
  const pick = (...keys: string[]): string | undefined => keys.map((k) => fields.get(k)).find((v) => v !== undefined);
  const ro = pick('readonly', 'ro');
  return { type: pick('type') ?? 'volume', source: pick('source', 'src'), target: pick('target', 'destination', 'dst'), readOnly: ro !== undefined && ro !== 'false' && ro !== '0' };
}

function checkMountFlag(value: string, repoRoot: string): ReturnType<Check> {
  const m = parseMountFlag(value);
  if (m.target === undefined) return { verdict: 'refused', why: 'it has no target', fix: 'add target=/path' };
  if (m.type === 'bind') return m.source === undefined ? { verdict: 'refused', why: 'a bind mount needs a source', fix: 'add source=...' } : checkBindSource(m.source, m.target, repoRoot);
  if (m.type === 'volume' || m.type === 'tmpfs') return { verdict: 'allowed' };
  return { verdict: 'refused', why: `mount type '${m.type}' is not supported`, fix: 'use type=bind, volume or tmpfs' };
}

/** Docker's size syntax: a number with an optional b, k, m or g unit (base 1024); undefined when malformed. */
export function parseDockerSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i.exec(text.trim());
  if (!m || m[1] === undefined) return undefined;
  const unit = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}
