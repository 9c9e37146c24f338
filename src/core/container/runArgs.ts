import type { MountSpec } from './createOptions';
import { parseGoBool, parseGoInt, parseRamBytes } from './goValues';
import { judgeBindSource, type HostPathContext, type HostPathFacts } from './hostPaths';
import { parseMountFlag, parseTmpfsFlag, parseVolumeFlag, type MountParse } from './mountSpec';
import { classifyIp, DEFAULT_PUBLISH_IP, parsePublish } from './publishSpec';
import { reservedEnvNames } from './reservedEnv';
import { tokenizeRunArgs, type RunArgToken } from './runArgsTokens';
import { judgeSecurityOpt } from './securityOpt';
import { parseUlimit } from './ulimit';

/**
 * `[code] docker_run_args` come from the repository, so they are untrusted input: a cloned repository must not be
 * able to give its agent the host. Each option is read as Docker reads it (goValues, mountSpec, publishSpec,
 * securityOpt) and classified: allowed (limits, networking off, mounts inside the repository...), needs-confirmation
 * (privileged, host namespaces, capabilities, devices, unlimited resources, ports on other interfaces, mounts that
 * resolve outside the repository or to a socket or device) or refused (unknown or malformed options, options LW Coder
 * sets itself, mounts over its mount points, writable mounts of the repository or its .git, shadowed variables).
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
  /** For `-v`/`--mount`: the mount as judged, bind sources resolved, so the engine mounts exactly what was judged. */
  readonly mount?: MountSpec;
}

