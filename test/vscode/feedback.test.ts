import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { FeedbackPanelTrace, ShowFeedbackResult } from '../../src/extension/feedback/panel';
import type { HostToWebview } from '../../src/protocol/feedback';
import { EXTENSION_ID, lwCoderApi, waitFor, workspaceRoot } from './support/workspace';

/** A plan id no other suite uses: its worktree and runs are this suite's alone. */
const PLAN_ID = 'feedback-demo';
const FINISHED = '20260105T093000.000Z';
const LIVE = '20260105T100000.000Z';
/** A webview page loads in the browser (iframe, service worker, bundle): slow on a loaded 2-CPU machine. */
const WEBVIEW_LOAD_MS = 60_000;

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

describe('feedback summary panel (issue 6 item 4)', function () {
  this.timeout(120_000);
  let root: string;
  let head: string;
  let worktree: string;
  let runsDir: string;
  let finishedDir: string;

  const traceOf = async (runDir: string): Promise<FeedbackPanelTrace | undefined> => (await (await lwCoderApi()).feedback.panels()).find((p) => p.runDir === runDir);
  const posted = async <T extends HostToWebview['type']>(runDir: string, type: T): Promise<Extract<HostToWebview, { type: T }>[]> =>
    ((await traceOf(runDir))?.posted ?? []).filter((m): m is Extract<HostToWebview, { type: T }> => m.type === type);

  /** Copies the finished-run fixture (test/fixtures/runs) under this suite's plan, pointing at the fixture repo's HEAD. */
  function copyRun(name: string, withoutFiles: readonly string[] = []): string {
    const source = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'runs', 'add-login', FINISHED);
    const dir = join(runsDir, name);
    cpSync(source, dir, { recursive: true });
    const record = join(dir, 'run.json');
    writeFileSync(record, readFileSync(record, 'utf8').replaceAll('@HEAD@', head).replace('"planId": "add-login"', `"planId": "${PLAN_ID}"`));
    for (const f of withoutFiles) rmSync(join(dir, f), { force: true });
    return dir;
  }

  before(async () => {
    await lwCoderApi();
    root = workspaceRoot().fsPath;
    head = git(root, 'rev-parse', 'HEAD');
    runsDir = join(root, '.lw_coder', 'runs', PLAN_ID);
    worktree = join(root, '.lw_coder', 'worktrees', PLAN_ID);
    git(root, 'worktree', 'add', '-q', '-b', PLAN_ID, worktree, head);
    // What the fixture run says it did: src/app.js changed, src/login.js added.
    appendFileSync(join(worktree, 'src', 'app.js'), '\n// login: served before the dashboard\n');
    writeFileSync(join(worktree, 'src', 'login.js'), 'export function login() {}\n');
    mkdirSync(runsDir, { recursive: true });
    finishedDir = copyRun(FINISHED);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    git(root, 'worktree', 'remove', '--force', worktree);
    git(root, 'branch', '-D', PLAN_ID);
    rmSync(runsDir, { recursive: true, force: true });
  });

  it('is offered on Runs-view run rows (inline and context menu) and in the palette', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> } };
    const items = manifest.contributes.menus['view/item/context']!.filter((m) => m.command === COMMAND_IDS.runsShowFeedback);
    assert.deepEqual(items.map((m) => [m.when, m.group?.split('@')[0]]), [['view == lwCoder.runs && viewItem == run', 'inline'], ['view == lwCoder.runs && viewItem == run', '1_run']]);
    const palette = manifest.contributes.menus['commandPalette']!.find((m) => m.command === COMMAND_IDS.runsShowFeedback);
    assert.notEqual(palette?.when, 'false', 'the palette entry works through a quick pick of runs');
  });

  it('opens a finished run under a strict CSP: nonce on every script, no unsafe-inline or unsafe-eval, resources from the webview origin only', async () => {
    const result = await vscode.commands.executeCommand<ShowFeedbackResult>(COMMAND_IDS.runsShowFeedback, { runDir: finishedDir, follow: false });
    assert.ok(result, 'the command returned nothing (see the log)');
    assert.equal(result.runDir, finishedDir);
    assert.equal(result.panelTitle, `Feedback: ${PLAN_ID} (20260105T093000)`);
    const trace = (await traceOf(finishedDir))!;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(trace.html)?.[1]?.replaceAll('&#39;', "'");
    assert.ok(csp, 'no CSP meta tag');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    assert.deepEqual(Object.keys(directives), ['default-src', 'script-src', 'style-src', 'font-src']);
    assert.deepEqual(directives['default-src'], ["'none'"]);
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(directives['script-src']!.join(' '))?.[1];
    assert.ok(nonce && Buffer.from(nonce, 'base64').length === 16, `script-src is ${directives['script-src']!.join(' ')}`);
    const source = directives['style-src']!;
    assert.ok(source.length >= 1);
    for (const token of source) assert.match(token, /^https:\/\/|^vscode-webview:|^'self'$/, 'styles only from the webview resource origin');
    assert.deepEqual(directives['font-src'], source);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|data:|(^|\s)\*(\s|;|$)/);
    const scripts = [...trace.html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    assert.ok(scripts.length >= 1);
    for (const attrs of scripts) assert.match(attrs, new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`), `a script without the nonce: <script${attrs}>`);
    assert.doesNotMatch(trace.html, /\sstyle="|<style/, 'no inline styles in the page');
    for (const url of [...trace.html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!.replaceAll('&amp;', '&')))) assert.ok(url.includes('/dist/webview/'), `${url} is outside dist/webview`);
  });

  it('sends init only after the webview\'s ready handshake, with the fixture run\'s model and nothing from agent/', async () => {
    const init = await waitFor('init posted after ready', async () => (await posted(finishedDir, 'init'))[0], WEBVIEW_LOAD_MS);
    const trace = (await traceOf(finishedDir))!;
    assert.ok(trace.readyCount >= 1 && trace.received[0]?.type === 'ready', `received: ${JSON.stringify(trace.received)}`);
    assert.equal(trace.posted[0]?.type, 'init', 'nothing is posted before init');
    const m = init.model;
    assert.equal(m.planId, PLAN_ID);
    assert.equal(m.planTitle, 'Add a login form');
    assert.deepEqual(m.status, { state: 'succeeded' });
    assert.equal(m.agent, 'codex');
    assert.equal(m.attempts, 2);
    assert.equal(m.baseCommit, head);
    assert.equal(m.timings.durationMs, 105_500);
    assert.deepEqual(m.steps.map((s) => `${s.stepId}:${s.status}`), ['1:COMPLETED', '2:PARTIAL', '3:SKIPPED']);
    assert.equal(m.feedback?.findings[0]?.message, 'Passwords are compared with === instead of a constant-time comparison');
    assert.equal(m.feedback?.alignment.verdict, 'partially_aligned');
    assert.deepEqual(m.followUps, ['Rotate the cookie signing key']);
    assert.deepEqual(m.filesChanged, [
      { path: 'src/app.js', change: 'modified', source: 'git' },
      { path: 'src/login.js', change: 'added', source: 'git' },
    ], 'git diff of the worktree against the base');
    assert.equal(m.eventCount, 10);
    assert.ok(!JSON.stringify(trace.posted).includes('agent/'), 'no agent/ file reaches the webview');
    assert.ok(!m.runFiles.some((f) => f.startsWith('agent')));
  });

  it('follows a live run: appended events.jsonl lines stream in, then result.json ends it', async () => {
    const liveDir = copyRun(LIVE, ['result.json', 'events.jsonl', 'attempt-1.stdout.log', 'attempt-1.stderr.log', 'attempt-2.stdout.log', 'attempt-2.stderr.log']);
    const record = JSON.parse(readFileSync(join(liveDir, 'run.json'), 'utf8')) as Record<string, unknown>;
    delete record['session'];
    writeFileSync(join(liveDir, 'run.json'), JSON.stringify(record, null, 2));
    const result = await vscode.commands.executeCommand<ShowFeedbackResult>(COMMAND_IDS.runsShowFeedback, { runDir: liveDir });
    assert.equal(result?.runDir, liveDir);
    const init = await waitFor('init of the live run', async () => (await posted(liveDir, 'init'))[0], WEBVIEW_LOAD_MS).catch(async (e: unknown) => {
      const t = await traceOf(liveDir);
      throw new Error(`${String(e)}; received ${JSON.stringify(t?.received)}, posted ${JSON.stringify(t?.posted.map((m) => m.type))}, tabs ${vscode.window.tabGroups.all.map((g) => g.tabs.map((x) => `${x.label}${x.isActive ? '*' : ''}`).join(',')).join(' | ')}`);
    });
    assert.deepEqual(init.model.status, { state: 'running' }, 'no result.json yet: running (followed before events.jsonl exists)');
    assert.equal(init.model.eventCount, 0);
    assert.ok((await traceOf(liveDir))!.watching);

    const events = readFileSync(join(finishedDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
    appendFileSync(join(liveDir, 'events.jsonl'), `${events[0]}\n`);
    const first = await waitFor('the first events message', async () => (await posted(liveDir, 'events'))[0]);
    assert.deepEqual(first.events.map((e) => e.text), ['session thread-fixture-1']);
    assert.equal(first.eventCount, 1);
    // Half a line is not an event yet: it goes out once its newline is written.
    appendFileSync(join(liveDir, 'events.jsonl'), `${events[5]}\n${events[6]!.slice(0, 20)}`);
    appendFileSync(join(liveDir, 'events.jsonl'), `${events[6]!.slice(20)}\n`);
    const streamed = await waitFor('three events streamed', async () => {
      const all = (await posted(liveDir, 'events')).flatMap((m) => m.events.map((e) => e.kind));
      return all.length >= 3 ? all : undefined;
    });
    assert.deepEqual(streamed, ['started', 'command', 'file-change'], 'each line once, in order, none torn');
    assert.equal((await posted(liveDir, 'result')).length, 0);

    cpSync(join(finishedDir, 'result.json'), join(liveDir, 'result.json'));
    const end = await waitFor('the result message', async () => (await posted(liveDir, 'result'))[0]);
    assert.deepEqual(end.model.status, { state: 'succeeded' });
    assert.equal(end.model.steps.length, 3);
    assert.equal(end.model.eventCount, 3);
    assert.equal((await traceOf(liveDir))!.watching, false, 'the panel stops watching a finished run');
  });

  it('round trip: openDiff from the panel opens a diff of the base commit against the worktree file', async () => {
    await waitFor('init posted', async () => (await posted(finishedDir, 'init'))[0], WEBVIEW_LOAD_MS);
    const api = await lwCoderApi();
    await api.feedback.receive(finishedDir, { type: 'openDiff', path: 'src/app.js' });
    const tab = await waitFor('a diff editor tab', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t : undefined;
    });
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.modified.toString(), vscode.Uri.file(join(worktree, 'src', 'app.js')).toString());
    assert.equal(input.original.scheme, 'lwcoder-base');
    assert.ok(input.original.path.endsWith('/src/app.js'), input.original.toString());
    assert.equal(tab.label, `src/app.js (${head.slice(0, 7)} ↔ worktree)`);
    const base = await vscode.workspace.openTextDocument(input.original);
    assert.equal(base.getText(), git(root, 'show', `${head}:src/app.js`) + '\n', 'the left side is the file at the base commit');
    const trace = (await traceOf(finishedDir))!;
    assert.deepEqual(trace.actions.at(-1)?.kind, 'diff');

    await api.feedback.receive(finishedDir, { type: 'openRunFile', name: 'result.json' });
    await waitFor('result.json opened', () => vscode.window.activeTextEditor?.document.uri.fsPath === join(finishedDir, 'result.json'));
  });

  it('rejects and logs an invalid message (a path out of the worktree, an agent/ file, an unknown type) and opens nothing', async () => {
    const api = await lwCoderApi();
    const before = (await traceOf(finishedDir))!.actions.length;
    await api.feedback.receive(finishedDir, { type: 'openDiff', path: '../../../../etc/passwd' });
    await api.feedback.receive(finishedDir, { type: 'openRunFile', name: 'agent/codex-home/config.toml' });
    await api.feedback.receive(finishedDir, { type: 'runCommand', command: 'rm -rf /' });
    const trace = (await traceOf(finishedDir))!;
    assert.equal(trace.actions.length, before, 'nothing was opened');
    assert.equal(trace.rejected.length, 3, trace.rejected.join('\n'));
    assert.match(trace.rejected[0]!, /^path: /);
    assert.match(trace.rejected[1]!, /^name: is not a run file/);
    const logged = api.recentLog().filter((l) => /\[feedback\] ignored an invalid message/.test(l));
    assert.equal(logged.length, 3, api.recentLog().slice(-10).join('\n'));
    assert.ok(!logged.some((l) => l.includes('rm -rf') || l.includes('etc/passwd')), 'the rejected content is not echoed into the log');
  });

  it('reveals the one panel of a run instead of opening a second, and the page hit no CSP violation', async () => {
    const again = await vscode.commands.executeCommand<ShowFeedbackResult>(COMMAND_IDS.runsShowFeedback, { runDir: finishedDir, follow: false });
    assert.equal(again?.runDir, finishedDir);
    const panels = (await (await lwCoderApi()).feedback.panels()).filter((p) => p.runDir === finishedDir);
    assert.equal(panels.length, 1);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label === again?.panelTitle);
    assert.equal(tabs.length, 1, 'one webview tab for the run');
    for (const p of await (await lwCoderApi()).feedback.panels()) {
      assert.deepEqual(p.received.filter((m) => m.type === 'cspViolation'), [], `${p.runDir}: the page reported CSP violations`);
    }
    assert.ok(readdirSync(runsDir).length === 2);
  });

  it('refuses a folder that is not a run directory, saying what one looks like', async () => {
    const api = await lwCoderApi();
    assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.runsShowFeedback, { runDir: join(root, 'src') }), undefined);
    assert.ok(api.recentLog().some((l) => l.includes('is not a run directory: expected <repository>/.lw_coder/runs/<plan_id>/<timestamp>')), api.recentLog().slice(-5).join('\n'));
  });
});
