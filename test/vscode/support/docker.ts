import { execFileSync } from 'node:child_process';

/** The local base the agent images are built on in tests (scripts/ci/base-images.sh builds it). */
export const TEST_BASE_IMAGE = process.env['LWC_TEST_BASE_IMAGE'] ?? 'lw_coder_test_base:bookworm';

/** Why the Docker suites cannot run here, or undefined when they can. */
export function dockerMissing(): string | undefined {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe', timeout: 15_000 });
  } catch (error) {
    return `no Docker engine answers (${(error as Error).message.split('\n')[0] ?? ''}); start one: bash scripts/ci/docker-engine.sh`;
  }
  try {
    execFileSync('docker', ['image', 'inspect', TEST_BASE_IMAGE], { stdio: 'pipe' });
  } catch {
    return `the test base image ${TEST_BASE_IMAGE} is missing; build it: bash scripts/ci/base-images.sh`;
  }
  return undefined;
}
