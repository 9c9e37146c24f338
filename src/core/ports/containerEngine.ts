import type { ContextExclusions } from '../container/contextRules';
import type { ContainerCreateOptions } from '../container/createOptions';

/**
 * The container engine as LW Coder needs it: images built from a context, containers created from a spec, attached to
 * a terminal, waited on and cleaned up by label. Implemented with dockerode (src/adapters/docker); the core and the use
 * cases only see this interface. Every call takes a timeout and an AbortSignal; failures are ContainerEngineError with a
 * message that says what to do (src/core/container/errors.ts).
 */
export interface ContainerEngine {
  /** Checks that the engine answers; resolves with its version. Rejects with code `not-running` or `permission`. */
  version(options?: EngineCallOptions): Promise<EngineVersion>;
  /** The image's id and labels, or undefined when no image has that tag (never throws for a missing image). */
  imageInspect(tag: string, options?: EngineCallOptions): Promise<ImageInfo | undefined>;
  /**
   * Builds an image from a directory filtered by ignore rules. Build output is passed to `onProgress` one line at a
   * time, as the engine prints it. Rejects with code `build-failed` whose message ends with the failing step's output.
   */
  buildImage(request: ImageBuildRequest, onProgress: (line: string) => void, options?: EngineCallOptions): Promise<ImageBuildResult>;
  /** Removes an image by tag or id. Resolves false when it did not exist. */
  removeImage(tag: string, options?: EngineCallOptions & { readonly force?: boolean }): Promise<boolean>;
  /** Creates (does not start) a container. Rejects with `image-missing` when the image is absent. */
  createContainer(create: ContainerCreateOptions, options?: EngineCallOptions): Promise<{ readonly id: string }>;
  /** Starts a created container. Attach first when its first output matters (a TTY session). */
  startContainer(id: string, options?: EngineCallOptions): Promise<void>;
  /**
   * Attaches to a container's stdio (before or after start). With a TTY, output is the raw terminal byte stream and
   * input is passed through; without, stdout and stderr are demultiplexed.
   */
  attachContainer(id: string, request: AttachRequest, options?: EngineCallOptions): Promise<ContainerAttachment>;
  /** Resolves with the exit code once the container has stopped (no timeout unless one is given). */
  waitContainer(id: string, options?: EngineCallOptions): Promise<number>;
  /** Stops a running container: SIGTERM, then SIGKILL after `graceSeconds` (default 10). A stopped one is fine. */
  stopContainer(id: string, options?: EngineCallOptions & { readonly graceSeconds?: number }): Promise<void>;
  /** Removes a container (force kills a running one). Resolves false when it did not exist. */
  removeContainer(id: string, options?: EngineCallOptions & { readonly force?: boolean }): Promise<boolean>;
  /** The container's state, mounts and labels, or undefined when it does not exist. */
  inspectContainer(id: string, options?: EngineCallOptions): Promise<ContainerInfo | undefined>;
  /**
   * Saves a container's file system (running or stopped) as the image `repo:tag` (`docker commit`), e.g. before a fleet
   * worker's container is removed. Mounts are not part of it (the worktree stays on the host). Resolves with the image id;
   * rejects with `not-found`-like engine errors when the container is gone.
   */
  commitContainer(id: string, target: ContainerCommitTarget, options?: EngineCallOptions): Promise<{ readonly imageId: string }>;
  /** Containers (running or not) carrying every given label; a label value of `undefined` matches any value. */
  listContainers(filter: { readonly labels: Readonly<Record<string, string | undefined>> }, options?: EngineCallOptions): Promise<readonly ContainerSummary[]>;
}

export interface ContainerCommitTarget {
  readonly repo: string;
  readonly tag: string;
  /** Recorded in the image (`docker image inspect` shows it). */
  readonly comment?: string;
  /** Dockerfile-style changes applied to the image's config, e.g. `LABEL lw_coder.plan_id=x`. */
  readonly changes?: readonly string[];
}

export interface EngineCallOptions {
  /** Cancels the call; the promise rejects with code `aborted`. */
  readonly signal?: AbortSignal;
  /** Milliseconds before the call rejects with code `timeout`; each method documents its default. */
  readonly timeoutMs?: number;
}

