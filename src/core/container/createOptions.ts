/**
 * The subset of the Docker Engine API's `POST /containers/create` body LW Coder uses, spelled as the API spells it so
 * the adapter passes it through unchanged and tests can compare it as data. See
 * https://docs.docker.com/engine/api/v1.41/#operation/ContainerCreate.
 */
export interface ContainerCreateOptions {
  readonly name?: string;
  readonly Image: string;
  readonly Cmd?: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly Env?: readonly string[];
  readonly User?: string;
  readonly WorkingDir?: string;
  readonly Hostname?: string;
  readonly Labels?: Readonly<Record<string, string>>;
  readonly Tty?: boolean;
  readonly OpenStdin?: boolean;
  readonly StdinOnce?: boolean;
  readonly AttachStdin?: boolean;
  readonly AttachStdout?: boolean;
  readonly AttachStderr?: boolean;
  readonly ExposedPorts?: Readonly<Record<string, Record<string, never>>>;
  readonly HostConfig: HostConfig;
}

export interface MountSpec {
  readonly Type: 'bind' | 'volume' | 'tmpfs';
  readonly Source?: string;
  readonly Target: string;
  readonly ReadOnly?: boolean;
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

export interface HostConfig {
  /**
   * Mounts rather than Binds: a bind mount whose source is missing is an error here, where `Binds` would silently
   * create an empty root-owned directory on the host.
   */
  readonly Mounts?: readonly MountSpec[];
  readonly SecurityOpt?: readonly string[];
  readonly CapDrop?: readonly string[];
  readonly CapAdd?: readonly string[];
  readonly Privileged?: boolean;
  readonly PidsLimit?: number;
  readonly Memory?: number;
  readonly MemorySwap?: number;
  readonly NanoCpus?: number;
  readonly CpuShares?: number;
  readonly CpusetCpus?: string;
  readonly ShmSize?: number;
  readonly NetworkMode?: string;
  readonly ExtraHosts?: readonly string[];
  readonly Dns?: readonly string[];
  readonly DnsSearch?: readonly string[];
  readonly DnsOptions?: readonly string[];
  readonly IpcMode?: string;
  readonly PidMode?: string;
  readonly UTSMode?: string;
  readonly UsernsMode?: string;
  readonly CgroupnsMode?: string;
  readonly Devices?: readonly { readonly PathOnHost: string; readonly PathInContainer: string; readonly CgroupPermissions: string }[];
  readonly Tmpfs?: Readonly<Record<string, string>>;
  readonly Ulimits?: readonly { readonly Name: string; readonly Soft: number; readonly Hard: number }[];
  readonly PortBindings?: Readonly<Record<string, readonly { readonly HostIp?: string; readonly HostPort: string }[]>>;
  readonly ReadonlyRootfs?: boolean;
  /** Empty lists unmask /proc and /sys paths (`--security-opt systempaths=unconfined`); absent keeps the engine's. */
  readonly MaskedPaths?: readonly string[];
  readonly ReadonlyPaths?: readonly string[];
  /** Runs an init process as PID 1 so signals reach the agent and zombies are reaped. */
  readonly Init?: boolean;
  readonly AutoRemove?: boolean;
}
