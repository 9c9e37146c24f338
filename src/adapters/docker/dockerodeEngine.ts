import type Dockerode from 'dockerode';
import { alwaysInContext } from '../../core/container/contextRules';
import type { ContainerCreateOptions } from '../../core/container/createOptions';
import type {
  AttachRequest, ContainerAttachment, ContainerCommitTarget, ContainerEngine, ContainerInfo, ContainerSummary, EngineCallOptions,
  EngineVersion, ImageBuildRequest, ImageBuildResult, ImageInfo,
} from '../../core/ports/containerEngine';
import { attachToContainer } from './attach';
import { packBuildContext } from './buildContext';
import { BuildProgress } from './buildProgress';
import { guardedCall } from './engineErrors';

export interface DockerodeEngineOptions {
  /** Unix socket of the engine; default DOCKER_HOST's socket or /var/run/docker.sock (dockerode's own default). */
  readonly socketPath?: string;
  /** Default timeout of quick API calls (inspect, create, start...). */
  readonly callTimeoutMs?: number;
  /** Default timeout of an image build. */
  readonly buildTimeoutMs?: number;
}

const DEFAULT_CALL_TIMEOUT_MS = 30_000;
const DEFAULT_BUILD_TIMEOUT_MS = 30 * 60_000;

/**
 * The ContainerEngine over the Docker Engine API with dockerode. dockerode (and its HTTP and gRPC dependencies) is
 * loaded on the first call, never at import: the extension must not pay for it at activation.
 */
export class DockerodeEngine implements ContainerEngine {
  private client: Promise<Dockerode> | undefined;
  private readonly socket: string;

  constructor(private readonly options: DockerodeEngineOptions = {}) {
    const fromEnv = process.env['DOCKER_HOST']?.startsWith('unix://') ? process.env['DOCKER_HOST'].slice('unix://'.length) : undefined;
    this.socket = options.socketPath ?? fromEnv ?? '/var/run/docker.sock';
  }

  private docker(): Promise<Dockerode> {
    this.client ??= import('dockerode').then((m) => {
      const Ctor = ((m as unknown as { default?: typeof Dockerode }).default ?? m) as typeof Dockerode;
      return new Ctor({ socketPath: this.socket });
    });
    return this.client;
  }

  /**
   * `timeoutMs`: omitted → the engine's call timeout; `null` → none (a wait lasts as long as the session). An explicit
   * undefined must not fall back to the default, which is why `null` and not `undefined` means "no timeout".
   */
  private call<T>(what: string, options: EngineCallOptions | undefined, run: (docker: Dockerode, signal: AbortSignal) => Promise<T>, timeoutMs: number | null = this.options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS): Promise<T> {
    return guardedCall(what, options, timeoutMs ?? undefined, this.socket, async (signal) => run(await this.docker(), signal));
  }

