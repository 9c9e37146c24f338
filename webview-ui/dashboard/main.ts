// The fleet dashboard's page (issue 13 item 4). It renders the fleet's status model (src/protocol/dashboard.ts) into a
// DOM built once: every later model updates the existing nodes in place (rows keyed by worker name and plan_id, text
// set only when it changed), so a refresh every heartbeat keeps the scroll position, the focus and the selection.
// Every text goes through textContent, nothing is parsed as HTML, and no inline style is set (the panel's strict CSP).
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import type { FleetStatus, FleetWorkerView, TaskBranchView } from '../../src/core/fleet/statusModel';
import { shortDuration } from '../../src/core/fleet/statusModel';
import type { FleetTaskView } from '../../src/core/fleet/queueView';
import { costText, tokensText, type UsageView } from '../../src/core/fleet/usage';
import type { DashboardHostMessage, DashboardModel, DashboardWebviewMessage } from '../../src/protocol/dashboard';
import { h, icon, keyed, setText } from './dom';

interface VsCodeApi {
  postMessage(message: DashboardWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: DashboardWebviewMessage): void => vscode.postMessage(message);

document.addEventListener('securitypolicyviolation', (e) => {
  post({ type: 'cspViolation', directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI || 'inline' });
});

const WORKER_ICON: Record<FleetWorkerView['state'], string> = { idle: 'circle-outline', preparing: 'loading', running: 'sync', finishing: 'check', stopped: 'debug-stop', stale: 'warning' };
const TASK_TONE: Record<FleetTaskView['state'], string> = { open: 'muted', claimed: 'info', done: 'ok', failed: 'error' };

function button(label: string, codicon: string, onClick: () => void, secondary = false): HTMLElement {
  const b = h('vscode-button', { icon: codicon, ...(secondary ? { secondary: '' } : {}) }, label);
  b.addEventListener('click', onClick);
  return b;
}

function link(text: string, title: string, onClick: () => void): HTMLAnchorElement {
  const a = h('a', { href: '#', title }, text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    onClick();
  });
  return a;
}

// The skeleton, built once.
const startButton = button('Start Workers', 'play', () => post({ type: 'startWorkers' }));
const stopButton = button('Stop Workers', 'debug-stop', () => post({ type: 'stopWorkers' }), true);
const repository = h('p', { class: 'muted subtitle' });
const trustNote = h('p', { class: 'callout warn', hidden: '' }, icon('shield'), h('span', {}, 'This workspace is not trusted: the dashboard shows the fleet, but starting, stopping and diffs are disabled. Trust the workspace to use them.'));
const counts = h('div', { class: 'counts' });
const usageTotal = h('div', { class: 'usage-total' });
const workerCards = h('div', { class: 'cards' });
const noWorkers = h('p', { class: 'muted' }, 'No workers: the fleet is not running. Start Workers runs the queue.');
const taskBody = h('tbody');
const noTasks = h('p', { class: 'muted' }, 'The queue is empty: add plans with "Add to Queue" in the Workers view or `lwc task add <plan_id>`.');
const syncHost = h('p', {});
const branchBody = h('tbody');
const services = h('dl', { class: 'services' });
const problems = h('ul', { class: 'problems' });
const updated = h('span', { class: 'muted' });

const root = document.getElementById('root')!;
root.replaceChildren(
  h('header', { class: 'top' }, h('h1', {}, icon('server-process'), ' Fleet'), h('div', { class: 'actions' }, startButton, stopButton)),
  repository,
  trustNote,
  h('section', { id: 'queue' }, h('h2', {}, 'Queue'), counts, usageTotal),
  h('section', { id: 'workers' }, h('h2', {}, 'Workers'), workerCards, noWorkers),
  h('section', { id: 'tasks' }, h('h2', {}, 'Tasks'), h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, ...['Plan', 'State', 'Priority', 'Depends on', 'Attempts', 'Duration', 'Tokens in / out', 'Cost', ''].map((t) => h('th', {}, t)))),
    taskBody), noTasks),
  h('section', { id: 'sync' }, h('h2', {}, 'Sync'), syncHost, h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, ...['Branch', 'Task', 'Ahead', 'Merged', 'Uncommitted', ''].map((t) => h('th', {}, t)))),
    branchBody)),
  h('section', { id: 'services' }, h('h2', {}, 'Services'), services, problems),
  h('footer', {}, updated),
);

let shown = 0;
/** When each running clock started, in this page's time: the host's durations, ticking on between models. */
const clocks = new Map<HTMLElement, number>();

function ticking(el: HTMLElement, durationMs: number | undefined, running: boolean): void {
  if (durationMs === undefined) {
    clocks.delete(el);
    setText(el, '—');
    return;
  }
  if (running) clocks.set(el, Date.now() - durationMs);
  else clocks.delete(el);
  setText(el, shortDuration(durationMs));
}

