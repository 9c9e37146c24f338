// Machine-scoped settings for a code-server profile, and the check that the extension sees them.
//
// code-server is a remote window: its extension host takes machine-scoped settings (lwCoder.docker.baseImageFrom, the
// endpoint, the agent command) from <user-data-dir>/Machine/settings.json. VS Code drops machine-scoped values from
// User/settings.json in remote windows (workbench configuration: LOCAL_MACHINE_SCOPES has no MACHINE), so values
// written there reach the extension or not depending on the order the workbench parses settings and registers the
// extension's contributions. The demo and the real-VS Code tier write them here, and read back the line the extension
// logs at activation (src/extension/run/settingsLog.ts) to prove they arrived.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The line src/extension/run/settingsLog.ts logs; keep the two in step. */
export const SETTINGS_LOG_PREFIX = 'machine settings:';
const LOG_FILE_NAME = 'LW Coder.log';

export const machineSettingsFile = (userDataDir) => join(userDataDir, 'Machine', 'settings.json');
const userSettingsFile = (userDataDir) => join(userDataDir, 'User', 'settings.json');

function readSettings(file) {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not plain JSON (${err instanceof Error ? err.message : err}): remove its comments or trailing commas, or delete it`);
  }
}

const writeSettings = (file, settings) => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
};

/**
 * The machine settings the demo gives the extension: the local base image (when it exists) instead of Docker Hub's
 * node:20-bookworm-slim, and the host's CA bundle for image builds behind TLS inspection. The real-VS Code tier gives
 * the same, so it checks what the demo relies on.
 */
export function demoMachineSettings(env = process.env, { baseImage = true } = {}) {
  const settings = {};
  if (baseImage) settings['lwCoder.docker.baseImageFrom'] = env.LWC_TEST_BASE_IMAGE || 'lw_coder_test_base:bookworm';
  const ca = env.LWC_EXTRA_CA_CERTS || env.NODE_EXTRA_CA_CERTS || '/etc/ssl/certs/ca-certificates.crt';
  if (existsSync(ca)) settings['lwCoder.docker.extraCaCertificates'] = ca;
  return settings;
}

/**
 * Sets machine-scoped settings in <userDataDir>/Machine/settings.json (a value of null removes the key) and removes the
 * same keys from User/settings.json, where an earlier demo put them. Returns the Machine settings file.
 */
export function writeMachineSettings(userDataDir, settings) {
  const file = machineSettingsFile(userDataDir);
  const machine = readSettings(file);
  for (const [key, value] of Object.entries(settings)) {
    if (value === null || value === undefined) delete machine[key];
    else machine[key] = value;
  }
  writeSettings(file, machine);
  const userFile = userSettingsFile(userDataDir);
  if (existsSync(userFile)) {
    const user = readSettings(userFile);
    const stale = Object.keys(settings).filter((key) => key in user);
    if (stale.length > 0) {
      for (const key of stale) delete user[key];
      writeSettings(userFile, user);
    }
  }
  return file;
}

function findLogs(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? findLogs(path) : name === LOG_FILE_NAME ? [path] : [];
  });
}

/**
 * The settings lines the extension logged in this profile, from every window, oldest first, with their file; with
 * `since` (epoch ms) only from logs written since then (a kept profile, like the demo's, holds older sessions' logs).
 */
export function extensionSettingsLines(userDataDir, since = 0) {
  return findLogs(join(userDataDir, 'logs'))
    .filter((file) => statSync(file).mtimeMs >= since)
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(SETTINGS_LOG_PREFIX)).map((line) => ({ file, line })))
    // Each line starts with its time (2026-12-03 07:54:12.487): ordered by it across windows.
    .sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
}

/** `lwCoder.x=value` pairs of one logged line. */
export function parseSettingsLine(line) {
  const rest = line.slice(line.indexOf(SETTINGS_LOG_PREFIX) + SETTINGS_LOG_PREFIX.length).trim();
  const seen = {};
  for (const part of rest.split(', ')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.startsWith('lwCoder.')) seen[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return seen;
}

/** What the line lacks of `expected`, as readable differences; empty when the extension saw every value. */
export function settingsDifferences(line, expected) {
  const seen = parseSettingsLine(line);
  return Object.entries(expected)
    .filter(([key, value]) => seen[key] !== String(value))
    .map(([key, value]) => `${key}: expected ${JSON.stringify(value)}, the extension saw ${seen[key] === undefined ? 'nothing (default)' : JSON.stringify(seen[key])}`);
}

/**
 * Waits until the extension's latest settings line in this profile (logged since `since`, epoch ms) shows every
 * expected value. Resolves with that line; rejects with what it saw (or that it logged nothing: did a window open the
 * folder?) after `timeoutMs`.
 */
export async function waitForExtensionSettings(userDataDir, expected, { timeoutMs = 60_000, since = 0 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = extensionSettingsLines(userDataDir, since).at(-1);
    if (last && settingsDifferences(last.line, expected).length === 0) return last.line;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!last) throw new Error(`the extension logged no "${SETTINGS_LOG_PREFIX}" line under ${join(userDataDir, 'logs')} within ${timeoutMs / 1000} s: did a window open a folder with .lw_coder?`);
  throw new Error(`the extension does not see the machine settings written to ${machineSettingsFile(userDataDir)}:\n  ${settingsDifferences(last.line, expected).join('\n  ')}\n  (${last.file}: ${last.line.trim()})`);
}
