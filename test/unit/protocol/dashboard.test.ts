import assert from 'node:assert/strict';
import { dashboardCsp, dashboardHtml } from '../../../src/extension/dashboard/html';
import { parseDashboardMessage } from '../../../src/protocol/dashboard';

describe('fleet dashboard protocol (issue 13 item 4)', () => {
  it('accepts the page\'s messages as typed', () => {
    for (const m of [{ type: 'ready' }, { type: 'startWorkers' }, { type: 'stopWorkers' }, { type: 'openFeedback', planId: 'add-login' }, { type: 'openDiff', planId: 'fix.bug_2' }, { type: 'cspViolation', directive: 'script-src', blocked: 'inline' }]) {
      assert.deepEqual(parseDashboardMessage(m), { ok: true, message: m });
    }
  });

  it('refuses unknown types, extra fields and plan ids that could climb out of a folder, naming the field', () => {
    assert.deepEqual(parseDashboardMessage({ type: 'runShell', command: 'rm -rf /' }), { ok: false, error: "type: Invalid discriminator value. Expected 'ready' | 'startWorkers' | 'stopWorkers' | 'openFeedback' | 'openDiff' | 'cspViolation'" });
    assert.equal(parseDashboardMessage({ type: 'startWorkers', count: 99 }).ok, false);
    for (const planId of ['..', '../x', 'a/b', '-rf', '.hidden', 'x', 'a'.repeat(101), 'a b c']) {
      const r = parseDashboardMessage({ type: 'openDiff', planId });
      assert.equal(r.ok, false, planId);
      if (!r.ok) assert.match(r.error, /^planId: /);
    }
    assert.equal(parseDashboardMessage('ready').ok, false);
    assert.equal(parseDashboardMessage(null).ok, false);
  });

  it('the page: a strict policy with a nonce, no inline script, assets only from the webview origin', () => {
    const html = dashboardHtml({ cspSource: 'https://webview.test', nonce: 'n0nce', scriptUri: 'https://webview.test/dashboard.js', styleUri: 'https://webview.test/dashboard.css', codiconUri: 'https://webview.test/codicons/codicon.css' });
    assert.equal(dashboardCsp('https://webview.test', 'n0nce'), "default-src 'none'; script-src 'nonce-n0nce'; style-src https://webview.test; font-src https://webview.test");
    assert.ok(html.includes(`content="default-src 'none'; script-src 'nonce-n0nce'; style-src https://webview.test; font-src https://webview.test"`));
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script nonce="n0nce" src="https://webview.test/dashboard.js">']);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|style=/);
  });
});
