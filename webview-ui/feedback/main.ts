// The feedback summary panel's page. It renders what the host sends (src/protocol/feedback.ts) with @vscode-elements
// components and theme variables, and builds every node with textContent: nothing the agent wrote is ever parsed as
// HTML. No inline styles either, so the page runs under the panel's strict CSP (see src/extension/feedback/html.ts).
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { FeedbackEventLine, FeedbackFileChange, FeedbackRunStatus, FeedbackViewModel, HostToWebview, WebviewToHost } from '../../src/protocol/feedback';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: WebviewToHost): void => vscode.postMessage(message);

// First, before anything can be blocked: report CSP violations to the host, which logs them (tests assert none).
document.addEventListener('securitypolicyviolation', (e) => {
  post({ type: 'cspViolation', directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI || 'inline' });
});

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
function h(tag: string, attrs?: Record<string, string>, ...children: Child[]): HTMLElement;
function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const icon = (name: string, label = ''): HTMLElement => h('vscode-icon', { name, ...(label ? { label } : {}) });

function badge(text: string, tone: string): HTMLElement {
  return h('vscode-badge', { class: `badge tone-${tone}` }, text);
}

const STATUS_TEXT: Record<FeedbackRunStatus['state'], [string, string, string]> = {
  running: ['Running', 'info', 'sync'],
  succeeded: ['Succeeded', 'ok', 'pass'],
  failed: ['Failed', 'error', 'error'],
  cancelled: ['Cancelled', 'warn', 'circle-slash'],
  interactive: ['Interactive session ended', 'info', 'terminal'],
  'prompts-only': ['Prompts only (no agent run yet)', 'muted', 'note'],
};

function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

const time = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '—');

function section(heading: string, count: number | null, open: boolean, ...content: Child[]): HTMLElement {
  const c = h('vscode-collapsible', { heading, class: 'section', ...(open ? { open: '' } : {}) });
  if (count !== null) c.append(h('vscode-badge', { variant: 'counter', slot: 'decorations' }, String(count)));
  c.append(h('div', { class: 'section-body' }, ...content));
  return c;
}

function list(items: readonly string[], empty: string): HTMLElement {
  return items.length ? h('ul', { class: 'plain' }, ...items.map((t) => h('li', {}, t))) : h('p', { class: 'muted' }, empty);
}

function link(text: string, title: string, onClick: () => void): HTMLElement {
  const a = h('a', { href: '#', title }, text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    onClick();
  });
  return a;
}

function header(m: FeedbackViewModel): HTMLElement {
  const [label, tone, iconName] = STATUS_TEXT[m.status.state];
  const status = h('div', { class: 'status', id: 'status' },
    m.status.state === 'running' ? h('vscode-progress-ring', { class: 'ring', 'aria-label': 'Run in progress' }) : icon(iconName),
    badge(label, tone),
    m.status.state === 'interactive' ? h('span', { class: 'muted' }, `exit code ${m.status.exitCode}${m.status.cancelled ? ' (cancelled)' : ''}`) : null,
  );
  const meta = h('dl', { class: 'meta' },
    ...([
      ['Plan', m.planId],
      ['Run', m.runId],
      ['Agent', m.agent ?? '—'],
      ['Attempts', String(m.attempts)],
      ['Started', time(m.timings.startedAt)],
      ['Ended', time(m.timings.endedAt)],
      ['Duration', duration(m.timings.durationMs)],
      ['Base', m.baseCommit ? m.baseCommit.slice(0, 12) : '—'],
    ] as const).flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-field': k.toLowerCase() }, v)]),
  );
  const reasons = m.status.state === 'failed' || m.status.state === 'cancelled'
    ? h('div', { class: 'callout error' }, icon('warning'), h('div', {}, h('strong', {}, m.status.state === 'failed' ? `Failed (${m.status.kind})` : 'Cancelled'), list(m.status.reasons, '')))
    : null;
  return h('header', {},
    h('h1', { id: 'title' }, m.planTitle ?? m.planId),
    h('p', { class: 'muted subtitle' }, `${m.planId} · run ${m.runId}`),
    status, meta, reasons,
    m.warnings.length ? h('div', { class: 'callout warn' }, icon('info'), list(m.warnings, '')) : null,
  );
}

function summary(m: FeedbackViewModel): HTMLElement | null {
  if (!m.implementationSummary) return null;
  return h('section', { class: 'summary' },
    h('p', { id: 'implementation-summary' }, m.implementationSummary),
    m.commitMessage ? h('p', { class: 'muted' }, icon('git-commit'), ' ', h('code', {}, m.commitMessage)) : null,
  );
}

const STEP_TONE = { COMPLETED: 'ok', PARTIAL: 'warn', SKIPPED: 'muted' } as const;

function steps(m: FeedbackViewModel): HTMLElement {
  const rows = m.steps.map((s) => h('tr', { class: 'step' },
    h('td', {}, s.stepId),
    h('td', {}, badge(s.status, STEP_TONE[s.status])),
    h('td', { class: 'step-summary' }, s.summary),
    h('td', {}, ...s.files.map((f) => h('div', {}, link(f, `Diff ${f} against the base`, () => post({ type: 'openDiff', path: f }))))),
    h('td', {}, ...s.commands.map((c) => h('div', {}, h('code', {}, c)))),
  ));
  return section('Steps', m.steps.length, true, m.steps.length
    ? h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ...['Step', 'Status', 'Summary', 'Files', 'Commands'].map((t) => h('th', {}, t)))), h('tbody', {}, ...rows))
    : h('p', { class: 'muted' }, 'No step results yet.'));
}

