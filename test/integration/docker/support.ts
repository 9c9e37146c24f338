import { execFileSync } from 'node:child_process';
import type { ContainerCreateOptions } from '../../../src/core/container/createOptions';
import type { ContainerEngine } from '../../../src/core/ports/containerEngine';

/** The locally built stand-in for node:20-bookworm-slim (scripts/ci/base-images.sh). */
export const TEST_BASE_IMAGE = process.env['LWC_TEST_BASE_IMAGE'] ?? 'lw_coder_test_base:bookworm';

/**
 * True when a Docker engine answers. Without one, outside CI, the suites are not registered and say so loudly (a
 * skipped test would be reported as pending, which this repository forbids); in CI a missing engine is a failure.
 */
export function dockerEngineAvailable(suite: string): boolean {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe', timeout: 15_000 });
  } catch (error) {
    const why = `no Docker engine answers (${(error as Error).message.split('\n')[0] ?? ''})`;
    if (process.env['CI'] === 'true' || process.env['CI'] === '1') {
      throw new Error(`${suite}: ${why}. CI must start one first: bash scripts/ci/docker-engine.sh`);
    }
    console.error(`\n!!!!!!!!!! ${suite} NOT RUN: ${why}. Start Docker (bash scripts/ci/docker-engine.sh) to run it. !!!!!!!!!!\n`);
    return false;
  }
  try {
    execFileSync('docker', ['image', 'inspect', TEST_BASE_IMAGE], { stdio: 'pipe' });
  } catch {
    throw new Error(`${suite}: the test base image ${TEST_BASE_IMAGE} is missing. Build it with: bash scripts/ci/base-images.sh`);
  }
  return true;
}

export interface RunOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Creates, runs to completion and removes a container, collecting its output (no TTY). */
export async function runToExit(engine: ContainerEngine, create: ContainerCreateOptions): Promise<RunOutput> {
  const { id } = await engine.createContainer({ ...create, Tty: false, OpenStdin: false, AttachStdin: false, StdinOnce: false });
  try {
    const attachment = await engine.attachContainer(id, { stdin: false, tty: false });
    let stdout = '';
    let stderr = '';
    attachment.onOutput((chunk, stream) => {
      if (stream === 'stdout') stdout += Buffer.from(chunk).toString();
      else stderr += Buffer.from(chunk).toString();
    });
    await engine.startContainer(id);
    const exitCode = await engine.waitContainer(id, { timeoutMs: 120_000 });
    await attachment.ended;
    return { exitCode, stdout, stderr };
  } finally {
    await engine.removeContainer(id, { force: true });
  }
}

/** A throwaway tag unique to this test process. */
export const uniqueTag = (name: string): string => `lwc_test_${name}:${process.pid}-${Date.now().toString(36)}`;