setInterval(() => {
  for (const [el, since] of clocks) {
    if (!el.isConnected) clocks.delete(el);
    else setText(el, shortDuration(Date.now() - since));
  }
}, 1000);

const usageLine = (u: UsageView): string => `${tokensText(u.inputTokens)} in / ${tokensText(u.outputTokens)} out`;

function renderCounts(s: FleetStatus): void {
  const t = s.tasks;
  const items: [string, number, string][] = [['Ready', t.ready, 'info'], ['In progress', t.claimed, 'info'], ['Blocked', t.blocked, 'warn'], ['Done', t.done, 'ok'], ['Failed', t.failed, 'error'], ['Total', t.total, 'muted']];
  keyed(counts, items, (i) => i[0], (i) => h('div', { class: `count tone-${i[2]}` }, h('span', { class: 'n' }), h('span', { class: 'label' }, i[0])), (el, i) => setText(el.querySelector('.n')!, String(i[1])));
  const u = s.queue.usage;
  setText(usageTotal, `Usage: ${usageLine(u)} · cost ${costText(u)}${u.unpricedModels.length ? ` (no price for ${u.unpricedModels.join(', ')})` : ''}`);
}

function renderWorkers(workers: readonly FleetWorkerView[]): void {
  noWorkers.hidden = workers.length > 0;
  keyed(workerCards, workers, (w) => w.name, () => h('article', { class: 'card' },
    h('div', { class: 'card-head' }, h('vscode-icon', { class: 'state-icon' }), h('strong', { class: 'name' }), h('vscode-badge', { class: 'state' })),
    h('div', { class: 'task' }), h('div', { class: 'plan muted' }), h('div', { class: 'elapsed' }), h('div', { class: 'last muted' }),
  ), (el, w) => {
    el.className = `card state-${w.state}`;
    const i = el.querySelector('.state-icon')!;
    if (i.getAttribute('name') !== WORKER_ICON[w.state]) i.setAttribute('name', WORKER_ICON[w.state]);
    if (w.state === 'running' || w.state === 'preparing') i.setAttribute('spin', '');
    else i.removeAttribute('spin');
    setText(el.querySelector('.name')!, w.name);
    setText(el.querySelector('.state')!, w.state);
    setText(el.querySelector('.task')!, w.task ? `task ${w.task}` : 'waiting for a task');
    setText(el.querySelector('.plan')!, w.plan ?? '');
    ticking(el.querySelector<HTMLElement>('.elapsed')!, w.durationMs, w.state !== 'stale' && w.state !== 'stopped' && w.task !== undefined);
    setText(el.querySelector('.last')!, w.lastEvent ? `${w.lastEvent.kind}: ${w.lastEvent.text}` : '');
  });
}

function renderTasks(m: DashboardModel): void {
  const tasks = m.status.queue.tasks;
  noTasks.hidden = tasks.length > 0;
  const branches = new Set(m.status.sync.branches.filter((b) => b.base).map((b) => b.planId));
  keyed(taskBody, tasks, (t) => t.planId, (t) => {
    const row = h('tr', {}, h('td', { class: 'plan-id' }, t.planId), h('td', {}, h('vscode-badge', { class: 'state' })), h('td', { class: 'priority' }), h('td', { class: 'deps' }), h('td', { class: 'attempts' }), h('td', { class: 'duration' }), h('td', { class: 'tokens' }), h('td', { class: 'cost' }), h('td', { class: 'row-actions' },
      link('Feedback', `Open the feedback summary of ${t.planId}'s newest run`, () => post({ type: 'openFeedback', planId: t.planId })),
      link('Diff', `Open ${t.planId}'s worktree diff against its plan's git_sha`, () => post({ type: 'openDiff', planId: t.planId }))));
    return row;
  }, (row, t) => {
    row.className = `task state-${t.state}`;
    const badge = row.querySelector('.state')!;
    setText(badge, t.group === 'inProgress' ? 'in progress' : t.group);
    badge.className = `state tone-${t.group === 'blocked' ? 'warn' : TASK_TONE[t.state]}`;
    setText(row.querySelector('.priority')!, `P${t.priority}`);
    setText(row.querySelector('.deps')!, t.dependsOn.length ? t.dependsOn.map((d) => (t.waitsFor?.some((w) => w.planId === d) ? `${d} (waiting)` : d)).join(', ') : '—');
    setText(row.querySelector('.attempts')!, `${t.attempts}/${t.maxAttempts}`);
    ticking(row.querySelector<HTMLElement>('.duration')!, t.durationMs, t.state === 'claimed');
    setText(row.querySelector('.tokens')!, t.usage.inputTokens + t.usage.outputTokens ? usageLine(t.usage) : '—');
    const cost = costText(t.usage);
    const costCell = row.querySelector<HTMLElement>('.cost')!;
    setText(costCell, cost);
    costCell.title = t.usage.unpricedModels.length ? `No price for ${t.usage.unpricedModels.join(', ')}: add [prices."<model>"] to .lw_coder/config.toml` : '';
    row.title = t.lastReason ? `Last reason: ${t.lastReason}` : '';
    const [feedback, diff] = [...row.querySelectorAll<HTMLElement>('.row-actions a')];
    feedback!.hidden = t.runs.length === 0;
    diff!.hidden = !m.trusted || !branches.has(t.planId);
  });
}

