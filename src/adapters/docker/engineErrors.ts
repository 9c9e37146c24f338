import { ContainerEngineError } from '../../core/container/errors';

/**
 * Raw engine failures in words a user can act on. A raw `connect ENOENT /var/run/docker.sock` is never shown alone
 * (vscode-docker #189); the engine's own text is kept as `detail` for the log.
 */
export function translateEngineError(error: unknown, what: string, socket: string): ContainerEngineError {
  if (error instanceof ContainerEngineError) return error;
  const e = (error ?? {}) as { code?: string; statusCode?: number; message?: string; json?: { message?: string } | null; reason?: string };
  const engineText = (e.json?.message ?? e.message ?? String(error)).trim();
  const detail = `${what}: ${engineText}`;
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') {
    return new ContainerEngineError('not-running',
      `Docker is not running or not installed (nothing answers at ${socket}). Start Docker Desktop, or on Linux run ` +
      '`sudo systemctl start docker`; if Docker is missing, install it from https://docs.docker.com/engine/install/.', detail);
  }
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return new ContainerEngineError('permission',
      `You may not use the Docker engine at ${socket} (permission denied). Add your user to the docker group: ` +
      '`sudo usermod -aG docker $USER`, then log out and back in (or run `newgrp docker`).', detail);
  }
  if (e.statusCode === 404 && /no such image|not found|pull access denied|repository does not exist/i.test(engineText)) {
    return new ContainerEngineError('image-missing',
      `${capitalize(what)} failed: the image is not available locally (${engineText}). Build it first; LW Coder builds ` +
      'its lw_coder_droid images on demand before a run.', detail);
  }
  if (e.statusCode === 404 && /no such container/i.test(engineText)) {
    return new ContainerEngineError('container-missing', `${capitalize(what)} failed: the container no longer exists.`, detail);
  }
  if (e.statusCode === 409) {
    return new ContainerEngineError('conflict',
      `${capitalize(what)} failed: ${engineText}. If a container from an earlier run is in the way, remove it with ` +
      '`docker rm -f <name>` or run `lwc recover`.', detail);
  }
  return new ContainerEngineError('engine', `${capitalize(what)} failed: the Docker engine said "${engineText}".`, detail);
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Runs one engine call under a timeout and the caller's AbortSignal. The call gets a signal that fires on either, so
 * the HTTP request is torn down too; the returned promise settles at once even when the engine client does not notice.
 */
export async function guardedCall<T>(
  what: string,
  options: { readonly signal?: AbortSignal; readonly timeoutMs?: number } | undefined,
  defaultTimeoutMs: number | undefined,
  socket: string,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    if (options?.signal?.aborted) {
      reject(new ContainerEngineError('aborted', `${capitalize(what)} was cancelled.`));
      controller.abort();
      return;
    }
    onAbort = (): void => {
      reject(new ContainerEngineError('aborted', `${capitalize(what)} was cancelled.`));
      controller.abort();
    };
    options?.signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        reject(new ContainerEngineError('timeout',
          `${capitalize(what)} took longer than ${Math.round(timeoutMs / 1000)} s. Check that Docker is responsive (\`docker info\`) and try again.`));
        controller.abort();
      }, timeoutMs);
    }
  });
  stop.catch(() => undefined);
  try {
    return await Promise.race([run(controller.signal).catch((error: unknown) => { throw translateEngineError(error, what, socket); }), stop]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) options?.signal?.removeEventListener('abort', onAbort);
  }
}
