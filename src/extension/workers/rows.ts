import type { FleetTaskView, TaskGroup } from '../../core/fleet/queueView';
import { shortDuration, type FleetStatus, type FleetWorkerView, type SupervisorView } from '../../core/fleet/statusModel';
import { planWorktreePath } from '../../core/worktree/layout';

/**
 * The Workers view as plain rows, built from the fleet's one status model (FleetStatus): no 'vscode' import, so the
 * benchmark (bench/workers-view.ts) times the very code the extension host runs; treeProvider.ts only maps rows to
 * TreeItems. Labels say what a glance needs; `contextValue`s are `;`-separated words for the menus' regexes.
 */

export type WorkerRow =
  | { readonly kind: 'folder'; readonly id: string; readonly label: string; readonly description: string; readonly icon: string; readonly children: readonly WorkerRow[] }
  | { readonly kind: 'supervisor'; readonly id: string; readonly label: string; readonly description: string; readonly tooltip: string; readonly icon: string; readonly iconColor?: string; readonly contextValue: string }
  | { readonly kind: 'worker'; readonly id: string; readonly label: string; readonly description: string; readonly tooltip: string; readonly icon: string; readonly iconColor?: string; readonly contextValue: string; readonly worker: WorkerRef }
  | { readonly kind: 'group'; readonly id: string; readonly label: string; readonly description: string; readonly group: TaskGroup; readonly children: readonly WorkerRow[] }
  | { readonly kind: 'task'; readonly id: string; readonly label: string; readonly description: string; readonly tooltip: string; readonly icon: string; readonly iconColor?: string; readonly contextValue: string; readonly task: TaskRef }
  | { readonly kind: 'problem'; readonly id: string; readonly label: string; readonly description: string };

/** What a worker's actions need: its repository, task, worktree and run. */
export interface WorkerRef {
  readonly repoRoot: string;
  readonly name: string;
  readonly planId?: string;
  readonly worktree?: string;
  readonly runDir?: string;
  /** Running since (ms since the epoch), for the elapsed time that ticks while it works. */
  readonly startedMs?: number;
}

export interface TaskRef {
  readonly repoRoot: string;
  readonly planId: string;
  readonly group: TaskGroup;
  readonly priority: number;
}

export const GROUP_LABELS: Readonly<Record<TaskGroup, string>> = {
  ready: 'Ready',
  inProgress: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  failed: 'Failed',
};

const GROUP_ICONS: Readonly<Record<TaskGroup, { icon: string; color?: string }>> = {
  ready: { icon: 'circle-large-outline' },
  inProgress: { icon: 'sync~spin', color: 'charts.blue' },
  blocked: { icon: 'debug-pause', color: 'charts.yellow' },
  done: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
};

/** A codicon per worker state (the view's legend: busy spins, idle rests, stale warns). */
export const WORKER_ICONS: Readonly<Record<FleetWorkerView['state'], { icon: string; color?: string }>> = {
  idle: { icon: 'circle-large-outline' },
  preparing: { icon: 'loading~spin', color: 'charts.yellow' },
  running: { icon: 'sync~spin', color: 'charts.blue' },
  finishing: { icon: 'check', color: 'charts.green' },
  stopped: { icon: 'debug-stop' },
  stale: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
};

const SUPERVISOR_ICONS: Readonly<Record<SupervisorView['state'], { icon: string; color?: string }>> = {
  none: { icon: 'server-process' },
  running: { icon: 'server-process', color: 'charts.green' },
  stopping: { icon: 'loading~spin', color: 'charts.yellow' },
  stopped: { icon: 'debug-stop' },
  stale: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
};

const BUSY: ReadonlySet<FleetWorkerView['state']> = new Set(['preparing', 'running', 'finishing']);

export const isBusy = (w: FleetWorkerView): boolean => BUSY.has(w.state);

const colored = (icon: { icon: string; color?: string }): { icon: string; iconColor?: string } => (icon.color ? { icon: icon.icon, iconColor: icon.color } : { icon: icon.icon });

