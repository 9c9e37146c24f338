// One real VS Code (code-server 4.100.3) per call, with every bit of state in a throwaway folder, and the Debian chromium
// that drives it. Why these flags and settings: ../../../shared/recipes/real-vscode.md (or the README's "Tests" section).
// Every server started here is killed with its whole process group on every exit path: extension hosts outlive the page.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.LWC_CHROMIUM ?? '/usr/bin/chromium';
export const EXTENSION_ID = 'lw-coder.lw-coder';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const USER_SETTINGS = {
  // Else the terminal draws on a canvas and its text is not in the DOM for UI checks.
  'terminal.integrated.gpuAcceleration': 'off',
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'workbench.colorTheme': 'Default Dark Modern',
};

/** Runs scripts/install-code-server.sh (a no-op when cached) and returns the code-server binary, or throws its log. */
export function ensureCodeServer() {
  const out = execFileSync('bash', [join(ROOT, 'scripts', 'install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const bin = out.trim().split('\n').pop() ?? '';
  if (!existsSync(bin)) throw new Error(`install-code-server.sh did not print a binary path (got '${bin}')`);
  return bin;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => res(port));
    });
  });
}

/** Rejects when something already listens on 127.0.0.1:port, with the fix in the message. */
export function assertPortFree(port) {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', () => rej(new Error(`port ${port} on 127.0.0.1 is in use: stop what listens there or pick another port`)));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res()));
  });
}

/**
 * A throwaway profile: HOME, XDG dirs, user data (with our settings) and extensions, all under one temp folder, so
 * code-server writes nothing into the developer's real HOME. `dispose()` deletes it.
 */
export function makeProfile(prefix = 'lwc-vscode-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const p = {
    dir,
    home: join(dir, 'home'),
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    browser: join(dir, 'chromium'),
    serverLog: join(dir, 'code-server.log'),
  };
  for (const d of [p.home, join(p.userData, 'User'), p.extensions, p.browser]) mkdirSync(d, { recursive: true });
  writeFileSync(join(p.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const env = { ...process.env, HOME: p.home, XDG_CONFIG_HOME: join(p.home, '.config'), XDG_DATA_HOME: join(p.home, '.local', 'share'), XDG_CACHE_HOME: join(p.home, '.cache') };
  // Inherited from a VS Code terminal, these would make code-server's CLI talk to the developer's own editor.
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  return { ...p, env, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const profileArgs = (profile) => ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];

/** Runs the code-server CLI (e.g. --install-extension, --list-extensions) against a profile; returns stdout. */
export function codeServerCli(bin, profile, ...args) {
  return execFileSync(bin, [...profileArgs(profile), ...args], { env: profile.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

const running = new Set();
function killAllSync() {
  for (const server of running) server.killGroup('SIGKILL');
}
process.once('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killAllSync();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts code-server on 127.0.0.1:port in its own process group (spawn detached = setsid) and waits for /healthz.
 * `trust: false` keeps Workspace Trust on (default: off, so tests are not stopped by the trust prompt).
 * Returns { port, url(folder, payload?), stop() }; stop() kills the whole group and is safe to call twice.
 */
export async function startCodeServer({ bin, profile, port, trust = true }) {
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-getting-started-override', ...(trust ? ['--disable-workspace-trust'] : []), ...profileArgs(profile)];
  const log = openSync(profile.serverLog, 'a');
  const child = spawn(bin, args, { env: profile.env, detached: true, stdio: ['ignore', log, log] });
  const pgid = /** @type {number} */ (child.pid);
  let exited = false;
  child.once('exit', () => { exited = true; });
  const server = {
    port,
    pgid,
    killGroup(signal) {
      try { process.kill(-pgid, signal); } catch { /* group already gone */ }
    },
    url(folder, payload) {
      const q = new URLSearchParams({ folder });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `http://127.0.0.1:${port}/?${q.toString()}`;
    },
    remote: (path) => `vscode-remote://127.0.0.1:${port}${path}`,
    async stop() {
      if (!running.has(server)) return;
      server.killGroup('SIGTERM');
      for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
      server.killGroup('SIGKILL');
      running.delete(server);
    },
  };
  running.add(server);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return server;
    } catch { /* not listening yet */ }
    await sleep(250);
  }
  await server.stop();
  throw new Error(`code-server did not become healthy on port ${port}${exited ? ' (it exited)' : ' within 60 s'}; see ${profile.serverLog}`);
}

/** Debian's chromium through playwright-core (never a downloaded browser), with a fresh profile inside `profile`. */
export async function launchBrowser(profile, viewport = { width: 1280, height: 800 }) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set LWC_CHROMIUM)`);
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile.browser, { executablePath: CHROMIUM, headless: true, viewport, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** Every exthost log code-server wrote for this profile: logs/<server session>/exthost<N>/, one per window. */
export function exthostLogs(profile) {
  const logs = join(profile.userData, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs).flatMap((session) =>
    readdirSync(join(logs, session))
      .filter((d) => /^exthost\d+$/.test(d))
      .map((d) => join(logs, session, d, 'remoteexthost.log'))
      .filter((file) => existsSync(file)));
}

/**
 * Error entries of an exthost log that concern our extension: activation failures and stacks through its files.
 * A log entry starts with a timestamp and a level; continuation lines (stacks) belong to the entry above them.
 * Entries after "Extension host terminating" come from the harness closing the window (requests in flight fail against
 * closed channels): they are returned apart, as `duringShutdown`, to be shown but not to fail the run.
 */
export function extensionErrors(logText, extensionPath) {
  const entries = [];
  for (const line of logText.split('\n')) {
    if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \[/.test(line) || entries.length === 0) entries.push(line);
    else entries[entries.length - 1] += `\n${line}`;
  }
  const ours = (e) => e.includes(EXTENSION_ID) || /lw-coder|lwCoder/.test(e) || (extensionPath && e.includes(extensionPath));
  const result = { errors: [], duringShutdown: [] };
  let shuttingDown = false;
  for (const e of entries) {
    if (/\] Extension host terminating/.test(e)) shuttingDown = true;
    if (/^\S+ \S+ \[error\]/.test(e) && ours(e)) (shuttingDown ? result.duringShutdown : result.errors).push(e);
  }
  return result;
}
