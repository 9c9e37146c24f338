// UI checks on the packaged extension in a real workbench (code-server + Debian chromium), run by scripts/vscode-test.mjs.
// They look at what a user sees — the activity bar, the Plans view rows, squiggles, CodeLens, welcome buttons — through
// the DOM VS Code 1.100 renders; the extension's own behaviour is proven by the suites in test/vscode/.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const WAIT = { timeout: 60_000 };
const EXPECTED_GROUPS = ['Draft (1)', 'Ready (2)', 'Coding (1)', 'Done (1)'];

async function openWorkbench(page, url, explorerEntry) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor(WAIT);
  // The explorer listing the workspace means the folder is open and the extension host is connecting.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: explorerEntry }).first().waitFor(WAIT);
}

async function showLwCoder(page) {
  await page.locator('.activitybar .action-item a[aria-label^="LW Coder"]').first().click();
  // A container with one view shows it under the container's title ("LW CODER: PLANS"); with several (Plans, Runs)
  // each view has its own pane header.
  const plansTitle = page.locator('.sidebar .composite.title', { hasText: /Plans/i }).or(page.locator('.sidebar .pane-header', { hasText: /Plans/i }));
  await plansTitle.first().waitFor(WAIT);
}

const sidebarRows = (page) => page.locator('.sidebar .pane-body .monaco-list-row');

async function rowTexts(page) {
  return (await sidebarRows(page).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** The fixture workspace: Plans view groups, the invalid plan's icon, its squiggle, Problems entry and CodeLens. */
async function plansView(page, { server, fixture, screenshots, checks }) {
  await openWorkbench(page, server.url(fixture), '.lw_coder');

  await checks.check('the LW Coder activity-bar item opens the Plans view', () => showLwCoder(page));

  await checks.check(`the Plans view groups the fixture plans: ${EXPECTED_GROUPS.join(', ')}`, async () => {
    await sidebarRows(page).filter({ hasText: 'Ready (2)' }).first().waitFor(WAIT);
    const groups = (await rowTexts(page)).filter((t) => /^\w+ \(\d+\)$/.test(t));
    assert(JSON.stringify(groups) === JSON.stringify(EXPECTED_GROUPS), `group rows were ${JSON.stringify(groups)}`);
  });

  const brokenRow = sidebarRows(page).filter({ hasText: 'broken-plan' }).first();
  await checks.check('the invalid plan broken-plan has an error icon in the Plans view', async () => {
    await brokenRow.waitFor(WAIT);
    const icons = await brokenRow.locator('[class*="codicon-error"]').count();
    assert(icons > 0, `row "${(await brokenRow.textContent())?.trim()}" shows no codicon-error`);
  });

  await checks.check('clicking the broken-plan row opens broken-plan.md in an editor', async () => {
    await brokenRow.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'broken-plan.md' }).waitFor(WAIT);
  });

  const editor = page.locator('.editor-instance .monaco-editor').first();
  await checks.check('the plan editor shows a "Run plan" CodeLens', async () => {
    await editor.locator('.codelens-decoration', { hasText: /Run plan/i }).first().waitFor(WAIT);
  });

  await checks.check('the unknown key gets an error squiggle in the editor', async () => {
    await editor.locator('.squiggly-error').first().waitFor(WAIT);
  });

  await checks.check('the Problems panel lists the unknown-key diagnostic for broken-plan.md', async () => {
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel .monaco-list-row');
    await problems.filter({ hasText: /priority/ }).first().waitFor(WAIT);
    const text = (await problems.allTextContents()).join(' | ');
    assert(/broken-plan\.md/.test(text) && /unknown-key/.test(text), `problem rows: ${text}`);
  });

  // Back to the editor so the screenshot shows the squiggled line with the CodeLens above it and Problems below.
  await page.locator('.tabs-container .tab.active', { hasText: 'broken-plan.md' }).click();
  await page.screenshot({ path: join(screenshots, 'plans-view.png') });
}

