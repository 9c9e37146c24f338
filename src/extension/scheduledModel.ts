import * as vscode from 'vscode';
import { RefreshScheduler } from './refreshScheduler';

/**
 * What the editor's view models (Plans, worktrees, Runs, Commands, Workers) share: a state, its change event, a
 * RefreshScheduler that calls the model's `readOnce()`, and a dispose that stops the scheduler, aborts a read in flight
 * and silences the event. Each model keeps its own read and says how it announces it: after every read (`fire`) or
 * only when the state changed (`fireIfChanged`, for trees whose redraw under a click loses the click).
 */
export abstract class ScheduledModel<S> implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<S>();
  readonly onDidChange = this.changed.event;
  protected current: S;
  protected disposed = false;
  protected readonly scheduler: RefreshScheduler;
  /** The key of the state last announced by `fireIfChanged`. */
  private lastFired: string | undefined;
  private controller: AbortController | undefined;

  protected constructor(initial: S, options: ConstructorParameters<typeof RefreshScheduler>[1]) {
    this.current = initial;
    this.scheduler = new RefreshScheduler(() => this.readOnce(), options);
  }

  get state(): S {
    return this.current;
  }

  /** The view became visible or hidden. */
  setActive(active: boolean): void {
    this.scheduler.setActive(active);
  }

  markStale(): void {
    this.scheduler.markStale();
  }

  /** Resolves after a read that started after this call; concurrent callers share one follow-up read. */
  refresh(): Promise<void> {
    return this.disposed ? Promise.resolve() : this.scheduler.refresh();
  }

  /** One read of the model's data into `current`, announced as the model wants. */
  protected abstract readOnce(): Promise<void>;

  /** A controller for one read: dispose aborts it; pass it to `endRead` when the read is over. */
  protected beginRead(): AbortController {
    const controller = new AbortController();
    this.controller = controller;
    return controller;
  }

  protected endRead(controller: AbortController): void {
    if (this.controller === controller) this.controller = undefined;
  }

  /** Announces the current state, unless disposed. */
  protected fire(): void {
    if (!this.disposed) this.changed.fire(this.current);
  }

  /** Announces the current state only when `key` differs from the one last announced here, unless disposed. */
  protected fireIfChanged(key: string): void {
    if (!this.disposed && key !== this.lastFired) {
      this.lastFired = key;
      this.changed.fire(this.current);
    }
  }

  /** The next `fireIfChanged` announces whatever its key. */
  protected forgetFired(): void {
    this.lastFired = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.dispose();
    this.controller?.abort();
    this.changed.dispose();
  }
}
