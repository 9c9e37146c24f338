import { isAbsolute, posix } from 'node:path';
import type { ContainerCreateOptions, HostConfig, MountSpec } from './createOptions';
import type { SessionMount } from './session';
import { parseDockerSize, parseMountFlag, type ParsedRunArg } from './runArgs';

/**
 * Turns `[code] docker_run_args` that validateDockerRunArgs let through (`applicable`, after the user confirmed the
 * dangerous ones) into the engine's create body. Pure: the same function feeds the dry-run and the real session, so
 * `lwc code --dry-run --json` shows what the container really gets.
 *
 * Two rules keep LW Coder's own guarantees: our labels win over the repository's (recovery finds containers by them),
 * and options LW Coder sets itself were already refused by the validator, so nothing here can drop our mounts.
 */

/** Fields the engine accepts that createOptions.ts does not spell out; passed through unchanged by the adapter. */
interface ExtraHostConfig {
  DeviceCgroupRules?: string[];
  VolumesFrom?: string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function applyRunArgs(create: ContainerCreateOptions, args: readonly ParsedRunArg[], repoRoot: string): ContainerCreateOptions {
  if (args.length === 0) return create;
  const c: Mutable<ContainerCreateOptions> = { ...create };
  const h: Mutable<HostConfig> & ExtraHostConfig = { ...create.HostConfig };
  const env = [...(create.Env ?? [])];
  const mounts: MountSpec[] = [...(h.Mounts ?? [])];
  const labels: Record<string, string> = {};
  const list = <K extends keyof ExtraHostConfig | 'CapAdd' | 'CapDrop' | 'SecurityOpt' | 'ExtraHosts' | 'Dns' | 'DnsSearch' | 'DnsOptions'>(key: K, value: string): void => {
    const current = (h[key] ?? []) as readonly string[];
    (h as Record<string, unknown>)[key] = [...current, value];
  };
  let memorySwapSet = false;

  for (const arg of args) {
    const v = arg.value ?? '';
    switch (arg.flag) {
      case 'env': env.push(v); break;
      case 'network': h.NetworkMode = v; break;
      case 'ipc': h.IpcMode = v; break;
      case 'pid': h.PidMode = v; break;
      case 'uts': h.UTSMode = v; break;
      case 'userns': h.UsernsMode = v; break;
      case 'cgroupns': h.CgroupnsMode = v; break;
      case 'privileged': h.Privileged = arg.value !== 'false'; break;
      case 'cap-add': list('CapAdd', v.toUpperCase()); break;
      case 'cap-drop': list('CapDrop', v.toUpperCase()); break;
      case 'security-opt':
        // Confirmed `no-new-privileges=false` takes ours out; appending it beside ours would leave the engine two answers.
        if (/^no-new-privileges[=:]false$/.test(v)) h.SecurityOpt = (h.SecurityOpt ?? []).filter((o) => !/^no-new-privileges(:true)?$/.test(o));
        else list('SecurityOpt', v);
        break;
      case 'device': h.Devices = [...(h.Devices ?? []), deviceOf(v)]; break;
      case 'device-cgroup-rule': list('DeviceCgroupRules', v); break;
      case 'volumes-from': list('VolumesFrom', v); break;
      case 'volume': mounts.push(volumeMount(v, repoRoot)); break;
      case 'mount': mounts.push(mountFlag(v, repoRoot)); break;
      case 'user': c.User = v; break;
      case 'memory': h.Memory = parseDockerSize(v) ?? h.Memory; break;
      case 'memory-swap': h.MemorySwap = v === '-1' ? -1 : parseDockerSize(v) ?? h.MemorySwap; memorySwapSet = true; break;
      case 'shm-size': h.ShmSize = parseDockerSize(v) ?? h.ShmSize; break;
      case 'cpus': h.NanoCpus = Math.round(Number(v) * 1e9); break;
      case 'cpu-shares': h.CpuShares = Number(v); break;
      case 'cpuset-cpus': h.CpusetCpus = v; break;
      case 'pids-limit': h.PidsLimit = Number(v); break;
      case 'add-host': list('ExtraHosts', v.replace('=', ':')); break;
      case 'dns': list('Dns', v); break;
      case 'dns-search': list('DnsSearch', v); break;
      case 'dns-option': list('DnsOptions', v); break;
      case 'hostname': c.Hostname = v; break;
      case 'label': { const eq = v.indexOf('='); labels[eq < 0 ? v : v.slice(0, eq)] = eq < 0 ? '' : v.slice(eq + 1); break; }
      case 'tmpfs': { const colon = v.indexOf(':'); h.Tmpfs = { ...(h.Tmpfs ?? {}), [colon < 0 ? v : v.slice(0, colon)]: colon < 0 ? '' : v.slice(colon + 1) }; break; }
      case 'ulimit': h.Ulimits = [...(h.Ulimits ?? []), ulimitOf(v)]; break;
      case 'read-only': h.ReadonlyRootfs = arg.value !== 'false'; break;
      case 'init': h.Init = arg.value !== 'false'; break;
      case 'workdir': c.WorkingDir = v; break;
      case 'publish': publish(c, h, v); break;
      default:
        // The validator refuses every flag it does not know, so this is a programming error, not user input.
        throw new Error(`docker_run_args: no rule to apply '${arg.text}'`);
    }
  }
  // `--memory` alone: keep swap equal to memory, as our default does, so the limit stays a real limit.
  if (!memorySwapSet && h.Memory !== create.HostConfig.Memory && h.Memory !== undefined) h.MemorySwap = h.Memory;
  h.Mounts = mounts;
  c.Env = env;
  // Ours last: a repository cannot relabel (and so hide) a container from recovery.
  c.Labels = { ...labels, ...(create.Labels ?? {}) };
  c.HostConfig = h;
  return c;
}

/** The mounts of a create body in the dry-run's shape (binds and named volumes; tmpfs has no source). */
export function mountsOfCreate(create: ContainerCreateOptions): SessionMount[] {
  return (create.HostConfig.Mounts ?? []).map((m) => ({ source: m.Source ?? '', target: m.Target, readOnly: m.ReadOnly === true }));
}

const resolveSource = (source: string, repoRoot: string): string => (isAbsolute(source) ? posix.normalize(source) : posix.join(repoRoot, source));

function volumeMount(value: string, repoRoot: string): MountSpec {
  const [source = '', target = '', options = ''] = value.split(':');
  const readOnly = options.split(',').includes('ro');
  const named = !source.includes('/') && !source.startsWith('.');
  return named ? { Type: 'volume', Source: source, Target: target, ReadOnly: readOnly } : { Type: 'bind', Source: resolveSource(source, repoRoot), Target: target, ReadOnly: readOnly };
}

function mountFlag(value: string, repoRoot: string): MountSpec {
  const m = parseMountFlag(value);
  const type = m.type === 'bind' || m.type === 'tmpfs' ? m.type : 'volume';
  const source = m.source === undefined ? undefined : type === 'bind' ? resolveSource(m.source, repoRoot) : m.source;
  return { Type: type, ...(source === undefined ? {} : { Source: source }), Target: m.target ?? '', ReadOnly: m.readOnly };
}

function deviceOf(value: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const [host = '', inContainer, perms] = value.split(':');
  // `--device /dev/x:rw` has permissions in the second place.
  if (inContainer !== undefined && /^[rwm]+$/.test(inContainer) && perms === undefined) return { PathOnHost: host, PathInContainer: host, CgroupPermissions: inContainer };
  return { PathOnHost: host, PathInContainer: inContainer ?? host, CgroupPermissions: perms ?? 'rwm' };
}

function ulimitOf(value: string): { Name: string; Soft: number; Hard: number } {
  const [name = '', limits = ''] = value.split('=');
  const [soft = '0', hard] = limits.split(':');
  return { Name: name, Soft: Number(soft), Hard: Number(hard ?? soft) };
}

function publish(c: Mutable<ContainerCreateOptions>, h: Mutable<HostConfig>, value: string): void {
  const m = /^(?:(\d+\.\d+\.\d+\.\d+):)?(\d+):(\d+)(?:\/(tcp|udp))?$/.exec(value);
  if (!m) throw new Error(`docker_run_args: cannot apply --publish ${value}`);
  const key = `${m[3]}/${m[4] ?? 'tcp'}`;
  c.ExposedPorts = { ...(c.ExposedPorts ?? {}), [key]: {} };
  h.PortBindings = { ...(h.PortBindings ?? {}), [key]: [...(h.PortBindings?.[key] ?? []), { ...(m[1] ? { HostIp: m[1] } : {}), HostPort: m[2]! }] };
}
