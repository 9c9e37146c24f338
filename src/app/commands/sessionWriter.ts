import type { SessionRecord } from '../../core/commands/types';

/**
 * Writes session.json after every step without making the next step wait for the disk: each write is atomic and
 * durable (the store's temp + fsync + rename + fsync dir, about as long as a short step), at most one is in flight, and
 * a record asked for while one is in flight replaces any older one still waiting (each record holds the whole
 * history, so the newest says everything). A crash therefore leaves the last completed write: a readable history at
 * most the steps of one write behind. `flush` waits until the newest record is on disk and reports a write failure.
 */
export interface SessionWriter {
  schedule(record: SessionRecord): void;
  flush(): Promise<void>;
}

export function sessionWriter(write: (record: SessionRecord) => Promise<void>): SessionWriter {
  let waiting: SessionRecord | undefined;
  let running: Promise<void> | undefined;
  let failure: unknown;
  const pump = async (): Promise<void> => {
    while (waiting) {
      const next = waiting;
      waiting = undefined;
      try {
        await write(next);
      } catch (error) {
        failure ??= error;
      }
    }
    running = undefined;
  };
  return {
    schedule(record) {
      waiting = record;
      running ??= pump();
    },
    async flush() {
      while (running) await running;
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
    },
  };
}