export function supervisorRow(status: FleetStatus, idPrefix: string): WorkerRow {
  const s = status.supervisor;
  const base = { kind: 'supervisor' as const, id: `${idPrefix}supervisor`, ...colored(SUPERVISOR_ICONS[s.state]), contextValue: `supervisor;${s.state}` };
  if (s.state === 'none') return { ...base, label: 'Supervisor', description: 'not running', tooltip: 'No fleet has run in this repository yet: Start Workers (or `lwc up`) starts one.' };
  const wanted = `${status.workers.filter(isBusy).length}/${status.workers.length || s.workersWanted} busy`;
  const description = s.state === 'stale' ? 'stale' : s.state === 'running' ? `running · ${wanted}` : s.state;
  // Not the heartbeat: it moves every few seconds, and a row that changes is a row the tree redraws.
  const tooltip = [`Supervisor ${s.state}: process ${s.pid} on ${s.hostname}`, `started ${s.startedAt}`, ...(s.why ? [`stale: ${s.why} — \`lwc recover\` or Stop Workers cleans up`] : [])].join('\n');
  return { ...base, label: 'Supervisor', description, tooltip };
}

/**
 * A worker's row. Its description is the static part (state · task): the elapsed time is added when the item is drawn
 * (rowItem), so rows compare equal across refreshes while nothing but the clock moved, and the view redraws nothing.
 */
export function workerRow(status: FleetStatus, w: FleetWorkerView, idPrefix: string): WorkerRow & { kind: 'worker' } {
  const startedMs = w.startedAt !== undefined ? Date.parse(w.startedAt) : Number.NaN;
  const ref: WorkerRef = {
    repoRoot: status.repository,
    name: w.name,
    ...(w.task !== undefined ? { planId: w.task, worktree: planWorktreePath(status.repository, w.task) } : {}),
    ...(w.runDir !== undefined ? { runDir: w.runDir } : {}),
    ...(Number.isFinite(startedMs) && isBusy(w) && w.task ? { startedMs } : {}),
  };
  const flags = ['worker', w.state, ...(w.task ? ['task'] : []), ...(w.runDir ? ['run'] : [])];
  const tooltip = [
    `${w.name}: ${w.state}`,
    ...(w.task ? [`task ${w.task}${w.plan ? ` (${w.plan})` : ''}`] : []),
    ...(w.branch ? [`branch ${w.branch}`] : []),
    ...(w.container ? [`container ${w.container}`] : []),
    ...(w.startedAt ? [`since ${w.startedAt}`] : []),
    ...(w.runDir ? [`run ${w.runDir}`] : []),
  ].join('\n');
  return { kind: 'worker', id: `${idPrefix}worker:${w.name}`, label: w.name, description: [w.state, ...(w.task ? [w.task] : [])].join(' · '), tooltip, ...colored(WORKER_ICONS[w.state]), contextValue: flags.join(';'), worker: ref };
}

const PRIORITY = (p: number): string => `P${p}`;

/** What a task row says beside its plan_id: priority, and for its group what matters (worker, waits, reason). */
export function taskDescription(t: FleetTaskView): string {
  switch (t.group) {
    case 'ready': return PRIORITY(t.priority);
    // A fleet worker's id is `w1@host:pid` (core/fleet/workerId.ts): its name is what the worker rows above show.
    case 'inProgress': return `${PRIORITY(t.priority)} · ${t.worker?.split('@')[0] ?? 'claimed'}${t.attempts > 1 ? ` · attempt ${t.attempts}/${t.maxAttempts}` : ''}`;
    case 'blocked': return `waits for ${(t.waitsFor ?? []).map((w) => (w.state === 'open' ? w.planId : `${w.planId} (${w.state})`)).join(', ')}`;
    case 'done': return t.durationMs !== undefined ? `done in ${shortDuration(t.durationMs)}` : 'done';
    case 'failed': return t.lastReason ? t.lastReason : `failed after ${t.attempts} attempt${t.attempts === 1 ? '' : 's'}`;
  }
}

