/**
 * A loader that is asynchronous in fact, not only in name. An `async` function runs synchronously up to its first
 * await, so a plain `async () => require(x)` called from activate() (the Plans view scanning as it appears) compiled
 * the module inside activate(). Here the first call schedules the load in a later macrotask (setImmediate), after the
 * caller's synchronous work and its microtasks; concurrent callers share that load, and a failed load is retried by
 * the next call. `onLoaded` hears how long each successful load took and when it started (performance.now()).
 */
export function deferredLoader<T>(load: () => T, onLoaded?: (ms: number, startedAt: number) => void): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        const startedAt = performance.now();
        try {
          const loaded = load();
          onLoaded?.(performance.now() - startedAt, startedAt);
          resolve(loaded);
        } catch (error) {
          loading = undefined;
          reject(error);
        }
      });
    }));
}