function renderSync(m: DashboardModel): void {
  const s = m.status.sync;
  setText(syncHost, `Host: ${s.hostBranch ?? '(detached)'} at ${s.head?.slice(0, 12) ?? '(no commit)'} · ${s.branches.length} task branch${s.branches.length === 1 ? '' : 'es'}`);
  keyed(branchBody, s.branches, (b) => b.planId, (b) => h('tr', {}, h('td', { class: 'branch' }), h('td', { class: 'task-state' }), h('td', { class: 'ahead' }), h('td', { class: 'merged' }), h('td', { class: 'dirty' }), h('td', {},
    link('Diff', `Open ${b.planId}'s worktree diff against its plan's git_sha`, () => post({ type: 'openDiff', planId: b.planId })))), (row, b: TaskBranchView) => {
    setText(row.querySelector('.branch')!, b.state === 'ok' ? (b.branch ?? b.planId) : `${b.planId} (${b.state})`);
    setText(row.querySelector('.task-state')!, b.task);
    setText(row.querySelector('.ahead')!, b.ahead === undefined ? '?' : String(b.ahead));
    setText(row.querySelector('.merged')!, b.ahead === 0 ? 'no commits yet' : b.merged ? 'merged' : 'not merged');
    setText(row.querySelector('.dirty')!, b.uncommitted > 0 ? String(b.uncommitted) : '—');
    row.querySelector<HTMLElement>('a')!.hidden = !m.trusted || !b.base;
  });
}

function renderServices(s: FleetStatus): void {
  const sup = s.supervisor;
  const rows: [string, string, boolean][] = [
    ['Engine', s.services.docker.state === 'running' ? `Docker ${s.services.docker.version}` : (s.services.docker.state === 'unchecked' ? 'not checked' : `unavailable: ${s.services.docker.error}`), s.services.docker.state === 'running'],
    ['Supervisor', sup.state === 'none' ? 'not running' : `${sup.state} · process ${sup.pid} on ${sup.hostname} · ${sup.workersWanted} wanted${sup.state === 'stale' && sup.why ? ` · ${sup.why}` : ''}`, sup.state === 'running' || sup.state === 'stopping'],
  ];
  keyed(services, rows, (r) => r[0], (r) => h('div', { class: 'service' }, h('dt', {}, r[0]), h('dd', {}, h('vscode-icon', { class: 'dot' }), h('span', { class: 'text' }))), (el, r) => {
    el.querySelector('.dot')!.setAttribute('name', r[2] ? 'pass-filled' : 'circle-large-outline');
    setText(el.querySelector('.text')!, r[1]);
  });
  keyed(problems, s.problems, (p) => p, (p) => h('li', { class: 'problem' }, icon('warning'), h('span', {}, p)), () => undefined);
}

function render(m: DashboardModel): void {
  const s = m.status;
  setText(repository, s.repository);
  trustNote.hidden = m.trusted;
  const running = s.supervisor.state === 'running' || s.supervisor.state === 'stopping';
  for (const [b, off, why] of [[startButton, !m.trusted || running, running ? 'The fleet is running.' : ''], [stopButton, !m.trusted || !running, running ? '' : 'No fleet is running.']] as const) {
    if (off) b.setAttribute('disabled', '');
    else b.removeAttribute('disabled');
    b.title = m.trusted ? why : 'Disabled: this workspace is not trusted.';
  }
  renderCounts(s);
  renderWorkers(s.workers);
  renderTasks(m);
  renderSync(m);
  renderServices(s);
  setText(updated, `Updated ${new Date(s.generatedAt).toLocaleTimeString()}`);
  document.body.dataset.seq = String(m.seq);
}

window.addEventListener('message', (event: MessageEvent<DashboardHostMessage>) => {
  const message = event.data;
  if (message?.type !== 'model' || message.model.seq <= shown) return;
  shown = message.model.seq;
  render(message.model);
});

post({ type: 'ready' });
