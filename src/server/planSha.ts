import { readString } from '../core/plan/scalar';
import type { ParsedPlan } from '../core/plan/types';
import { ZERO_SHA } from '../core/plan/types';

const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** The git_sha worth asking git about: a well-formed, non-placeholder sha. */
export function commitShaOf(parsed: ParsedPlan): string | undefined {
  const entry = parsed.entries?.find((e) => e.key === 'git_sha');
  const sha = entry ? readString(entry) : null;
  return sha !== null && COMMIT_SHA.test(sha) && sha !== ZERO_SHA ? sha : undefined;
}