/** An empty repository: the welcome view offers "Initialize LW Coder", which creates .lw_coder/ and shows "New Plan". */
async function welcomeView(page, { server, empty, screenshots, checks }) {
  await openWorkbench(page, server.url(empty), 'README.md');
  await showLwCoder(page);
  const welcome = page.locator('.sidebar .welcome-view-content');
  const initButton = welcome.locator('.monaco-button', { hasText: 'Initialize LW Coder' });

  await checks.check('a repository without .lw_coder shows the "Initialize LW Coder" welcome view', async () => {
    await initButton.waitFor(WAIT);
  });
  await page.screenshot({ path: join(screenshots, 'welcome.png') });

  await checks.check('"Initialize LW Coder" creates .lw_coder/ and the view then offers "New Plan"', async () => {
    await initButton.click();
    await welcome.locator('.monaco-button', { hasText: 'New Plan' }).waitFor(WAIT);
    for (const f of ['config.toml', 'tasks', '.gitignore']) {
      assert(existsSync(join(empty, '.lw_coder', f)), `.lw_coder/${f} was not created in ${empty}`);
    }
    assert(await initButton.count() === 0, 'the "Initialize LW Coder" button is still shown');
  });
  await page.screenshot({ path: join(screenshots, 'welcome-initialized.png') });
}

/**
 * The feedback summary panel on a finished run (test/fixtures/runs) with a worktree that changed two files: opened from
 * the command palette's quick pick, its page checked inside the webview frame, a file row clicked to open the diff.
 */
async function feedbackPanel(page, { server, fixture, screenshots, checks }) {
  const runId = '20260105T093000.000Z';
  const git = (...args) => execFileSync('git', args, { cwd: fixture, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const head = git('rev-parse', 'HEAD');
  const runDir = join(fixture, '.lw_coder', 'runs', 'add-login', runId);
  cpSync(join(ROOT, 'test', 'fixtures', 'runs', 'add-login', runId), runDir, { recursive: true });
  writeFileSync(join(runDir, 'run.json'), readFileSync(join(runDir, 'run.json'), 'utf8').replaceAll('@HEAD@', head));
  const worktree = join(fixture, '.lw_coder', 'worktrees', 'add-login');
  if (!existsSync(worktree)) git('worktree', 'add', '-q', '-b', 'add-login', worktree, head);
  appendFileSync(join(worktree, 'src', 'app.js'), '\n// login: served before the dashboard\n');
  writeFileSync(join(worktree, 'src', 'login.js'), 'export function login(user, password) {}\n');

  await openWorkbench(page, server.url(fixture), '.lw_coder');
  // The Plans view's rows mean the extension is active (its context keys, which the palette entry needs, are set).
  await showLwCoder(page);
  await sidebarRows(page).filter({ hasText: 'Ready (2)' }).first().waitFor(WAIT);
  await checks.check('"LW Coder: Show Feedback Summary" from the palette offers the run in a quick pick and opens its panel', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill('>LW Coder: Show Feedback Summary');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Feedback Summary' }).first().waitFor(WAIT);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: `add-login · ${runId}` }).first().waitFor(WAIT);
    await input.fill(runId);
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'Feedback: add-login' }).first().waitFor(WAIT);
  });

  const frame = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await checks.check('the panel shows the plan, a step summary, a review finding and the alignment verdict', async () => {
    await frame.locator('#title', { hasText: 'Add a login form' }).waitFor(WAIT);
    const text = (await frame.locator('#root').innerText()).replace(/\s+/g, ' ');
    for (const expected of ['add-login', 'Succeeded', 'Served the login form before the dashboard route', 'Passwords are compared with === instead of a constant-time comparison', 'Partially aligned with the plan', 'Rotate the cookie signing key']) {
      assert(text.includes(expected), `"${expected}" is not in the panel: ${text.slice(0, 600)}`);
    }
    const files = await frame.locator('#files li.file').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    assert(JSON.stringify(files) === JSON.stringify(['src/app.js', 'src/login.js']), `changed files: ${JSON.stringify(files)}`);
  });
  await page.screenshot({ path: join(screenshots, 'feedback-summary.png') });

  await checks.check('clicking a changed file in the panel opens its diff against the base commit', async () => {
    await frame.locator('#files li.file[data-path="src/app.js"]').click();
    await page.locator('.tabs-container .tab', { hasText: `src/app.js (${head.slice(0, 7)} ↔ worktree)` }).waitFor(WAIT);
    const diff = page.locator('.editor-instance .monaco-diff-editor').first();
    // Left: the file at the base commit (git show through the extension's read-only provider); right: the worktree.
    await diff.locator('.editor.original .view-line', { hasText: 'A tiny app' }).first().waitFor(WAIT);
    await diff.locator('.editor.modified .view-line', { hasText: 'login: served before the dashboard' }).first().waitFor(WAIT);
  });
  await page.screenshot({ path: join(screenshots, 'feedback-diff.png') });
}

