import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedbackCsp, feedbackHtml } from '../../../src/extension/feedback/html';
import { EVENT_LOG_LIMIT, EVENT_TEXT_LIMIT, parseWebviewMessage } from '../../../src/protocol/feedback';
import { buildFeedbackModel, eventLineOf, isRunOpen, parseNameStatus, planTitleOf, worktreeRelativePath, type FeedbackRunInput } from '../../../src/protocol/feedbackModel';

const RUN_ID = '20260105T093000.000Z';
const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'runs', 'add-login', RUN_ID);
const PLAN = join(__dirname, '..', '..', 'fixtures', 'vscode-workspace', '.lw_coder', 'tasks', 'add-login.md');
const read = (name: string): string => readFileSync(join(FIXTURE, name), 'utf8');
const RUN_FILES = ['agent/output-schema.json', 'attempt-1.stderr.log', 'attempt-1.stdout.log', 'attempt-2.stderr.log', 'attempt-2.stdout.log', 'events.jsonl', 'prompts/main.md', 'result.json', 'run.json'];

function fixtureInput(overrides: Partial<FeedbackRunInput> = {}): FeedbackRunInput {
  return {
    planId: 'add-login',
    runId: RUN_ID,
    runRecord: JSON.parse(read('run.json').replaceAll('@HEAD@', 'a'.repeat(40))),
    result: JSON.parse(read('result.json')),
    eventsText: read('events.jsonl'),
    planMarkdown: readFileSync(PLAN, 'utf8'),
    gitChanges: parseNameStatus('M\tsrc/app.js\nA\tsrc/login.js\n'),
    runFiles: RUN_FILES,
    ...overrides,
  };
}