export interface RunArgFinding {
  /** Index in docker_run_args; -1 for a path LW Coder uses (env_file, `.lw_coder/runs`...). */
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

export interface RunArgsContext extends HostPathContext {
  /** Facts about every path bindSourcesOf listed, keyed by that path. */
  readonly hostPaths: ReadonlyMap<string, HostPathFacts>;
}

interface Judgement {
  readonly verdict: RunArgVerdict;
  /** Why (or, for an allowed option, what it does that the user may not expect). */
  readonly why?: string;
  readonly fix?: string;
  readonly mount?: MountSpec;
}

type Check = (value: string | undefined, ctx: RunArgsContext) => Judgement;

const ok: Judgement = { verdict: 'allowed' };
const confirm = (why: string, fix: string): Check => () => ({ verdict: 'needs-confirmation', why, fix });
const refused = (why: string, fix: string): Judgement => ({ verdict: 'refused', why, fix });
const ours = (what: string): Check => () => refused(`LW Coder sets ${what} itself`, 'remove it from docker_run_args');
const hostNamespace = (what: string): Check => (v) => (v === 'host' || (v ?? '').startsWith('container:')
  ? { verdict: 'needs-confirmation', why: `it shares the ${what} namespace of ${v === 'host' ? 'the host' : v}`, fix: 'drop it unless the agent really needs it' }
  : ok);
/** pflag bool flags: bare means true, `=VALUE` is Go's ParseBool. */
const boolFlag = (whenTrue: Judgement): Check => (v) => {
  const on = v === undefined ? true : parseGoBool(v);
  if (on === undefined) return refused(`'${v ?? ''}' is not a boolean Docker reads (1, t, true, 0, f, false...)`, 'write the option alone to turn it on, or remove it');
  return on ? whenTrue : ok;
};
const size = (onZero?: string): Check => (v) => {
  const bytes = parseRamBytes(v ?? '');
  if (bytes === undefined) return refused(`'${v ?? ''}' is not a size`, 'write a size such as 512m or 4g');
  return bytes === 0 && onZero ? { verdict: 'needs-confirmation', why: onZero, fix: 'write a limit such as 4g' } : ok;
};

const FLAGS: Readonly<Record<string, { readonly short?: string; readonly aliases?: readonly string[]; readonly bool?: true; readonly check: Check }>> = {
  env: { short: 'e', check: checkEnv },
  'env-file': { check: () => refused('env files are read by LW Coder', 'set [code] env_file in .lw_coder/config.toml') },
  network: { aliases: ['net'], check: (v) => (v === 'host' || (v ?? '').startsWith('container:')
    ? { verdict: 'needs-confirmation', why: `it gives the container the network of ${v === 'host' ? 'the host (including services on localhost)' : v}`, fix: 'use the default bridge network or --network none' }
    : ok) },
  ipc: { check: hostNamespace('IPC') },
  pid: { check: hostNamespace('process') },
  uts: { check: hostNamespace('UTS') },
  userns: { check: hostNamespace('user') },
  cgroupns: { check: hostNamespace('cgroup') },
  privileged: { bool: true, check: boolFlag({ verdict: 'needs-confirmation', why: 'privileged mode gives the container every capability and all host devices', fix: 'remove --privileged; add only the capability you need' }) },
  'cap-add': { check: confirm('it gives the agent a Linux capability LW Coder drops', 'remove it unless a tool in the image needs exactly that capability') },
  'cap-drop': { check: () => ok },
  'security-opt': { check: (v) => judgeSecurityOpt(v ?? '') },
  device: { check: confirm('it exposes a host device', 'remove it unless the agent needs that device') },
  'device-cgroup-rule': { check: confirm('it allows access to host devices', 'remove it') },
  'volumes-from': { check: confirm("it mounts another container's volumes", 'mount only paths inside the repository') },
  volume: { short: 'v', check: (v, ctx) => judgeMount(parseVolumeFlag(v ?? '', ctx.repoRoot), ctx) },
  mount: { check: (v, ctx) => judgeMount(parseMountFlag(v ?? '', ctx.repoRoot), ctx) },
  tmpfs: { check: (v) => { const t = parseTmpfsFlag(v ?? ''); return t.ok ? ok : refused(t.why, t.fix); } },
  user: { short: 'u', check: confirm('it replaces the host UID:GID, so files the agent writes may get another owner', 'remove it; LW Coder runs the container as you') },
  memory: { short: 'm', check: size('0 removes the memory limit') },
  'memory-swap': { check: (v, ctx) => (v === '-1' ? { verdict: 'needs-confirmation', why: 'it allows unlimited swap, so memory is no longer limited', fix: 'remove it; LW Coder keeps swap equal to memory' } : size()(v, ctx)) },
  'shm-size': { check: size() },
  cpus: { check: (v) => (/^\d+(\.\d+)?$/.test(v ?? '') ? ok : refused(`'${v ?? ''}' is not a number of CPUs`, 'write e.g. --cpus 2')) },
  'cpu-shares': { short: 'c', check: (v) => (parseGoInt(v ?? '', 0) === undefined ? refused(`'${v ?? ''}' is not a number`, 'write e.g. --cpu-shares 512') : ok) },
  'cpuset-cpus': { check: (v) => (/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(v ?? '') ? ok : refused(`'${v ?? ''}' is not a CPU list`, 'write e.g. --cpuset-cpus 0-3')) },
  'pids-limit': { check: (v) => {
    const n = parseGoInt(v ?? '', 0);
    if (n === undefined) return refused(`'${v ?? ''}' is not a number`, 'write e.g. --pids-limit 2048');
    return n <= 0 ? { verdict: 'needs-confirmation', why: `${v ?? ''} removes the limit on processes (a fork bomb then reaches the host)`, fix: 'write a positive limit such as 2048' } : ok;
  } },
  'add-host': { check: () => ok },
  dns: { check: () => ok },
  'dns-search': { check: () => ok },
  'dns-option': { aliases: ['dns-opt'], check: () => ok },
  hostname: { short: 'h', check: () => ok },
  label: { short: 'l', check: () => ok },
  ulimit: { check: (v) => { const u = parseUlimit(v ?? ''); return u.ok ? (u.raises ? { verdict: 'needs-confirmation', why: u.raises, fix: 'remove it, or give a finite limit' } : ok) : refused(u.why, 'write e.g. --ulimit nofile=4096:8192'); } },
  'read-only': { bool: true, check: boolFlag(ok) },
  init: { bool: true, check: boolFlag(ok) },
  workdir: { short: 'w', check: (v) => ((v ?? '').startsWith('/') ? ok : refused(`'${v ?? ''}' is not an absolute container path`, 'write e.g. --workdir /workspace/sub')) },
  publish: { short: 'p', check: checkPublish },
  rm: { bool: true, check: ours('container removal') },
  detach: { short: 'd', bool: true, check: ours('attachment') },
  interactive: { short: 'i', bool: true, check: ours('stdin') },
  tty: { short: 't', bool: true, check: ours('the TTY') },
  name: { check: ours('the container name') },
  entrypoint: { check: ours('the command') },
};

let reserved: ReadonlySet<string> | undefined;

function checkEnv(v: string | undefined): Judgement {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(v ?? '');
  if (!m) return refused('only NAME=VALUE is supported here', 'forward host variables with [code] forward_env instead');
  reserved ??= reservedEnvNames();
  return reserved.has(m[1]!) ? refused(`LW Coder sets ${m[1]!} itself (endpoint, key or home of the agent)`, `remove it; LW Coder's value must not be shadowed`) : ok;
}

function checkPublish(v: string | undefined): Judgement {
  const parsed = parsePublish(v ?? '');
  if (!parsed.ok) return refused(`'${v ?? ''}' cannot be published: ${parsed.why}`, 'write [IP:][HOST_PORT:]CONTAINER_PORT[/PROTO], e.g. -p 8080:80');
  const open = [...new Set(parsed.mappings.map((m) => m.hostIp).filter((ip) => ip !== '' && classifyIp(ip) !== 'loopback'))];
  if (open.length > 0) {
    return { verdict: 'needs-confirmation', why: `it publishes the agent's ports on ${open.map((ip) => (classifyIp(ip) === 'unspecified' ? `every interface (${ip})` : ip)).join(', ')}, reachable from other machines`, fix: 'leave the address out (LW Coder then binds 127.0.0.1) or write 127.0.0.1:' };
  }
  return parsed.mappings.some((m) => m.hostIp === '') ? { verdict: 'allowed', why: `published on ${DEFAULT_PUBLISH_IP} only; write 0.0.0.0:... to publish on every interface (asks first)` } : ok;
}

function judgeMount(parsed: MountParse, ctx: RunArgsContext): Judgement {
  if (!parsed.ok) return refused(parsed.why, parsed.fix);
  const m = parsed.mount;
  const tmpfs = m.tmpfs ? { TmpfsOptions: { ...(m.tmpfs.sizeBytes === undefined ? {} : { SizeBytes: m.tmpfs.sizeBytes }), ...(m.tmpfs.mode === undefined ? {} : { Mode: m.tmpfs.mode }) } } : {};
  if (m.type !== 'bind') return { verdict: 'allowed', mount: { Type: m.type, ...(m.source === undefined ? {} : { Source: m.source }), Target: m.target, ReadOnly: m.readOnly, ...tmpfs } };
  const facts = ctx.hostPaths.get(m.source ?? '');
  if (!facts) return refused(`${m.source ?? ''} was not inspected before judging`, 'report this as a bug in LW Coder');
  const verdict = judgeBindSource(facts, m.readOnly, ctx);
  const mount: MountSpec = { Type: 'bind', Source: facts.realPath, Target: m.target, ReadOnly: m.readOnly };
  if (verdict.verdict !== 'allowed') return { verdict: verdict.verdict, ...(verdict.why ? { why: verdict.why } : {}), ...(verdict.fix ? { fix: verdict.fix } : {}), mount };
  return { verdict: 'allowed', ...(facts.realPath !== facts.path ? { why: `mounts ${facts.realPath}` } : {}), mount };
}

const BY_SHORT = new Map(Object.entries(FLAGS).flatMap(([name, def]) => (def.short ? [[def.short, name] as const] : [])));
const BY_ALIAS = new Map(Object.entries(FLAGS).flatMap(([name, def]) => (def.aliases ?? []).map((a) => [a, name] as const)));
const FLAG_SHAPES = { resolve: (name: string, short: boolean): string | undefined => (short ? BY_SHORT.get(name) : FLAGS[name] !== undefined ? name : BY_ALIAS.get(name)), isBool: (name: string): boolean => FLAGS[name]?.bool === true };

/** The options of docker_run_args as Docker's flag parser would split them (values stay with their option). */
export function runArgTokens(args: readonly string[]): readonly RunArgToken[] {
  return tokenizeRunArgs(args, FLAG_SHAPES);
}

/** The host paths `-v`/`--mount` would bind, absolute as written: the caller resolves each before judging. */
export function bindSourcesOf(args: readonly string[], repoRoot: string): string[] {
  const sources: string[] = [];
  for (const token of runArgTokens(args)) {
    if (token.kind !== 'option' || (token.flag !== 'volume' && token.flag !== 'mount')) continue;
    const parsed = token.flag === 'volume' ? parseVolumeFlag(token.value ?? '', repoRoot) : parseMountFlag(token.value ?? '', repoRoot);
    if (parsed.ok && parsed.mount.type === 'bind' && parsed.mount.source !== undefined) sources.push(parsed.mount.source);
  }
  return sources;
}

export function validateDockerRunArgs(args: readonly string[], ctx: RunArgsContext): RunArgsValidation {
  const parsed: ParsedRunArg[] = [];
  const findings: RunArgFinding[] = [];
  for (const token of runArgTokens(args)) {
    if (token.kind === 'error') {
      findings.push({ index: token.index, text: token.text, flag: token.flag, verdict: 'refused', message: `docker_run_args[${token.index}] '${token.text}' ${token.why}`, fix: token.fix });
      continue;
    }
    const { verdict, why, fix, mount } = FLAGS[token.flag]!.check(token.value, ctx);
    const arg: ParsedRunArg = { index: token.index, flag: token.flag, value: token.value, text: token.text, ...(mount ? { mount } : {}) };
    parsed.push(arg);
    const where = `docker_run_args[${token.index}] '${token.text}'`;
    findings.push({
      index: token.index, text: token.text, flag: token.flag, verdict,
      message: verdict === 'allowed' ? `${where} is allowed${why ? ` (${why})` : ''}` : `${where} ${verdict === 'refused' ? 'is refused' : 'needs your confirmation'}: ${why ?? ''}`,
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
