/**
 * Why a container-engine call failed, in words for the user. Adapters translate raw engine errors (ENOENT on the
 * socket, HTTP 404, a build step's non-zero exit) into these codes so the extension and the CLI can offer the fix
 * without parsing messages.
 */
export type ContainerEngineErrorCode =
  | 'not-running'
  | 'permission'
  | 'image-missing'
  | 'container-missing'
  | 'build-failed'
  | 'conflict'
  | 'timeout'
  | 'aborted'
  | 'engine';

export class ContainerEngineError extends Error {
  override readonly name = 'ContainerEngineError';
  constructor(
    readonly code: ContainerEngineErrorCode,
    message: string,
    /** The engine's own words, for the log; never shown alone. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export const isEngineError = (error: unknown, code?: ContainerEngineErrorCode): error is ContainerEngineError =>
  error instanceof ContainerEngineError && (code === undefined || error.code === code);