export interface EngineVersion {
  readonly version: string;
  readonly apiVersion: string;
  readonly os: string;
  readonly arch: string;
}

export interface ImageInfo {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The image's ONBUILD triggers, which run in every build FROM it (and may COPY from that build's context). */
  readonly onBuild?: readonly string[];
}

/** A build context: files under `root` minus those the Docker ignore rules exclude, plus generated files. */
export interface BuildContextSpec {
  /** Absolute directory whose files form the context. */
  readonly root: string;
  /** Lines of a .dockerignore file (Docker's semantics: `!` exceptions, `**`, patterns relative to the root). */
  readonly ignoreLines?: readonly string[];
  /** Files added to (or replacing files in) the context, e.g. an extra CA bundle that lives outside `root`. */
  readonly extraFiles?: readonly { readonly path: string; readonly content: string | Uint8Array }[];
  /**
   * Never in the context, whatever `ignoreLines` say (a `!` cannot bring them back) and judged on real paths: symbolic
   * links resolving outside `root` or into an excluded path are left out too (core/container/contextRules.ts).
   */
  readonly exclusions?: ContextExclusions;
  /**
   * Only these context-relative paths (files) go in, each judged by `exclusions` on real paths like any other and
   * reached through real directories only; nothing else under `root` is read. A Dockerfile that cannot read the context
   * is sent this way, with just itself (issue 11: a 40 MB repository took 6.4 s to send for nothing).
   */
  readonly only?: readonly string[];
}

export interface ImageBuildRequest {
  readonly context: BuildContextSpec;
  /** The Dockerfile's path inside the context (posix separators); it is sent even when the ignore rules exclude it. */
  readonly dockerfile: string;
  readonly tag: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** Do not use the build cache. */
  readonly noCache?: boolean;
}

export interface ImageBuildResult {
  readonly imageId: string;
  /** Steps the builder ran (legacy builder: `Step n/m`). */
  readonly steps: number;
  /** Steps answered from the cache. */
  readonly cachedSteps: number;
  /** Steps that ran (were not cached); 0 when the build was a no-op. */
  readonly executedSteps: number;
}

export interface AttachRequest {
  /** Forward input to the container (it must be created with OpenStdin). */
  readonly stdin: boolean;
  /** The container was created with a TTY: output is not multiplexed. */
  readonly tty: boolean;
}

export interface ContainerAttachment {
  /** Registers a listener for output; with a TTY every chunk is reported as `stdout`. */
  onOutput(listener: (chunk: Uint8Array, stream: 'stdout' | 'stderr') => void): void;
  /** Writes to the container's stdin (ignored when not attached with stdin). */
  write(data: string | Uint8Array): void;
  /** Closes the container's stdin (EOF). */
  endInput(): void;
  /** Resizes the container's TTY; a no-op when the container has none or has stopped. */
  resize(size: { readonly columns: number; readonly rows: number }, options?: EngineCallOptions): Promise<void>;
  /** Detaches without stopping the container. */
  detach(): void;
  /** Resolves when the output stream ends (the container exited or we detached). */
  readonly ended: Promise<void>;
}

export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly running: boolean;
  readonly exitCode: number | undefined;
  readonly user: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly mounts: readonly { readonly source: string; readonly target: string; readonly readOnly: boolean }[];
}

export interface ContainerSummary {
  readonly id: string;
  readonly names: readonly string[];
  readonly image: string;
  /** Engine state word: created, running, exited, ... */
  readonly state: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Reads the files image builds depend on (Dockerfiles, ignore files, CA bundles). */
export interface ImageInputFiles {
  /** The file's bytes, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /**
   * A digest of exactly what buildImage would send for this context (with `alwaysInclude` kept whatever the ignore
   * rules say): each entry's path, kind, mode, size and content (a link's target), in the order they would be packed.
   * Equal digests mean the builder would see equal contexts.
   */
  digestContext(context: BuildContextSpec, alwaysInclude: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<string>;
}
