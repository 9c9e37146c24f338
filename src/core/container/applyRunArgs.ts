import type { ContainerCreateOptions, HostConfig, MountSpec } from './createOptions';
import { parseGoBool, parseGoInt, parseRamBytes } from './goValues';
import { parseTmpfsFlag } from './mountSpec';
import { DEFAULT_PUBLISH_IP, parsePublish } from './publishSpec';
import type { ParsedRunArg } from './runArgs';
import { judgeSecurityOpt } from './securityOpt';
import type { SessionMount } from './session';
import { parseUlimit } from './ulimit';

/**
 * Turns `[code] docker_run_args` that validateDockerRunArgs let through (`applicable`, after the user confirmed the
 * dangerous ones) into the engine's create body. Pure: the same function feeds the dry-run and the real session, so
 * `lwc code --dry-run --json` shows what the container really gets. Values are read with the parsers that judged them,
 * and mounts come as judged (bind sources resolved).
 *
 * Rules that keep LW Coder's own guarantees: our labels win over the repository's (recovery finds containers by them);
 * a published port without an address binds 127.0.0.1; no-new-privileges ends up as one explicit entry, so the engine
 * never sees two answers; options LW Coder sets itself were already refused, so nothing here can drop our mounts.
 */

/** Fields the engine accepts that createOptions.ts does not spell out; passed through unchanged by the adapter. */
interface ExtraHostConfig {
  DeviceCgroupRules?: string[];
  VolumesFrom?: string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NO_NEW_PRIVILEGES = 'no-new-privileges';

export function applyRunArgs(create: ContainerCreateOptions, args: readonly ParsedRunArg[]): ContainerCreateOptions {
  if (args.length === 0) return create;
  const c: Mutable<ContainerCreateOptions> = { ...create };
  const h: Mutable<HostConfig> & ExtraHostConfig = { ...create.HostConfig };
  const env = [...(create.Env ?? [])];
  const mounts: MountSpec[] = [...(h.Mounts ?? [])];
  const labels: Record<string, string> = {};
  const list = <K extends keyof ExtraHostConfig | 'CapAdd' | 'CapDrop' | 'ExtraHosts' | 'Dns' | 'DnsSearch' | 'DnsOptions'>(key: K, value: string): void => {
    const current = (h[key] ?? []) as readonly string[];
    (h as Record<string, unknown>)[key] = [...current, value];
  };
  const bool = (value: string | undefined): boolean => (value === undefined ? true : parseGoBool(value) === true);
  const bytes = (value: string, fallback: number | undefined): number | undefined => parseRamBytes(value) ?? fallback;
  // The engine applies security options in order; ours comes first, so the last spelling of no-new-privileges wins.
  let noNewPrivileges = (h.SecurityOpt ?? []).includes(NO_NEW_PRIVILEGES);
  const securityOpt = (h.SecurityOpt ?? []).filter((o) => o !== NO_NEW_PRIVILEGES);
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
      case 'privileged': h.Privileged = bool(arg.value); break;
      case 'cap-add': list('CapAdd', v.toUpperCase()); break;
      case 'cap-drop': list('CapDrop', v.toUpperCase()); break;
      case 'security-opt': {
        const opt = judgeSecurityOpt(v).opt;
        if (opt?.kind === 'no-new-privileges') noNewPrivileges = opt.enabled;
        else if (opt?.kind === 'systempaths-unconfined') { h.MaskedPaths = []; h.ReadonlyPaths = []; }
        else if (opt?.kind === 'engine') securityOpt.push(opt.text);
        else throw new Error(`docker_run_args: no rule to apply '${arg.text}'`);
        break;
      }
      case 'device': h.Devices = [...(h.Devices ?? []), deviceOf(v)]; break;
      case 'device-cgroup-rule': list('DeviceCgroupRules', v); break;
      case 'volumes-from': list('VolumesFrom', v); break;
      case 'volume':
      case 'mount':
        // Only the judged mount is applied: re-reading the value would re-resolve a path the judge already resolved.
        if (!arg.mount) throw new Error(`docker_run_args: '${arg.text}' was not judged`);
        mounts.push(arg.mount);
        break;
      case 'tmpfs': {
        const t = parseTmpfsFlag(v);
        if (!t.ok) throw new Error(`docker_run_args: cannot apply --tmpfs ${v}`);
        h.Tmpfs = { ...(h.Tmpfs ?? {}), [t.target]: t.options };
        break;
      }
      case 'user': c.User = v; break;
      case 'memory': h.Memory = bytes(v, h.Memory); break;
      case 'memory-swap': h.MemorySwap = v === '-1' ? -1 : bytes(v, h.MemorySwap); memorySwapSet = true; break;
      case 'shm-size': h.ShmSize = bytes(v, h.ShmSize); break;
      case 'cpus': h.NanoCpus = Math.round(Number(v) * 1e9); break;
      case 'cpu-shares': h.CpuShares = parseGoInt(v, 0) ?? h.CpuShares; break;
      case 'cpuset-cpus': h.CpusetCpus = v; break;
      case 'pids-limit': h.PidsLimit = parseGoInt(v, 0) ?? h.PidsLimit; break;
      case 'add-host': list('ExtraHosts', v.replace('=', ':')); break;
      case 'dns': list('Dns', v); break;
      case 'dns-search': list('DnsSearch', v); break;
      case 'dns-option': list('DnsOptions', v); break;
      case 'hostname': c.Hostname = v; break;
      case 'label': { const eq = v.indexOf('='); labels[eq < 0 ? v : v.slice(0, eq)] = eq < 0 ? '' : v.slice(eq + 1); break; }
      case 'ulimit': {
        const u = parseUlimit(v);
        if (!u.ok) throw new Error(`docker_run_args: cannot apply --ulimit ${v}`);
        h.Ulimits = [...(h.Ulimits ?? []).filter((x) => x.Name !== u.name), { Name: u.name, Soft: u.soft, Hard: u.hard }];
        break;
      }
      case 'read-only': h.ReadonlyRootfs = bool(arg.value); break;
      case 'init': h.Init = bool(arg.value); break;
      case 'workdir': c.WorkingDir = v; break;
      case 'publish': publish(c, h, v); break;
      default:
        // The validator refuses every flag it does not know, so this is a programming error, not user input.
        throw new Error(`docker_run_args: no rule to apply '${arg.text}'`);
    }
  }
  // `--memory` alone: keep swap equal to memory, as our default does, so the limit stays a real limit.
  if (!memorySwapSet && h.Memory !== create.HostConfig.Memory && h.Memory !== undefined) h.MemorySwap = h.Memory;
  h.SecurityOpt = [noNewPrivileges ? NO_NEW_PRIVILEGES : `${NO_NEW_PRIVILEGES}=false`, ...securityOpt];
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

function deviceOf(value: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const [host = '', inContainer, perms] = value.split(':');
  // `--device /dev/x:rw` has permissions in the second place.
  if (inContainer !== undefined && /^[rwm]+$/.test(inContainer) && perms === undefined) return { PathOnHost: host, PathInContainer: host, CgroupPermissions: inContainer };
  return { PathOnHost: host, PathInContainer: inContainer ?? host, CgroupPermissions: perms ?? 'rwm' };
}

function publish(c: Mutable<ContainerCreateOptions>, h: Mutable<HostConfig>, value: string): void {
  const parsed = parsePublish(value);
  if (!parsed.ok) throw new Error(`docker_run_args: cannot apply --publish ${value}`);
  for (const m of parsed.mappings) {
    c.ExposedPorts = { ...(c.ExposedPorts ?? {}), [m.containerPort]: {} };
    // No address means every interface to Docker; the repository gets loopback unless it names (and the user confirms) one.
    const binding = { HostIp: m.hostIp === '' ? DEFAULT_PUBLISH_IP : m.hostIp, HostPort: m.hostPort };
    h.PortBindings = { ...(h.PortBindings ?? {}), [m.containerPort]: [...(h.PortBindings?.[m.containerPort] ?? []), binding] };
  }
}
