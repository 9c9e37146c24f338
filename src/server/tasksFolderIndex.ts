import { dirname } from 'node:path';
import { parsePlan } from '../core/plan/parse';
import { planIdKey } from '../core/plan/planId';
import { planIdOf } from '../core/plan/validate';
import type { PlanServerDeps } from './deps';

interface Folder {
  /** plan_id of each plan file as saved on disk (null: none readable). */
  readonly onDisk: Map<string, string | null>;
  scan: Promise<void> | undefined;
  scanned: boolean;
}

/** A plan's plan_id as the server sees it now: its open text's, else its file's; undefined when it has neither. */
type CurrentId = string | null | undefined;

/**
 * Which plan_id every plan in a tasks folder has, for the `plan-id-duplicate` rule. A "folder" is the plan file's own
 * directory, as `lwc plan validate` judges it, so the editor and the CLI agree. The folder is read from disk the
 * first time one of its plans is diagnosed; afterwards watched-file events keep it current, and an open document's
 * unsaved text wins over its file on disk (the user sees a duplicate as soon as they type it).
 *
 * Every change also updates an index from plan_id (as the core compares them, planIdKey) to the paths that carry it,
 * so finding a plan's duplicates costs the same in a folder of 20,000 plans as in one of 20: it used to regroup the
 * whole folder, twice per keystroke.
 */
export class TasksFolderIndex {
  private readonly folders = new Map<string, Folder>();
  /** plan_id from the current text of open documents, by path. */
  private readonly open = new Map<string, string | null>();
  /** Per folder: planIdKey → the paths whose current plan_id has that key. */
  private readonly byId = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly deps: PlanServerDeps['files']) {}

  isScanned(planPath: string): boolean {
    return this.folders.get(dirname(planPath))?.scanned ?? false;
  }

  /** True while the document at `path` is open (its text, not its file, speaks for it). */
  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  /**
   * Reads the plan's folder once; later calls share the first scan. A caller that has just read every file of the
   * folder passes their plan_ids (undefined: not readable) as `justRead`, and the first scan uses them instead of
   * reading each file again.
   */
  ensureScanned(planPath: string, justRead?: Iterable<readonly [path: string, planId: string | null | undefined]>): Promise<void> {
    const tasksDir = dirname(planPath);
    const folder = this.folder(tasksDir);
    if (!folder.scan && justRead) {
      for (const [p, planId] of justRead) if (planId !== undefined && dirname(p) === tasksDir) this.track(p, () => folder.onDisk.set(p, planId));
      folder.scanned = true;
      folder.scan = Promise.resolve();
    }
    folder.scan ??= this.scan(tasksDir, folder);
    return folder.scan;
  }

  setOpenText(path: string, planId: string | null): void {
    this.track(path, () => this.open.set(path, planId));
  }

  /** The document was closed: from now on its saved file speaks for it. True when that changed its plan_id. */
  async closed(path: string): Promise<boolean> {
    const typed = this.open.get(path);
    this.track(path, () => this.open.delete(path));
    await this.refreshFromDisk(path);
    return this.folders.get(dirname(path))?.onDisk.get(path) !== typed;
  }

  /** A watched plan file was created, changed or deleted on disk. True when its plan_id on disk changed. */
  async refreshFromDisk(path: string): Promise<boolean> {
    const folder = this.folders.get(dirname(path));
    if (!folder) return false; // never scanned: the first scan will read it
    const before = folder.onDisk.has(path) ? folder.onDisk.get(path) : undefined;
    const text = await this.readPlan(path);
    this.track(path, () => {
      if (text === undefined) folder.onDisk.delete(path);
      else folder.onDisk.set(path, planIdFromText(text));
    });
    const after = folder.onDisk.has(path) ? folder.onDisk.get(path) : undefined;
    return before !== after;
  }

  /** Other plans of the same folder whose plan_id collides with that of `path` (by the core's rule), sorted. */
  duplicatesOf(path: string): readonly string[] {
    const id = this.current(path);
    if (id === null || id === undefined) return [];
    const group = this.byId.get(dirname(path))?.get(planIdKey(id));
    if (!group || group.size < 2) return [];
    return [...group].filter((p) => p !== path).sort();
  }

  /** Paths of the open documents in the same folder as `path` (their diagnostics may change with it). */
  openSiblings(path: string): string[] {
    const dir = dirname(path);
    return [...this.open.keys()].filter((p) => p !== path && dirname(p) === dir);
  }

  private current(path: string): CurrentId {
    if (this.open.has(path)) return this.open.get(path);
    return this.folders.get(dirname(path))?.onDisk.get(path);
  }

  /** Applies a change to what is known of `path`, and moves it in the index if its current plan_id changed. */
  private track(path: string, change: () => void): void {
    const before = this.current(path);
    change();
    const after = this.current(path);
    if (before === after) return;
    this.unindex(path, before);
    this.index(path, after);
  }

  private index(path: string, id: CurrentId): void {
    if (id === null || id === undefined) return;
    const dir = dirname(path);
    let ids = this.byId.get(dir);
    if (!ids) this.byId.set(dir, (ids = new Map()));
    const key = planIdKey(id);
    let group = ids.get(key);
    if (!group) ids.set(key, (group = new Set()));
    group.add(path);
  }

  private unindex(path: string, id: CurrentId): void {
    if (id === null || id === undefined) return;
    const dir = dirname(path);
    const ids = this.byId.get(dir);
    const key = planIdKey(id);
    const group = ids?.get(key);
    if (!ids || !group) return;
    group.delete(path);
    if (group.size === 0) ids.delete(key);
    if (ids.size === 0) this.byId.delete(dir);
  }

  private folder(tasksDir: string): Folder {
    let f = this.folders.get(tasksDir);
    if (!f) {
      f = { onDisk: new Map(), scan: undefined, scanned: false };
      this.folders.set(tasksDir, f);
    }
    return f;
  }

  /**
   * The plan's saved text through the same bounded reader as `lwc plan list`; undefined when it was refused (a FIFO,
   * a device, too large, a link out of the repository: that file's own diagnostics say so) or is gone. A plan without
   * readable text has no plan_id to collide with.
   */
  private async readPlan(path: string): Promise<string | undefined> {
    const read = await this.deps.readPlanFile(path).catch(() => undefined);
    return read?.kind === 'text' ? read.text : undefined;
  }

  /** One file after another: the reader works in time slices, so typing is answered between them. */
  private async scan(tasksDir: string, folder: Folder): Promise<void> {
    const paths = await this.deps.listPlanFiles(tasksDir).catch(() => []);
    for (const p of paths) {
      const text = await this.readPlan(p);
      if (text !== undefined) this.track(p, () => folder.onDisk.set(p, planIdFromText(text)));
    }
    folder.scanned = true;
  }
}

export function planIdFromText(text: string): string | null {
  return planIdOf(parsePlan(text));
}
