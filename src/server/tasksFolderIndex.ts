import { dirname } from 'node:path';
import { parsePlan } from '../core/plan/parse';
import { findDuplicatePlanIds, planIdOf } from '../core/plan/validate';
import type { PlanServerDeps } from './deps';

interface Folder {
  /** plan_id of each plan file as saved on disk (null: none readable). */
  readonly onDisk: Map<string, string | null>;
  scan: Promise<void> | undefined;
  scanned: boolean;
}

/**
 * Which plan_id every plan in a tasks folder has, for the `plan-id-duplicate` rule. A "folder" is the plan file's own
 * directory, as `lwc plan validate` judges it, so the editor and the CLI agree. The folder is read from disk the
 * first time one of its plans is diagnosed; afterwards watched-file events keep it current, and an open document's
 * unsaved text wins over its file on disk (the user sees a duplicate as soon as they type it).
 */
export class TasksFolderIndex {
  private readonly folders = new Map<string, Folder>();
  /** plan_id from the current text of open documents, by path. */
  private readonly open = new Map<string, string | null>();

  constructor(private readonly deps: PlanServerDeps['files']) {}

  isScanned(planPath: string): boolean {
    return this.folders.get(dirname(planPath))?.scanned ?? false;
  }

  /** Reads the plan's folder once; later calls share the first scan. */
  ensureScanned(planPath: string): Promise<void> {
    const tasksDir = dirname(planPath);
    const folder = this.folder(tasksDir);
    folder.scan ??= this.scan(tasksDir, folder);
    return folder.scan;
  }

  setOpenText(path: string, planId: string | null): void {
    this.open.set(path, planId);
  }

  /** The document was closed: from now on its saved file speaks for it. True when that changed its plan_id. */
  async closed(path: string): Promise<boolean> {
    const typed = this.open.get(path);
    this.open.delete(path);
    await this.refreshFromDisk(path);
    return this.folders.get(dirname(path))?.onDisk.get(path) !== typed;
  }

  /** A watched plan file was created, changed or deleted on disk. True when its plan_id on disk changed. */
  async refreshFromDisk(path: string): Promise<boolean> {
    const folder = this.folders.get(dirname(path));
    if (!folder) return false; // never scanned: the first scan will read it
    const before = folder.onDisk.has(path) ? folder.onDisk.get(path) : undefined;
    const text = await this.readPlan(path);
    if (text === undefined) folder.onDisk.delete(path);
    else folder.onDisk.set(path, planIdFromText(text));
    const after = folder.onDisk.has(path) ? folder.onDisk.get(path) : undefined;
    return before !== after;
  }

  /** Other plans of the same folder that carry the same plan_id as `path` (by the core's rule). */
  duplicatesOf(path: string): readonly string[] {
    const inFolder = [...this.effective(dirname(path))].map(([p, planId]) => ({ path: p, planId }));
    for (const [p, others] of findDuplicatePlanIds(inFolder)) if (p === path) return others;
    return [];
  }

  /** Paths of the open documents in the same folder as `path` (their diagnostics may change with it). */
  openSiblings(path: string): string[] {
    const dir = dirname(path);
    return [...this.open.keys()].filter((p) => p !== path && dirname(p) === dir);
  }

  private *effective(tasksDir: string): Iterable<[string, string | null]> {
    const onDisk = this.folders.get(tasksDir)?.onDisk;
    if (onDisk) for (const [p, id] of onDisk) if (!this.open.has(p)) yield [p, id];
    for (const [p, id] of this.open) if (dirname(p) === tasksDir) yield [p, id];
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

  private async scan(tasksDir: string, folder: Folder): Promise<void> {
    const paths = await this.deps.listPlanFiles(tasksDir).catch(() => []);
    const texts = await Promise.all(paths.map((p) => this.readPlan(p)));
    paths.forEach((p, i) => {
      const text = texts[i];
      if (text !== undefined) folder.onDisk.set(p, planIdFromText(text));
    });
    folder.scanned = true;
  }
}

export function planIdFromText(text: string): string | null {
  return planIdOf(parsePlan(text));
}
