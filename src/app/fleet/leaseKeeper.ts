import { QueueError } from '../../core/queue/types';
import { heartbeat } from './queue';
import type { QueueDeps } from './queue';

/** Heartbeats per lease: renewing at a third of the lease survives two missed beats (a slow disk, a busy machine). */
export const HEARTBEATS_PER_LEASE = 3;

/**
 * Renews a worker's claim while its run lasts. When the queue says the claim is no longer the worker's (the lease ran
 * out during a long stall and someone else may hold the task now), `onLost` is called once, and the caller stops the
 * run: two workers must never code the same plan. Other failures (the store busy for a moment) are reported and
 * retried at the next beat, while the lease still has time.
 */
export function keepLease(
  queue: QueueDeps,
  claim: { readonly planId: string; readonly worker: string; readonly leaseMs: number },
  handlers: { readonly onLost: (reason: string) => void; readonly onError: (error: unknown) => void },
): { stop(): Promise<void> } {
  let stopped = false;
  let lost = false;
  let beat: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beat = beat.then(async () => {
      if (stopped || lost) return;
      try {
        await heartbeat(queue, claim.planId, { worker: claim.worker, leaseMs: claim.leaseMs });
      } catch (error) {
        if (error instanceof QueueError && (error.code === 'lease-expired' || error.code === 'not-owner' || error.code === 'wrong-state' || error.code === 'unknown-task')) {
          lost = true;
          handlers.onLost(error.message);
        } else handlers.onError(error);
      }
    });
  }, Math.max(250, Math.floor(claim.leaseMs / HEARTBEATS_PER_LEASE)));
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await beat;
    },
  };
}
