import type { ContainerCreateOptions } from './createOptions';
import type { ContainerSessionSpec } from './session';

/**
 * The engine's create body for a session spec. Everything the spec promises (UID:GID, no-new-privileges, no
 * capabilities, limits, read-only mounts, labels) is stated here explicitly rather than left to engine defaults.
 */
export function toDockerCreateOptions(spec: ContainerSessionSpec): ContainerCreateOptions {
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: [...spec.command],
    Env: spec.env.map((v) => `${v.name}=${v.value}`),
    User: spec.user,
    WorkingDir: spec.workingDir,
    Labels: { ...spec.labels },
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    // One attach owns stdin for the session's life; EOF on it ends the agent like closing a terminal does.
    StdinOnce: spec.openStdin,
    AttachStdin: spec.openStdin,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      Mounts: spec.mounts.map((m) => ({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly })),
      SecurityOpt: [...spec.securityOptions],
      CapDrop: [...spec.capDrop],
      PidsLimit: spec.pidsLimit,
      Memory: spec.memoryBytes,
      // Swap equal to memory: the limit is a real limit, not a detour through swap.
      MemorySwap: spec.memoryBytes,
      Init: true,
    },
  };
}
