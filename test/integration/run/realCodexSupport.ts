import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CodingResult } from '../../../src/core/agent/result';
import { hasToolOutput, shellCall, type ResponsesScript } from '../../support/fakeResponsesServer';

/**
 * What the tests with the real codex CLI share (headless runs of issue 6, the fleet of issue 12): the image inputs,
 * a key to look for where it must not be, a model id, the repository config and the scripted loopback model.
 */

export const CODEX_DIR = join(__dirname, '../../../docker/codex');
export const DROID_DIR = join(__dirname, '../../../docker/droid');
export const PINNED = /ARG CODEX_VERSION=(\S+)/.exec(readFileSync(join(CODEX_DIR, 'Dockerfile'), 'utf8'))?.[1] ?? 'unknown';
export const KEY = 'sk-or-v1-lwc-codex-test-9d41b7';
/** An OpenRouter-style id codex has no metadata for: codex warns (an `error` item) and carries on. */
export const MODEL = 'openai/gpt-5.2';
export const WROTE = 'codex-wrote.txt';
/**
 * The container joins the host's network (confirmed with --yes-dangerous-run-args) because the fake server listens on
 * the host's 127.0.0.1, and OPENROUTER_BASE_URL may use plain http only to loopback.
 */
export const CONFIG = `[code]\ndocker_run_args = ["--network=host"]\n\n[headless]\nmodel = "${MODEL}"\nmax_attempts = 1\ntimeout_seconds = 300\n`;

export const RESULT: CodingResult = {
  implementation_summary: `Wrote ${WROTE} with a greeting`,
  commit_message: 'Add a greeting file',
  step_results: [{ step_id: 'objective-1', status: 'COMPLETED', summary: 'Added the greeting', files: [WROTE], commands: [`printf > ${WROTE}`] }],
  tests_executed: [],
  tests_recommended: ['cat the file'],
  follow_up_items: [],
  notes: [],
  feedback: { review_findings: [{ severity: 'info', file: WROTE, message: 'Small and clear' }], plan_alignment: { verdict: 'aligned', reasons: ['The objective is met'] } },
};

/**
 * Asks for a shell call writing WROTE in the working directory, then answers with `final` once the output came back.
 * It judges each request by its body alone, so concurrent codex runs can share one server.
 */
export const toolThen = (final: string): ResponsesScript => (body) =>
  hasToolOutput(body) ? { items: [{ type: 'message', text: final }] } : { items: [shellCall(body, `printf 'hello from the real codex\\n' > ${WROTE}`)] };

export const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));

/** No file under dir holds KEY; at least `atLeast` files are there, so an empty directory cannot pass. */
export function assertKeyInNoFile(dir: string, atLeast = 8): void {
  const files = filesUnder(dir);
  assert.ok(files.length >= atLeast, `${dir} holds the run's files (${files.length})`);
  for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(KEY), `${file} does not hold the key`);
}