/**
 * The Workers view on a prepared queue (issue 13): plans queued, claimed and failed with the packaged `lwc`, and a
 * supervisor.json as `lwc up` publishes it (this process's pid, so the extension sees it alive): the view's groups and
 * workers, the status bar item, and the screenshot for the README (media/workers-view.png with --update-screenshot).
 */
async function workersView(page, env) {
  try {
    await workersViewChecks(page, env);
  } finally {
    // The fixture is shared with the scenarios after this one (the dashboard prepares its own queue): leave it as found.
    for (const id of WORKERS_VIEW_PLANS) rmSync(join(env.fixture, '.lw_coder', 'tasks', `${id}.md`), { force: true });
    for (const dir of ['queue', 'fleet']) rmSync(join(env.fixture, '.lw_coder', 'state', dir), { recursive: true, force: true });
  }
}

const WORKERS_VIEW_PLANS = ['api-tokens', 'audit-log', 'rate-limit', 'search-index', 'signup-form', 'email-digest'];

async function workersViewChecks(page, { server, fixture, screenshots, checks }) {
  const lwc = (...args) => execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: fixture, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const template = readFileSync(join(fixture, '.lw_coder', 'tasks', 'add-login.md'), 'utf8');
  const ids = WORKERS_VIEW_PLANS;
  for (const id of ids) writeFileSync(join(fixture, '.lw_coder', 'tasks', `${id}.md`), template.replace('plan_id: add-login', `plan_id: ${id}`));
  lwc('task', 'add', 'api-tokens', 'audit-log', '--priority', '1');
  lwc('task', 'add', 'rate-limit', 'search-index');
  lwc('task', 'add', 'signup-form', '--after', 'search-index');
  lwc('task', 'add', 'email-digest', '--priority', '3', '--after', 'audit-log');
  const [w1, w2, w3] = [1, 2, 3].map((i) => `w${i}@${hostname()}:${process.pid}`);
  lwc('task', 'claim', '--worker', w1, '--lease', '3600');
  lwc('task', 'claim', '--worker', w2, '--lease', '3600');
  lwc('task', 'fail', 'audit-log', '--worker', w2, '--reason', 'tests failed: 3 of 41');
  lwc('task', 'claim', '--worker', w2, '--lease', '3600');
  const at = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const fleetDir = join(fixture, '.lw_coder', 'state', 'fleet');
  mkdirSync(fleetDir, { recursive: true });
  writeFileSync(join(fleetDir, 'supervisor.json'), `${JSON.stringify({
    version: 1, pid: process.pid, hostname: hostname(), state: 'running', startedAt: at(20), heartbeatAt: at(0), heartbeatMs: 2000,
    workersWanted: 3, untilEmpty: false, leaseMs: 3_600_000,
    workers: [
      { name: 'w1', id: w1, state: 'running', planId: 'api-tokens', plan: '.lw_coder/tasks/api-tokens.md', branch: 'api-tokens', startedAt: at(12) },
      { name: 'w2', id: w2, state: 'preparing', planId: 'rate-limit', plan: '.lw_coder/tasks/rate-limit.md', startedAt: at(0.2) },
      { name: 'w3', id: w3, state: 'idle' },
    ],
  }, null, 2)}\n`);

  await openWorkbench(page, server.url(fixture), '.lw_coder');
  await showLwCoder(page);
  // Give the Workers view the sidebar: fold the Plans and Runs panes.
  for (const name of ['Plans', 'Runs']) {
    const header = page.locator('.sidebar .pane-header', { hasText: name }).first();
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
  const workersHeader = page.locator('.sidebar .pane-header', { hasText: 'Workers' }).first();
  if ((await workersHeader.getAttribute('aria-expanded')) !== 'true') await workersHeader.click();

  await checks.check('the Workers view shows the supervisor, each worker, and the queue as Ready, In progress, Blocked and Failed', async () => {
    await sidebarRows(page).filter({ hasText: 'tests failed: 3 of 41' }).first().waitFor(WAIT);
    // A row's label and description come out of the DOM as one text, without a space between them.
    const rows = await rowTexts(page);
    for (const expected of [
      /^Supervisor ?running · 2\/3 busy$/, /^w1 ?running · api-tokens · 1[2-4]m$/, /^w3 ?idle$/, /^Ready ?1$/, /^In progress ?2$/, /^api-tokens ?P1 · w1$/,
      /^Blocked ?2$/, /^signup-form ?waits for search-index$/, /^email-digest ?waits for audit-log \(failed\)$/, /^Failed ?1$/, /^audit-log ?tests failed: 3 of 41$/,
    ]) {
      assert(rows.some((r) => expected.test(r)), `no row matches ${expected}: ${JSON.stringify(rows)}`);
    }
    assert(await sidebarRows(page).filter({ hasText: 'w1' }).locator('[class*="codicon-sync"]').count() > 0, 'the running worker has no sync codicon');
  });

  await checks.check('the status bar shows the running fleet as busy/workers · ready tasks', async () => {
    await page.locator('.statusbar-item', { hasText: '2/3 · 1 queued' }).first().waitFor(WAIT);
  });
  await page.screenshot({ path: join(screenshots, 'workers-view.png') });
}

/**
 * A fleet mid-run, prepared through `lwc` (the packaged CLI, dist/cli.js) as a user's terminal would: six plans queued
 * with priorities and a dependency, one done and one failed, two claimed by workers of a supervisor.json that names
 * this harness's live process, their runs' events with usage (one model priced in config.toml, one not), worktrees
 * with work in them. Then "LW Coder: Show Fleet Dashboard" from the palette: its CSP checked inside the frame, its
 * sections read, a screenshot for the README (media/dashboard.png with --update-screenshot).
 */
async function fleetDashboard(page, { server, fixture, screenshots, checks }) {
  const git = (...args) => execFileSync('git', args, { cwd: fixture, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const lwc = (...args) => execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: fixture, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const head = git('rev-parse', 'HEAD');
  const plans = ['add-search', 'cache-sessions', 'rate-limit-api', 'export-csv', 'dark-mode', 'migrate-orm'];
  for (const id of plans) {
    writeFileSync(join(fixture, '.lw_coder', 'tasks', `${id}.md`), `---\nplan_id: ${id}\ngit_sha: ${head}\nstatus: ready\nevaluation_notes:\n  - Tests pass\n---\n\n# Task Plan: ${id}\n\n## Objectives\n- ${id.replace(/-/g, ' ')}.\n`);
  }
  appendFileSync(join(fixture, '.lw_coder', 'config.toml'), '\n[prices."openai/gpt-5.2"]\ninput_per_mtok = 1.25\noutput_per_mtok = 10\n');
  git('add', '.lw_coder');
  git('commit', '-q', '-m', 'plans for the fleet');
  lwc('task', 'add', 'add-search', '--priority', '0');
  lwc('task', 'add', 'cache-sessions', 'rate-limit-api', '--priority', '1');
  lwc('task', 'add', 'export-csv');
  lwc('task', 'add', 'dark-mode', '--priority', '3');
  lwc('task', 'add', 'migrate-orm', '--after', 'rate-limit-api');
  const me = `${hostname()}:${process.pid}`;
  const workers = ['w1', 'w2', 'w3'].map((w) => `${w}@${me}`);
  const started = Date.now();
  const runOf = (planId, lines) => {
    const name = new Date(started + 1000 + plans.indexOf(planId)).toISOString().replace(/[-:]/g, '');
    const dir = join(fixture, '.lw_coder', 'runs', planId, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'events.jsonl'), lines.map((l) => `${JSON.stringify({ attempt: 1, at: new Date().toISOString(), ...l })}\n`).join(''));
    return dir;
  };
  const usage = (model, inputTokens, outputTokens) => ({ kind: 'usage', inputTokens, outputTokens, agent: 'codex', ...(model ? { model } : {}) });
  lwc('task', 'claim', '--worker', workers[0], '--lease', '3600');
  runOf('add-search', [{ kind: 'started' }, { kind: 'command', command: 'npm test', status: 'completed' }, usage('openai/gpt-5.2', 182_000, 9_400), { kind: 'completed' }]);
  lwc('task', 'complete', 'add-search', '--worker', workers[0]);
  lwc('task', 'claim', '--worker', workers[0], '--lease', '3600');
  runOf('cache-sessions', [{ kind: 'started' }, usage('anthropic/claude-sonnet-4.5', 96_000, 4_100), { kind: 'failed', message: 'tests failed: 3 of 41' }]);
  lwc('task', 'fail', 'cache-sessions', '--worker', workers[0], '--reason', 'tests failed: 3 of 41');
  const running = [];
  for (const [i, planId] of [[0, 'rate-limit-api'], [1, 'export-csv']]) {
    lwc('task', 'claim', '--worker', workers[i], '--lease', '3600');
    const runDir = runOf(planId, [{ kind: 'started' }, usage('openai/gpt-5.2', 41_000 * (i + 1), 2_300), { kind: 'command', command: i ? 'npm run build' : 'npx vitest run src/limits', status: 'started' }]);
    const worktree = join(fixture, '.lw_coder', 'worktrees', planId);
    git('worktree', 'add', '-q', '-b', planId, worktree, head);
    writeFileSync(join(worktree, `${planId}.txt`), 'work in progress\n');
    running.push({ name: `w${i + 1}`, id: workers[i], state: 'running', planId, plan: `.lw_coder/tasks/${planId}.md`, branch: planId, container: `lwc-${planId}`, runDir, startedAt: new Date(started - (i + 1) * 7 * 60_000).toISOString() });
  }
  const now = new Date().toISOString();
  mkdirSync(join(fixture, '.lw_coder', 'state', 'fleet'), { recursive: true });
  writeFileSync(join(fixture, '.lw_coder', 'state', 'fleet', 'supervisor.json'), JSON.stringify({
    version: 1, pid: process.pid, hostname: hostname(), state: 'running', startedAt: now, heartbeatAt: now, heartbeatMs: 2000, workersWanted: 3, untilEmpty: false, leaseMs: 3_600_000,
    workers: [...running, { name: 'w3', id: workers[2], state: 'idle' }],
  }, null, 2));

  await openWorkbench(page, server.url(fixture), '.lw_coder');
  await showLwCoder(page);
  await sidebarRows(page).first().waitFor(WAIT);
  const palette = async (command) => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor(WAIT);
    await page.keyboard.press('Enter');
  };
  // Only this page's webview: editors restored from the earlier scenarios (a feedback panel) are closed first.
  await palette('View: Close All Editors');
  await checks.check('"LW Coder: Show Fleet Dashboard" from the palette opens the dashboard', async () => {
    await palette('LW Coder: Show Fleet Dashboard');
    await page.locator('.tabs-container .tab', { hasText: 'Fleet Dashboard' }).first().waitFor(WAIT);
  });
  const frame = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await checks.check("the dashboard page's Content-Security-Policy: default-src 'none', scripts only by nonce, no unsafe-inline", async () => {
    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content', WAIT);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert(JSON.stringify(directives['default-src']) === '["\'none\'"]', `default-src: ${csp}`);
    assert(directives['script-src']?.length === 1 && /^'nonce-[A-Za-z0-9+/=]{20,}'$/.test(directives['script-src'][0]), `script-src: ${csp}`);
    assert(!/unsafe-inline|unsafe-eval/.test(csp), `CSP allows inline or eval: ${csp}`);
    // The page's own script (VS Code adds an inline one of its own to every webview frame, outside the page's policy).
    const scripts = await frame.locator('script[src]').evaluateAll((all) => all.map((s) => ({ nonce: s.nonce !== '', src: s.getAttribute('src') })));
    assert(scripts.length === 1 && scripts[0].nonce && /\/dist\/webview\/dashboard\.js$/.test(new URL(scripts[0].src).pathname), `scripts: ${JSON.stringify(scripts)}`);
  });
  await checks.check('the dashboard shows the workers, the queue counts, every task with its state, the usage and the cost', async () => {
    await frame.locator('.card', { hasText: 'rate-limit-api' }).waitFor(WAIT);
    assert((await frame.locator('.card').count()) === 3, `worker cards: ${await frame.locator('.card').count()}`);
    const rows = await frame.locator('#tasks tbody tr').evaluateAll((all) => all.map((r) => r.querySelector('.plan-id')?.textContent));
    assert(JSON.stringify([...rows].sort()) === JSON.stringify([...plans].sort()), `task rows: ${JSON.stringify(rows)}`);
    const text = (await frame.locator('#root').innerText()).replace(/\s+/g, ' ');
    for (const expected of ['Ready', 'Blocked', 'migrate-orm', 'rate-limit-api (waiting)', 'failed', '$0.32', 'unknown', 'Docker', 'running · process']) {
      assert(text.includes(expected), `"${expected}" is not on the dashboard: ${text.slice(0, 900)}`);
    }
  });
  await page.screenshot({ path: join(screenshots, 'dashboard.png') });

  await checks.check('a store change updates the open page in place: the same row elements, the scroll position kept', async () => {
    const scroller = await frame.locator('html').evaluate((html) => {
      html.scrollTop = 200;
      for (const row of document.querySelectorAll('#tasks tbody tr')) row.dataset.marked = 'before';
      return html.scrollTop;
    });
    lwc('task', 'complete', 'rate-limit-api', '--worker', workers[0]);
    const row = frame.locator('#tasks tbody tr', { hasText: 'rate-limit-api' });
    await row.locator('vscode-badge', { hasText: 'done' }).waitFor(WAIT);
    const after = await frame.locator('html').evaluate((html) => ({ top: html.scrollTop, marked: [...document.querySelectorAll('#tasks tbody tr')].map((r) => r.dataset.marked) }));
    assert(after.marked.length === plans.length && after.marked.every((m) => m === 'before'), `rows were rebuilt: ${JSON.stringify(after.marked)}`);
    assert(after.top === scroller, `scroll moved from ${scroller} to ${after.top}`);
    // migrate-orm waited for rate-limit-api: it is ready now.
    await frame.locator('#tasks tbody tr', { hasText: 'migrate-orm' }).locator('vscode-badge', { hasText: 'ready' }).waitFor(WAIT);
  });
}

/**
 * Runs every UI check against a running code-server that has the packaged extension installed.
 * @param {{ context: import('playwright-core').BrowserContext, server: { url(folder: string): string },
 *   fixture: string, empty: string, screenshots: string,
 *   checks: { check(name: string, fn: () => Promise<void>): Promise<void> } }} env
 */
export async function runWorkbenchChecks(env) {
  mkdirSync(env.screenshots, { recursive: true });
  // LWC_UI_ONLY=feedbackPanel (comma-separated scenario names) narrows a development run; CI runs them all.
  const only = process.env.LWC_UI_ONLY?.split(',').map((n) => n.trim()).filter(Boolean);
  for (const scenario of [plansView, welcomeView, feedbackPanel, workersView, fleetDashboard].filter((s) => !only?.length || only.includes(s.name))) {
    const page = await env.context.newPage();
    try {
      await scenario(page, env);
    } catch (err) {
      await page.screenshot({ path: join(env.screenshots, `${scenario.name}-failure.png`) }).catch(() => {});
      throw err;
    } finally {
      await page.close();
    }
  }
}
