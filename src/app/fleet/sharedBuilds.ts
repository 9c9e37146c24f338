import type { ContainerEngine, ImageBuildResult } from '../../core/ports/containerEngine';

/**
 * The engine as a fleet's workers share it: when several workers find the same image missing at once (the repository
 * layer on the first `up`), they wait for one build of that tag instead of each running its own. Everything else is the
 * engine's own method.
 */
export function sharedBuilds(engine: ContainerEngine): ContainerEngine {
  const building = new Map<string, Promise<ImageBuildResult>>();
  const buildImage: ContainerEngine['buildImage'] = (request, onProgress, options) => {
    const running = building.get(request.tag);
    if (running) return running;
    const build = engine.buildImage(request, onProgress, options).finally(() => building.delete(request.tag));
    building.set(request.tag, build);
    return build;
  };
  // Every other method is the engine's own, called on the engine (adapters keep state on `this`).
  return new Proxy(engine, {
    get(target, property, receiver) {
      if (property === 'buildImage') return buildImage;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