export function taskRow(repoRoot: string, t: FleetTaskView, idPrefix: string, position: number): WorkerRow & { kind: 'task' } {
  const tooltip = [
    `${t.planId}: ${GROUP_LABELS[t.group].toLowerCase()}${t.group === 'ready' ? ` (#${position} in claim order)` : ''}`,
    `priority ${t.priority} (0 highest … 4 lowest)`,
    ...(t.dependsOn.length ? [`after ${t.dependsOn.join(', ')}`] : []),
    `attempts ${t.attempts} of ${t.maxAttempts}`,
    ...(t.worker ? [`claimed by ${t.worker}`] : []),
    ...(t.lastReason ? [`last reason: ${t.lastReason}`] : []),
  ].join('\n');
  return {
    kind: 'task',
    id: `${idPrefix}task:${t.planId}`,
    label: t.planId,
    description: taskDescription(t),
    tooltip,
    ...colored(GROUP_ICONS[t.group]),
    contextValue: `task;${t.group}`,
    task: { repoRoot, planId: t.planId, group: t.group, priority: t.priority },
  };
}

/** One repository's rows: supervisor, workers, then the queue's non-empty groups (Ready, In progress, Blocked, Done, Failed). */
export function repositoryRows(status: FleetStatus, idPrefix = ''): WorkerRow[] {
  const rows: WorkerRow[] = [supervisorRow(status, idPrefix), ...status.workers.map((w) => workerRow(status, w, idPrefix))];
  const groups = new Map<TaskGroup, WorkerRow[]>();
  for (const t of status.queue.tasks) {
    let list = groups.get(t.group);
    if (!list) groups.set(t.group, (list = []));
    list.push(taskRow(status.repository, t, idPrefix, list.length + 1));
  }
  for (const [group, children] of groups) {
    rows.push({ kind: 'group', id: `${idPrefix}group:${group}`, label: GROUP_LABELS[group], description: String(children.length), group, children });
  }
  for (const [i, p] of status.problems.entries()) rows.push({ kind: 'problem', id: `${idPrefix}problem:${i}`, label: 'Could not read all fleet state', description: p });
  return rows;
}

/** Something to show: tasks, workers, a supervisor that is not simply off, or a problem. */
export const hasFleetState = (s: FleetStatus): boolean =>
  s.queue.tasks.length > 0 || s.workers.length > 0 || s.problems.length > 0 || s.supervisor.state === 'running' || s.supervisor.state === 'stopping' || s.supervisor.state === 'stale';

/**
 * The whole view: one repository's rows, or a folder node per repository when several have fleet state. No rows when
 * no queue has a task and no fleet runs, so VS Code shows the welcome content that explains how to fill the queue.
 */
export function workerTreeRows(all: readonly { readonly folderName: string; readonly status: FleetStatus }[]): WorkerRow[] {
  const statuses = all.filter((s) => hasFleetState(s.status));
  if (statuses.length === 0) return [];
  if (statuses.length === 1) return repositoryRows(statuses[0]!.status);
  return statuses.map(({ folderName, status }) => {
    const prefix = `${status.repository}:`;
    return { kind: 'folder', id: `folder:${status.repository}`, label: folderName, description: `${status.tasks.total} tasks`, icon: 'repo', children: repositoryRows(status, prefix) };
  });
}

/** `$(server-process) 2/3 · 5 queued` (busy workers / workers · ready tasks) while a fleet runs; undefined otherwise. */
export function statusBarText(statuses: readonly FleetStatus[]): string | undefined {
  const running = statuses.filter((s) => s.supervisor.state === 'running' || s.supervisor.state === 'stopping');
  if (running.length === 0) return undefined;
  const workers = running.flatMap((s) => s.workers);
  const ready = running.reduce((n, s) => n + s.tasks.ready, 0);
  return `$(server-process) ${workers.filter(isBusy).length}/${workers.length} · ${ready} queued`;
}

/** A row as a tree item's fields (treeProvider.ts copies them into a vscode.TreeItem). */
export interface RowItem {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip?: string;
  readonly icon?: string;
  readonly iconColor?: string;
  readonly contextValue?: string;
  readonly collapsed?: boolean;
  readonly expandable: boolean;
}

/** Done tasks pile up: their group starts collapsed; the others open. */
const COLLAPSED_GROUPS: ReadonlySet<TaskGroup> = new Set(['done']);

export function rowItem(row: WorkerRow, nowMs: number): RowItem {
  switch (row.kind) {
    case 'folder': return { id: row.id, label: row.label, description: row.description, icon: row.icon, expandable: true, collapsed: false };
    case 'group': return { id: row.id, label: row.label, description: row.description, contextValue: `group;${row.group}`, expandable: true, collapsed: COLLAPSED_GROUPS.has(row.group) };
    case 'problem': return { id: row.id, label: row.label, description: row.description, tooltip: row.description, icon: 'warning', iconColor: 'problemsWarningIcon.foreground', expandable: false };
    case 'worker': {
      const started = row.worker.startedMs;
      const description = started !== undefined ? `${row.description} · ${shortDuration(Math.max(0, nowMs - started))}` : row.description;
      return { id: row.id, label: row.label, description, tooltip: row.tooltip, icon: row.icon, ...(row.iconColor ? { iconColor: row.iconColor } : {}), contextValue: row.contextValue, expandable: false };
    }
    case 'supervisor':
    case 'task':
      return { id: row.id, label: row.label, description: row.description, tooltip: row.tooltip, icon: row.icon, ...(row.iconColor ? { iconColor: row.iconColor } : {}), contextValue: row.contextValue, expandable: false };
  }
}
