import type { ContainerCreateOptions } from './createOptions';

/**
 * How the container is confined, read from the final create body (after docker_run_args), for the dry-run: every
 * option that changes the container's reach is listed, so what the user confirms is what runs. Engine defaults are
 * named as such ('default') rather than guessed.
 */
export interface ConfinementView {
  readonly privileged: boolean;
  readonly network: string;
  readonly pidMode: string;
  readonly ipcMode: string;
  readonly utsMode: string;
  readonly usernsMode: string;
  readonly cgroupnsMode: string;
  readonly capAdd: string[];
  readonly devices: { readonly host: string; readonly container: string; readonly permissions: string }[];
  readonly deviceCgroupRules: string[];
  readonly volumesFrom: string[];
  /** Published ports with the host address each is bound to. */
  readonly ports: { readonly container: string; readonly hostIp: string; readonly hostPort: string }[];
  readonly limits: {
    readonly memoryBytes: number | null;
    /** -1: unlimited swap. */
    readonly memorySwapBytes: number | null;
    /** null or ≤ 0: no limit. */
    readonly pidsLimit: number | null;
    readonly nanoCpus: number | null;
    readonly cpuShares: number | null;
    readonly cpusetCpus: string | null;
    readonly shmSizeBytes: number | null;
  };
  readonly tmpfs: { readonly target: string; readonly options: string }[];
  readonly ulimits: { readonly name: string; readonly soft: number; readonly hard: number }[];
  readonly readOnlyRootfs: boolean;
  /** False when /proc and /sys paths are unmasked (`systempaths=unconfined`). */
  readonly systemPathsMasked: boolean;
  readonly extraHosts: string[];
  readonly workingDir: string | null;
}

interface ExtraFields {
  readonly DeviceCgroupRules?: readonly string[];
  readonly VolumesFrom?: readonly string[];
}

export function confinementOf(create: ContainerCreateOptions): ConfinementView {
  const h = create.HostConfig;
  const extra = h as typeof h & ExtraFields;
  return {
    privileged: h.Privileged === true,
    network: h.NetworkMode ?? 'default',
    pidMode: h.PidMode || 'default',
    ipcMode: h.IpcMode || 'default',
    utsMode: h.UTSMode || 'default',
    usernsMode: h.UsernsMode || 'default',
    cgroupnsMode: h.CgroupnsMode || 'default',
    capAdd: [...(h.CapAdd ?? [])],
    devices: (h.Devices ?? []).map((d) => ({ host: d.PathOnHost, container: d.PathInContainer, permissions: d.CgroupPermissions })),
    deviceCgroupRules: [...(extra.DeviceCgroupRules ?? [])],
    volumesFrom: [...(extra.VolumesFrom ?? [])],
    ports: Object.entries(h.PortBindings ?? {}).flatMap(([container, bindings]) => bindings.map((b) => ({ container, hostIp: b.HostIp ?? '', hostPort: b.HostPort }))),
    limits: {
      memoryBytes: h.Memory ?? null,
      memorySwapBytes: h.MemorySwap ?? null,
      pidsLimit: h.PidsLimit ?? null,
      nanoCpus: h.NanoCpus ?? null,
      cpuShares: h.CpuShares ?? null,
      cpusetCpus: h.CpusetCpus ?? null,
      shmSizeBytes: h.ShmSize ?? null,
    },
    tmpfs: [
      ...Object.entries(h.Tmpfs ?? {}).map(([target, options]) => ({ target, options })),
      ...(h.Mounts ?? []).filter((m) => m.Type === 'tmpfs').map((m) => ({ target: m.Target, options: tmpfsOptionsText(m.TmpfsOptions, m.ReadOnly) })),
    ],
    ulimits: (h.Ulimits ?? []).map((u) => ({ name: u.Name, soft: u.Soft, hard: u.Hard })),
    readOnlyRootfs: h.ReadonlyRootfs === true,
    systemPathsMasked: h.MaskedPaths === undefined || h.MaskedPaths.length > 0,
    extraHosts: [...(h.ExtraHosts ?? [])],
    workingDir: create.WorkingDir ?? null,
  };
}

function tmpfsOptionsText(o: { readonly SizeBytes?: number; readonly Mode?: number } | undefined, readOnly: boolean | undefined): string {
  return [readOnly ? 'ro' : '', o?.SizeBytes !== undefined ? `size=${o.SizeBytes}` : '', o?.Mode !== undefined ? `mode=${o.Mode.toString(8)}` : ''].filter(Boolean).join(',');
}
