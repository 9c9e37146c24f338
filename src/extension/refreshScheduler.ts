/**
 * When a view model reads its data (PR-GitHub's RefreshManager, vscode-containers' tree refresh): only while someone
 * looks (`setActive(true)`) or asks (`refresh()`); file-event bursts collapse into one read after `debounceMs`; one read
 * runs at a time, and callers arriving during a read share one follow-up read, so `refresh()` always resolves after a
 * read that started after the call (a caller that just wrote a file sees it).
 */
export class RefreshScheduler {
  private active = false;
  private stale = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private disposed = false;

  /** `onShow`: read at once when the view appears with stale data, or after the debounce (keeps startup light). */
  constructor(
    private readonly read: () => Promise<void>,
    private readonly options: { readonly debounceMs: number; readonly onShow: 'now' | 'debounced' },
  ) {}

  setActive(active: boolean): void {
    this.active = active;
    if (!active || !this.stale) return;
    if (this.options.onShow === 'now') void this.refresh();
    else this.markStale();
  }

  /** The data changed: read soon if someone looks, else when they next do. */
  markStale(): void {
    this.stale = true;
    if (!this.active || this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.options.debounceMs);
  }

  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.running) {
      this.stale = false;
      this.running = this.read().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
