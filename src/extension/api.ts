import type { PendingArgumentPrompt } from './cmd/askArguments';
import type { CommandsModel } from './cmd/model';
import type { DashboardPanelTrace } from './dashboard/panel';
import type { FeedbackPanelTrace } from './feedback/panel';
import type { PlanGroupKey } from './plans/groups';
import type { PlansModel } from './plans/model';
import type { WorktreeModel } from './plans/worktreeModel';
import type { RunsModel } from './runs/model';
import { rowItem, type WorkerRow } from './workers/rows';
import type { WorkersModel } from './workers/model';

/** One row of the Plans view as tests and other extensions see it. */
export interface PlanSnapshotEntry {
  readonly planId: string | null;
  /** Absolute path. */
  readonly path: string;
  readonly valid: boolean;
  /** The first problem's message, for invalid plans (and valid ones with warnings). */
  readonly firstProblem?: string;
}

export interface PlansSnapshot {
  readonly groups: readonly { readonly label: string; readonly status: PlanGroupKey; readonly plans: readonly PlanSnapshotEntry[] }[];
}

/**
 * What `activate()` returns (`vscode.extensions.getExtension('lw-coder.lw-coder').exports`): a small, stable surface for
 * the in-editor tests and for other extensions. Not a way around the commands: everything it does is read-only or
 * waits for work the extension does anyway.
 */
export interface LwCoderApi {
  /** How long activate() took, in milliseconds (also logged as "activated in N ms"). */
  readonly activationMs: number;
  readonly plans: {
    /** The Plans view's current groups, exactly as shown. */
    snapshot(): PlansSnapshot;
    /** Resolves after a scan that started after the call: the snapshot then reflects the files on disk. */
    refreshed(): Promise<void>;
  };
  /** Worktree rows under the plans and the Recover node's salvage refs (empty while untrusted). */
  readonly worktrees: {
    snapshot(): WorktreesSnapshot;
    /** Resolves after a status round that started after the call. */
    refreshed(): Promise<void>;
  };
  /** The Runs view's rows. */
  readonly runs: {
    snapshot(): RunsSnapshot;
    refreshed(): Promise<void>;
  };
  /** The Commands view's rows and the argument prompt of "Run Command…" on screen. */
  readonly commands: {
    snapshot(): CommandsSnapshot;
    refreshed(): Promise<void>;
    /**
     * The argument input box or quick pick "Run Command…" shows, if any: its title, items and value, and `fill` to type
     * into it (or make an item active) as a user would; the workbench's accept command then accepts it.
     */
    pendingArgumentPrompt(): PendingArgumentPrompt | undefined;
  };
  /** The Workers view's rows and the fleet's status bar item. */
  readonly workers: {
    snapshot(): WorkersSnapshot;
    /** Resolves after a read of the queue and the fleet's files that started after the call. */
    refreshed(): Promise<void>;
  };
  /** Whether an OpenRouter API key is in SecretStorage. Never the key itself: any extension can call this API. */
  hasOpenRouterKey(): Promise<boolean>;
  /** Resolves with the number of repairs once the background crash recovery after activation finished. */
  recovered(): Promise<number>;
  /** Starts the plan language server if needed and resolves once it is running. */
  languageClientReady(): Promise<void>;
  /** The latest log lines (`level [component] message`), since the channel's file is not readable through the API. */
  recentLog(): readonly string[];
  /**
   * The lazily required chunks (src/extension/lazy.ts) loaded so far: how long each require took, and whether it
   * started before activate() returned (it never should).
   */
  chunkLoads(): readonly { readonly name: string; readonly ms: number; readonly duringActivation: boolean }[];
  /** Open feedback summary panels, for the in-editor tests: each page's HTML and the messages exchanged. */
  readonly feedback: {
    panels(): Promise<readonly FeedbackPanelTrace[]>;
    /**
     * Hands `message` to the panel of `runDir` as if its webview had posted it: validated like every inbound message,
     * so it can do no more than the page itself (open a diff or file of that run).
     */
    receive(runDir: string, message: unknown): Promise<void>;
  };
  /** The fleet's open terminals (worker terminals and the status pane): name, worker, and the text written so far. */
  readonly fleet: {
    terminals(): Promise<readonly { readonly name: string; readonly repoRoot: string; readonly worker?: string; readonly text: string }[]>;
  };
  /** The fleet dashboard (empty until it opens): its page, the models posted and the messages received. */
  readonly dashboard: {
    panels(): Promise<readonly DashboardPanelTrace[]>;
    /** Hands `message` to the dashboard as if its page had posted it (validated like every inbound message). */
    receive(message: unknown): Promise<void>;
  };
}

