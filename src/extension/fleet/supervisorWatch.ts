import { createFleetStateFiles } from '../../adapters/fleet/fleetStateFiles';
import { createProcessPort } from '../../adapters/state/process';
import { supervisorLiveness, type SupervisorLiveness } from '../../core/fleet/supervisorState';

/** How often supervisor.json is read while a fleet terminal is open: one small file, and it changes every heartbeat. */
export const WATCH_INTERVAL_MS = 1000;

/**
 * supervisor.json of one repository, read every second while anyone listens (the worker terminals), so the terminals
 * follow a supervisor whether it runs in this window or in a terminal (`lwc up`). Reads are never concurrent; a
 * corrupt file is reported to the listeners as an error string.
 */
export class SupervisorWatch {
  private readonly listeners = new Set<(liveness: SupervisorLiveness | { kind: 'error'; error: string }) => void>();
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  private readonly state;
  private readonly proc = createProcessPort();

  constructor(readonly repoRoot: string) {
    this.state = createFleetStateFiles(repoRoot);
  }

  subscribe(listener: (liveness: SupervisorLiveness | { kind: 'error'; error: string }) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) this.schedule(0);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Stops reading for good (the extension deactivates). */
  dispose(): void {
    this.listeners.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    let seen: SupervisorLiveness | { kind: 'error'; error: string };
    try {
      const state = await this.state.readSupervisor();
      seen = supervisorLiveness(state, { hostname: this.proc.hostname, isAlive: (pid) => this.proc.isAlive(pid), nowMs: Date.now() });
    } catch (error) {
      seen = { kind: 'error', error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.reading = false;
    }
    for (const l of [...this.listeners]) l(seen);
    if (this.listeners.size > 0) this.schedule(WATCH_INTERVAL_MS);
    else this.timer = undefined;
  }
}