describe('feedback view model from a finished run directory (test/fixtures/runs)', () => {
  it('carries the plan, status, agent, attempts and timings of the fixture run', () => {
    const m = buildFeedbackModel(fixtureInput());
    assert.equal(m.planId, 'add-login');
    assert.equal(m.planTitle, 'Add a login form');
    assert.equal(m.runId, RUN_ID);
    assert.deepEqual(m.status, { state: 'succeeded' });
    assert.equal(m.agent, 'codex');
    assert.equal(m.attempts, 2);
    assert.deepEqual(m.timings, { startedAt: '2026-01-05T09:30:02.000Z', endedAt: '2026-01-05T09:31:47.500Z', durationMs: 105_500 });
    assert.equal(m.baseCommit, 'a'.repeat(40), 'the session start HEAD is the diff base');
  });

  it('maps step results, the review findings, the plan-alignment verdict, tests, follow-ups and notes', () => {
    const m = buildFeedbackModel(fixtureInput());
    assert.deepEqual(m.steps.map((s) => [s.stepId, s.status]), [['1', 'COMPLETED'], ['2', 'PARTIAL'], ['3', 'SKIPPED']]);
    assert.equal(m.steps[0]!.summary, 'Served the login form before the dashboard route');
    assert.deepEqual(m.steps[0]!.commands, ['node --test']);
    assert.equal(m.feedback?.findings.length, 2);
    assert.deepEqual(m.feedback?.findings[0], { severity: 'major', file: 'src/login.js', message: 'Passwords are compared with === instead of a constant-time comparison' });
    assert.equal(m.feedback?.alignment.verdict, 'partially_aligned');
    assert.deepEqual(m.testsExecuted, ['node --test (3 passed)']);
    assert.deepEqual(m.testsRecommended, ['An empty password is rejected with a message next to the field']);
    assert.deepEqual(m.followUps, ['Rotate the cookie signing key']);
    assert.equal(m.notes.length, 1);
    assert.equal(m.commitMessage, 'Add a login form in front of the dashboard');
  });

  it('lists changed files from git first, then the agent\'s events and result, each with its source', () => {
    const m = buildFeedbackModel(fixtureInput({ gitChanges: parseNameStatus('M\tsrc/app.js\n') }));
    assert.deepEqual(m.filesChanged, [
      { path: 'src/app.js', change: 'modified', source: 'git' },
      { path: 'src/login.js', change: 'added', source: 'events' },
    ]);
    const noGit = buildFeedbackModel(fixtureInput({ gitChanges: undefined, eventsText: undefined }));
    assert.deepEqual(noGit.filesChanged.map((f) => [f.path, f.source]), [['src/app.js', 'result'], ['src/login.js', 'result']]);
  });

  it('keeps agent/ out of the openable run files', () => {
    const m = buildFeedbackModel(fixtureInput());
    assert.ok(!m.runFiles.some((f) => f.startsWith('agent/')), m.runFiles.join(', '));
    assert.ok(m.runFiles.includes('result.json') && m.runFiles.includes('attempt-2.stderr.log') && m.runFiles.includes('prompts/main.md'));
  });

  it('turns events.jsonl into compact log lines with attempt and time', () => {
    const m = buildFeedbackModel(fixtureInput());
    assert.equal(m.eventCount, 10);
    assert.deepEqual(m.events[0], { attempt: 1, at: '2026-01-05T09:30:03.100Z', kind: 'started', text: 'session thread-fixture-1' });
    assert.equal(m.events.find((e) => e.kind === 'command')?.text, '$ node --test — completed (exit 0)');
    assert.equal(m.events.find((e) => e.kind === 'file-change')?.text, 'update src/app.js');
    assert.equal(m.events.find((e) => e.kind === 'usage')?.text, '18250 tokens in, 2140 out');
    const long = eventLineOf(JSON.stringify({ attempt: 1, kind: 'message', role: 'agent', text: `${'x'.repeat(500)}\nmore` }));
    assert.equal(long?.text.length, EVENT_TEXT_LIMIT);
    assert.equal(eventLineOf('{"attempt":1,"kind":"mess'), undefined, 'a torn line is skipped');
    const many = Array.from({ length: EVENT_LOG_LIMIT + 5 }, (_, i) => JSON.stringify({ attempt: 1, kind: 'message', role: 'agent', text: `m${i}` })).join('\n');
    const capped = buildFeedbackModel(fixtureInput({ eventsText: many }));
    assert.equal(capped.events.length, EVENT_LOG_LIMIT);
    assert.equal(capped.eventCount, EVENT_LOG_LIMIT + 5);
    assert.equal(capped.events[0]!.text, 'm5', 'the newest events are kept');
  });

  it('is running while result.json is absent, and open runs stay watched', () => {
    const running = buildFeedbackModel(fixtureInput({ result: undefined, runRecord: { gitSha: 'b'.repeat(40), createdAt: '2026-01-05T09:30:00.000Z' } }));
    assert.deepEqual(running.status, { state: 'running' });
    assert.ok(isRunOpen(running.status));
    assert.equal(running.baseCommit, 'b'.repeat(40), 'without a session the plan\'s git_sha is the base');
    assert.equal(running.attempts, 2, 'attempts counted from the events');
    assert.equal(running.timings.endedAt, null);
    assert.equal(running.feedback, null);
    const promptsOnly = buildFeedbackModel(fixtureInput({ result: undefined, eventsText: undefined, runRecord: {} }));
    assert.equal(promptsOnly.status.state, 'prompts-only');
    assert.equal(buildFeedbackModel(fixtureInput({ result: undefined, eventsText: undefined, runRecord: {}, follow: true })).status.state, 'running');
  });

  it('reports failed, cancelled, interactive and unreadable results with their reasons', () => {
    const failed = buildFeedbackModel(fixtureInput({ result: { ok: false, agent: 'codex', attempts: 2, kind: 'agent-failed', reasons: ['turn failed'] } }));
    assert.deepEqual(failed.status, { state: 'failed', kind: 'agent-failed', reasons: ['turn failed'] });
    assert.ok(!isRunOpen(failed.status));
    const cancelled = buildFeedbackModel(fixtureInput({ result: { ok: false, agent: 'droid', attempts: 1, kind: 'cancelled', reasons: ['the run was cancelled'] } }));
    assert.equal(cancelled.status.state, 'cancelled');
    const interactive = buildFeedbackModel(fixtureInput({ result: undefined, eventsText: undefined }));
    assert.deepEqual(interactive.status, { state: 'interactive', exitCode: 0, cancelled: false });
    const unreadable = buildFeedbackModel(fixtureInput({ result: { ok: true, agent: 'codex' } }));
    assert.equal(unreadable.status.state, 'failed');
  });
});

