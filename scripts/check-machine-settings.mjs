// Opens a running code-server once in headless chromium and waits until LW Coder logs that it sees the expected
// machine settings (scripts/lib/machine-settings.mjs). The demo runs it after starting code-server, so a demo whose
// base image setting did not arrive says so at start instead of Run plan pulling from Docker Hub later.
// usage: node scripts/check-machine-settings.mjs <url> <user-data-dir> '<expected settings as JSON>'
// exit: 0 seen, 1 not seen (the difference is printed), 2 could not check (no chromium or playwright-core)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './lib/code-server.mjs';
import { SETTINGS_LOG_PREFIX, waitForExtensionSettings } from './lib/machine-settings.mjs';

async function main() {
  const [url, userData, expectedJson] = process.argv.slice(2);
  if (!url || !userData || !expectedJson) {
    console.error("usage: node scripts/check-machine-settings.mjs <url> <user-data-dir> '<expected settings as JSON>'");
    return 2;
  }
  const expected = JSON.parse(expectedJson);
  // The demo's profile keeps the logs of earlier runs: only this window's line counts.
  const since = Date.now();
  const browserDir = mkdtempSync(join(tmpdir(), 'lwc-settings-check-'));
  let browser;
  try {
    try {
      browser = await launchBrowser({ browser: browserDir });
    } catch (err) {
      console.log(`machine settings: not checked (${err instanceof Error ? err.message.split('\n')[0] : err})`);
      return 2;
    }
    await browser.page.goto(url);
    try {
      const line = await waitForExtensionSettings(userData, expected, { since, timeoutMs: Number(process.env.LWC_SETTINGS_CHECK_TIMEOUT_MS ?? 60_000) });
      console.log(`machine settings: the extension sees them (${line.slice(line.indexOf(SETTINGS_LOG_PREFIX) + SETTINGS_LOG_PREFIX.length).trim()})`);
      return 0;
    } catch (err) {
      console.error(`machine settings: ${err instanceof Error ? err.message : err}`);
      return 1;
    }
  } finally {
    await browser?.context.close().catch(() => {});
    rmSync(browserDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