const SEVERITY_TONE = { critical: 'error', major: 'error', minor: 'warn', info: 'info' } as const;
const VERDICT = { aligned: ['Aligned with the plan', 'ok'], partially_aligned: ['Partially aligned with the plan', 'warn'], misaligned: ['Misaligned with the plan', 'error'] } as const;

function feedback(m: FeedbackViewModel): HTMLElement {
  if (!m.feedback) return section('Subagent feedback', null, true, h('p', { class: 'muted' }, 'No feedback yet: it comes with the structured result.'));
  const { findings, alignment } = m.feedback;
  const [verdict, tone] = VERDICT[alignment.verdict];
  return section('Subagent feedback', findings.length, true,
    h('h3', {}, 'Plan alignment'),
    h('p', { id: 'alignment' }, badge(verdict, tone)),
    list(alignment.reasons, 'No reasons given.'),
    h('h3', {}, 'Review findings'),
    findings.length
      ? h('ul', { class: 'findings' }, ...findings.map((f) => h('li', { class: 'finding' },
        badge(f.severity, SEVERITY_TONE[f.severity]), ' ',
        f.file ? link(f.file, `Diff ${f.file} against the base`, () => post({ type: 'openDiff', path: f.file! })) : null,
        f.file ? ': ' : null,
        h('span', {}, f.message))))
      : h('p', { class: 'muted' }, 'The review auditor found nothing.'),
  );
}

const CHANGE_ICON: Record<FeedbackFileChange['change'], string> = { added: 'diff-added', modified: 'diff-modified', deleted: 'diff-removed', renamed: 'diff-renamed', unknown: 'circle-small' };

function files(m: FeedbackViewModel): HTMLElement {
  const rows = m.filesChanged.map((f) => {
    const row = h('li', { class: `file change-${f.change}`, 'data-path': f.path, title: `Open the diff of ${f.path} (worktree against ${m.baseCommit?.slice(0, 12) ?? 'the base'})` },
      icon(CHANGE_ICON[f.change], f.change), h('span', { class: 'path' }, f.path), h('span', { class: 'muted source' }, f.source === 'git' ? f.change : `${f.change} · from ${f.source}`),
    );
    row.tabIndex = 0;
    const open = (): void => post({ type: 'openDiff', path: f.path });
    row.addEventListener('click', open);
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
    return row;
  });
  return section('Files changed', m.filesChanged.length, true, rows.length ? h('ul', { class: 'files', id: 'files' }, ...rows) : h('p', { class: 'muted' }, 'No changed files yet.'));
}

let eventList: HTMLOListElement | undefined;
let eventCountBadge: HTMLElement | undefined;

function eventRow(e: FeedbackEventLine): HTMLLIElement {
  return h('li', { class: `event kind-${e.kind}` },
    h('span', { class: 'muted' }, `#${e.attempt} ${e.at ? new Date(e.at).toLocaleTimeString() : ''}`),
    h('span', { class: 'kind' }, e.kind),
    h('span', { class: 'text' }, e.text),
  );
}

function events(m: FeedbackViewModel): HTMLElement {
  eventList = h('ol', { class: 'events', id: 'events' }, ...m.events.map(eventRow));
  const c = section('Agent events', m.eventCount, m.status.state === 'running', eventList);
  eventCountBadge = c.querySelector('vscode-badge[slot="decorations"]') as HTMLElement;
  return c;
}

function runFiles(m: FeedbackViewModel): HTMLElement {
  return section('Run files', m.runFiles.length, false, h('ul', { class: 'plain' }, ...m.runFiles.map((f) => h('li', {}, link(f, `Open ${f}`, () => post({ type: 'openRunFile', name: f }))))));
}

function render(m: FeedbackViewModel): void {
  const root = document.getElementById('root')!;
  root.replaceChildren(
    header(m),
    summary(m) ?? '',
    steps(m),
    feedback(m),
    files(m),
    section('Tests', m.testsExecuted.length + m.testsRecommended.length, true,
      h('h3', {}, 'Executed'), list(m.testsExecuted, 'None reported.'),
      h('h3', {}, 'Recommended'), list(m.testsRecommended, 'None.')),
    section('Follow-ups and notes', m.followUps.length + m.notes.length, m.followUps.length > 0,
      h('h3', {}, 'Follow-ups'), list(m.followUps, 'None.'),
      h('h3', {}, 'Notes'), list(m.notes, 'None.')),
    events(m),
    runFiles(m),
  );
  document.body.dataset.state = m.status.state;
}

/** Live: new lines go to the end of the list; the rest of the page is left alone. */
function appendEvents(lines: readonly FeedbackEventLine[], total: number): void {
  if (!eventList) return;
  eventList.append(...lines.map(eventRow));
  // EVENT_LOG_LIMIT (src/protocol/feedback.ts): a value import would pull zod into this bundle.
  while (eventList.children.length > 200) eventList.firstElementChild?.remove();
  if (eventCountBadge) eventCountBadge.textContent = String(total);
  eventList.lastElementChild?.scrollIntoView({ block: 'nearest' });
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message?.type) {
    case 'init':
    case 'result':
      render(message.model);
      break;
    case 'events':
      appendEvents(message.events, message.eventCount);
      break;
  }
});

post({ type: 'ready' });
