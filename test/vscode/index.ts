// The extensionTestsPath module: VS Code calls run() inside the real extension host once the workspace is open.
// Mocha runs every suite bundled next to this file (out/test/vscode/*.test.js, from `node scripts/build.mjs --tests`).
// Everything goes through console.log, which the workbench streams to scripts/vscode-test.mjs (codeAutomationLog).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The line scripts/vscode-test.mjs parses for its summary; keep the two in step. */
export const SUMMARY_PREFIX = '[lw-coder tests]';

export function run(): Promise<void> {
  // mocha 12 exports the class as a named export; it stays external to the bundle (scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Mocha: MochaClass } = require('mocha') as { Mocha: typeof Mocha };
  const mocha = new MochaClass({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // LWC_VSCODE_GREP (passed through code-server's environment) narrows a development run to matching tests.
  const grep = process.env['LWC_VSCODE_GREP'];
  if (grep) mocha.grep(grep);
  const suites = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  if (suites.length === 0) {
    return Promise.reject(new Error(`no *.test.js in ${__dirname}: add suites under test/vscode and build with --tests`));
  }
  for (const file of suites) mocha.addFile(join(__dirname, file));
  console.log(`${SUMMARY_PREFIX} running ${suites.length} suite file(s): ${suites.join(', ')}`);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        console.log(`${SUMMARY_PREFIX} ${stats?.passes ?? 0} passing, ${failures} failing, ${stats?.pending ?? 0} pending`);
        if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
        else resolve();
      });
    } catch (err) {
      // A suite that throws while loading never reaches the runner: say so, or the host only reports "exit 1".
      console.error(`${SUMMARY_PREFIX} could not load the suites:`, err);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
