/**
 * Questions from several workers at once (credentials, a base image to build) reach the user one at a time: each call
 * of the returned function starts after the previous one settled, whether it resolved or failed. `lwc up` asks in the
 * terminal and the editor's Start Workers in modals; both wrap their asker with this.
 */
export function oneAtATime<A extends unknown[], R>(ask: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let chain: Promise<unknown> = Promise.resolve();
  return (...args) => {
    const next = chain.then(() => ask(...args));
    chain = next.catch(() => undefined);
    return next;
  };
}