  version(options?: EngineCallOptions): Promise<EngineVersion> {
    return this.call('asking Docker for its version', options, async (d, abortSignal) => {
      const v = await invoke<Dockerode.DockerVersion>(d, 'version', { abortSignal });
      return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch };
    });
  }

  imageInspect(tag: string, options?: EngineCallOptions): Promise<ImageInfo | undefined> {
    return this.call(`inspecting image ${tag}`, options, async (d, abortSignal) => {
      try {
        const info = await invoke<Dockerode.ImageInspectInfo>(d.getImage(tag), 'inspect', { abortSignal });
        const onBuild = (info.Config as { OnBuild?: string[] | null } | undefined)?.OnBuild ?? [];
        return { id: info.Id, labels: { ...(info.Config?.Labels ?? {}) }, ...(onBuild.length > 0 ? { onBuild: [...onBuild] } : {}) };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    });
  }

  buildImage(request: ImageBuildRequest, onProgress: (line: string) => void, options?: EngineCallOptions): Promise<ImageBuildResult> {
    return this.call(`building image ${request.tag}`, options, async (d, abortSignal) => {
      const context = packBuildContext(request.context, alwaysInContext(request.dockerfile));
      const stream = await d.buildImage(context, {
        t: request.tag,
        dockerfile: request.dockerfile,
        buildargs: { ...(request.buildArgs ?? {}) },
        labels: { ...(request.labels ?? {}) },
        nocache: request.noCache === true,
        rm: true,
        forcerm: true,
        abortSignal,
      });
      const progress = new BuildProgress(onProgress);
      await new Promise<void>((resolve, reject) => {
        abortSignal.addEventListener('abort', () => (stream as NodeJS.ReadableStream & { destroy(): void }).destroy(), { once: true });
        stream.on('data', (chunk: Buffer) => progress.push(chunk));
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', reject);
      });
      progress.end();
      const failure = progress.failure(request.tag);
      if (failure) throw failure;
      // The legacy builder reports a short id; the canonical one comes from inspecting the tag.
      const info = await invoke<Dockerode.ImageInspectInfo>(d.getImage(request.tag), 'inspect', { abortSignal });
      return { imageId: info.Id, steps: progress.steps, cachedSteps: progress.cachedSteps, executedSteps: progress.executedSteps };
    }, this.options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS);
  }

  removeImage(tag: string, options?: EngineCallOptions & { readonly force?: boolean }): Promise<boolean> {
    return this.call(`removing image ${tag}`, options, async (d, abortSignal) => {
      try {
        await d.getImage(tag).remove({ force: options?.force === true, abortSignal });
        return true;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return false;
        throw error;
      }
    });
  }

  createContainer(create: ContainerCreateOptions, options?: EngineCallOptions): Promise<{ readonly id: string }> {
    return this.call(`creating a container from ${create.Image}`, options, async (d, abortSignal) => {
      const body = structuredClone(create) as unknown as Dockerode.ContainerCreateOptions;
      const container = await d.createContainer({ ...body, abortSignal });
      return { id: container.id };
    });
  }

  startContainer(id: string, options?: EngineCallOptions): Promise<void> {
    return this.call(`starting container ${short(id)}`, options, async (d, abortSignal) => {
      await invoke<unknown>(d.getContainer(id), 'start', { abortSignal });
    });
  }

  attachContainer(id: string, request: AttachRequest, options?: EngineCallOptions): Promise<ContainerAttachment> {
    return this.call(`attaching to container ${short(id)}`, options, async (d) => attachToContainer(d.getContainer(id), request, this.socket));
  }

  waitContainer(id: string, options?: EngineCallOptions): Promise<number> {
    return this.call(`waiting for container ${short(id)}`, options, async (d, abortSignal) => {
      const result = await invoke<{ StatusCode: number }>(d.getContainer(id), 'wait', { abortSignal });
      return result.StatusCode;
    }, options?.timeoutMs ?? null);
  }

  stopContainer(id: string, options?: EngineCallOptions & { readonly graceSeconds?: number }): Promise<void> {
    const grace = options?.graceSeconds ?? 10;
    return this.call(`stopping container ${short(id)}`, options, async (d, abortSignal) => {
      try {
        await d.getContainer(id).stop({ t: grace, abortSignal });
      } catch (error) {
        // 304: already stopped; 404: already gone. Both mean the container is not running, which is what was asked.
        const status = (error as { statusCode?: number }).statusCode;
        if (status !== 304 && status !== 404) throw error;
      }
    }, options?.timeoutMs ?? (grace * 1000 + (this.options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS)));
  }

  removeContainer(id: string, options?: EngineCallOptions & { readonly force?: boolean }): Promise<boolean> {
    return this.call(`removing container ${short(id)}`, options, async (d, abortSignal) => {
      try {
        await d.getContainer(id).remove({ force: options?.force === true, v: true, abortSignal });
        return true;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return false;
        throw error;
      }
    });
  }

  inspectContainer(id: string, options?: EngineCallOptions): Promise<ContainerInfo | undefined> {
    return this.call(`inspecting container ${short(id)}`, options, async (d, abortSignal) => {
      try {
        const c = await invoke<Dockerode.ContainerInspectInfo>(d.getContainer(id), 'inspect', { abortSignal });
        return {
          id: c.Id,
          name: c.Name.replace(/^\//, ''),
          image: c.Config.Image,
          running: c.State.Running,
          exitCode: c.State.Running ? undefined : c.State.ExitCode,
          user: c.Config.User,
          labels: { ...(c.Config.Labels ?? {}) },
          mounts: (c.Mounts ?? []).map((m) => ({ source: m.Source, target: m.Destination, readOnly: !m.RW })),
        };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    });
  }

  commitContainer(id: string, target: ContainerCommitTarget, options?: EngineCallOptions): Promise<{ readonly imageId: string }> {
    return this.call(`saving container ${short(id)} as ${target.repo}:${target.tag}`, options, async (d, abortSignal) => {
      // pause: a consistent snapshot of a running agent's files (the engine resumes it after the commit).
      const result = await invoke<{ Id: string }>(d.getContainer(id), 'commit', {
        repo: target.repo,
        tag: target.tag,
        pause: true,
        ...(target.comment !== undefined ? { comment: target.comment } : {}),
        ...(target.changes && target.changes.length > 0 ? { changes: [...target.changes] } : {}),
        abortSignal,
      });
      return { imageId: result.Id };
    }, options?.timeoutMs ?? 10 * 60_000);
  }

  listContainers(filter: { readonly labels: Readonly<Record<string, string | undefined>> }, options?: EngineCallOptions): Promise<readonly ContainerSummary[]> {
    return this.call('listing containers', options, async (d, abortSignal) => {
      const label = Object.entries(filter.labels).map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
      const list = await d.listContainers({ all: true, filters: { label }, abortSignal });
      return list.map((c) => ({ id: c.Id, names: c.Names.map((n) => n.replace(/^\//, '')), image: c.Image, state: c.State, labels: { ...(c.Labels ?? {}) } }));
    });
  }
}

const short = (id: string): string => id.slice(0, 12);

/**
 * Calls a dockerode method with an options object. dockerode passes `abortSignal` to the HTTP request on every call,
 * but its type declarations only admit it on some overloads.
 */
function invoke<T>(target: object, method: string, options: object): Promise<T> {
  return (target as Record<string, (options: object) => Promise<T>>)[method]!(options);
}