describe('feedback helpers', () => {
  it('parses git name-status output including renames', () => {
    assert.deepEqual(parseNameStatus('M\ta.js\nR087\told.js\tnew.js\nD\tgone.txt\nA\tdir/new file.md\n'), [
      { path: 'a.js', change: 'modified' },
      { path: 'new.js', change: 'renamed' },
      { path: 'gone.txt', change: 'deleted' },
      { path: 'dir/new file.md', change: 'added' },
    ]);
  });

  it('maps container paths into the worktree and refuses paths outside it', () => {
    assert.equal(worktreeRelativePath('/workspace/src/app.js'), 'src/app.js');
    assert.equal(worktreeRelativePath('./src/app.js'), 'src/app.js');
    assert.equal(worktreeRelativePath('/etc/passwd'), undefined);
    assert.equal(worktreeRelativePath('../outside.txt'), undefined);
  });

  it('reads a plan title below the front matter', () => {
    assert.equal(planTitleOf('---\nplan_id: x\n---\n\n# The title\n\nbody\n# Later'), 'The title');
    assert.equal(planTitleOf('---\nplan_id: x\n---\nno heading'), null);
  });
});

describe('webview → host message validation', () => {
  it('accepts the protocol\'s messages', () => {
    for (const m of [{ type: 'ready' }, { type: 'openDiff', path: 'src/app.js' }, { type: 'openFile', path: 'src/a b.js' }, { type: 'openRunFile', name: 'attempt-2.stderr.log' }, { type: 'cspViolation', directive: 'script-src', blocked: 'inline' }]) {
      assert.deepEqual(parseWebviewMessage(m), { ok: true, message: m });
    }
  });

  it('rejects unknown types, extra keys, paths leaving the worktree and agent/ files, naming the field', () => {
    const bad: [unknown, RegExp][] = [
      [{ type: 'runShell', command: 'rm -rf /' }, /type/],
      [{ type: 'openDiff', path: '../../etc/passwd' }, /^path: .*"\.\."/],
      [{ type: 'openDiff', path: '/etc/passwd' }, /^path: must be relative/],
      [{ type: 'openFile', path: 'src\\app.js' }, /^path/],
      [{ type: 'openRunFile', name: 'agent/codex-home/config.toml' }, /^name: is not a run file/],
      [{ type: 'ready', extra: 1 }, /.+/],
      ['ready', /.+/],
      [null, /.+/],
    ];
    for (const [value, error] of bad) {
      const r = parseWebviewMessage(value);
      assert.equal(r.ok, false, JSON.stringify(value));
      assert.match(!r.ok ? r.error : '', error, JSON.stringify(value));
    }
  });
});

describe('feedback page CSP (src/extension/feedback/html.ts)', () => {
  it('allows the one nonce script and webview-origin styles and fonts, nothing inline, nothing else', () => {
    const page = feedbackHtml({ cspSource: 'https://*.vscode-cdn.net', nonce: 'bm9uY2U+Lw==', scriptUri: 'https://x/dist/webview/feedback.js', styleUri: 'https://x/dist/webview/feedback.css', codiconUri: 'https://x/dist/webview/codicons/codicon.css', title: 'Feedback: <plan>' });
    assert.equal(feedbackCsp('https://*.vscode-cdn.net', 'bm9uY2U+Lw=='), "default-src 'none'; script-src 'nonce-bm9uY2U+Lw=='; style-src https://*.vscode-cdn.net; font-src https://*.vscode-cdn.net");
    assert.ok(page.includes(`content="${feedbackCsp('https://*.vscode-cdn.net', 'bm9uY2U+Lw==')}"`));
    assert.deepEqual([...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script nonce="bm9uY2U+Lw==" src="https://x/dist/webview/feedback.js">']);
    assert.doesNotMatch(page, /unsafe-|\sstyle=|<style|\son\w+=/);
    assert.match(page, /<title>Feedback: &lt;plan&gt;<\/title>/, 'the title is escaped');
  });
});