export function snapshotOf(model: PlansModel): PlansSnapshot {
  return {
    groups: model.state.groups.map((g) => ({
      label: g.label,
      status: g.key,
      plans: g.plans.map((p) => ({
        planId: p.planId,
        path: p.path,
        valid: p.valid,
        ...(p.firstProblem ? { firstProblem: p.firstProblem.message } : {}),
      })),
    })),
  };
}

export interface WorktreesSnapshot {
  readonly worktrees: readonly {
    readonly planPath: string;
    readonly planId: string;
    readonly path: string;
    readonly state: 'ok' | 'missing' | 'broken';
    readonly dirty: boolean;
    readonly staged: number;
    readonly unstaged: number;
    readonly untracked: number;
    readonly ahead?: number;
    /** The row's description as shown (`1 untracked · ↑2 ahead`). */
    readonly badges: string;
  }[];
  readonly salvage: readonly { readonly repoRoot: string; readonly ref: string; readonly planId: string }[];
}

export interface RunsSnapshot {
  readonly plans: readonly { readonly planId: string; readonly runs: readonly { readonly name: string; readonly runDir: string; readonly files: readonly string[] }[] }[];
  /** Command sessions: status and step history, or the problem of an unreadable record. */
  readonly sessions: readonly { readonly id: string; readonly command?: string; readonly status?: string; readonly steps?: readonly { readonly name: string; readonly status: string }[]; readonly problem?: string }[];
}

export interface CommandsSnapshot {
  readonly commands: readonly { readonly folder: string; readonly name: string; readonly description: string; readonly lifecycle: string; readonly arguments: readonly string[] }[];
  readonly problems: readonly { readonly file: string; readonly line: number; readonly severity: string; readonly message: string }[];
}

export function commandsSnapshotOf(model: CommandsModel): CommandsSnapshot {
  return {
    commands: model.all().map(({ folder, command: c }) => ({ folder, name: c.name, description: c.description, lifecycle: c.lifecycle, arguments: c.arguments.map((a) => a.name) })),
    problems: model.state.folders.flatMap((f) => f.problems.map((p) => ({ file: p.file, line: p.line, severity: p.severity, message: p.message }))),
  };
}

export function worktreesSnapshotOf(model: WorktreeModel, badges: (s: WorktreeModel['state']['byPlanPath'] extends ReadonlyMap<string, infer V> ? V : never) => string): WorktreesSnapshot {
  return {
    worktrees: [...model.state.byPlanPath].map(([planPath, s]) => ({
      planPath,
      planId: s.planId,
      path: s.path,
      state: s.state,
      dirty: s.dirty,
      staged: s.staged,
      unstaged: s.unstaged,
      untracked: s.untracked,
      ...(s.ahead !== undefined ? { ahead: s.ahead } : {}),
      badges: badges(s),
    })),
    salvage: model.state.salvage.map((e) => ({ repoRoot: e.repoRoot, ref: e.record.ref, planId: e.record.planId })),
  };
}

export function runsSnapshotOf(model: RunsModel): RunsSnapshot {
  return {
    plans: model.state.plans.map((p) => ({ planId: p.planId, runs: p.runs.map((r) => ({ name: r.name, runDir: r.runDir, files: r.files })) })),
    sessions: model.state.sessions.map(({ entry }) =>
      'record' in entry
        ? { id: entry.id, command: entry.record.command, status: entry.record.status, steps: entry.record.stepHistory.map((s) => ({ name: s.name, status: s.status })) }
        : { id: entry.id, problem: entry.problem },
    ),
  };
}

/** One row of the Workers view as drawn (label, description with elapsed time, icon, context value) and its children. */
export interface WorkerSnapshotRow {
  readonly kind: WorkerRow['kind'];
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly icon?: string;
  readonly contextValue?: string;
  readonly children?: readonly WorkerSnapshotRow[];
}

export interface WorkersSnapshot {
  readonly rows: readonly WorkerSnapshotRow[];
  /** The status bar item's text, undefined while it is hidden (no fleet runs). */
  readonly statusBar?: string;
}

export function workersSnapshotOf(model: WorkersModel, nowMs = Date.now()): WorkersSnapshot {
  const snap = (row: WorkerRow): WorkerSnapshotRow => {
    const item = rowItem(row, nowMs);
    const children = row.kind === 'folder' || row.kind === 'group' ? row.children.map(snap) : undefined;
    return {
      kind: row.kind,
      id: item.id,
      label: item.label,
      description: item.description,
      ...(item.icon ? { icon: item.icon } : {}),
      ...(item.contextValue ? { contextValue: item.contextValue } : {}),
      ...(children ? { children } : {}),
    };
  };
  const { statusBar } = model.state;
  return { rows: model.state.rows.map(snap), ...(statusBar !== undefined ? { statusBar } : {}) };
}
