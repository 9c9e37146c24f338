// UI checks on the packaged extension in a real workbench (code-server + Debian chromium), run by scripts/vscode-test.mjs.
// They look at what a user sees — the activity bar, the Plans view rows, squiggles, CodeLens, welcome buttons — through
// the DOM VS Code 1.100 renders; the extension's own behaviour is proven by the suites in test/vscode/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
 * Runs every UI check against a running code-server that has the packaged extension installed.
 * @param {{ context: import('playwright-core').BrowserContext, server: { url(folder: string): string },
 *   fixture: string, empty: string, screenshots: string,
 *   checks: { check(name: string, fn: () => Promise<void>): Promise<void> } }} env
 */
export async function runWorkbenchChecks(env) {
  mkdirSync(env.screenshots, { recursive: true });
  for (const scenario of [plansView, welcomeView]) {
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
