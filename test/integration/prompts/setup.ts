import { makeRepo, type TestRepo } from '../../support/git';

export const TEST_KEY = 'sk-or-v1-integration-0123456789';

/** Seed 001's background: a repository with .lw_coder/tasks/sample-plan.md whose git_sha is a real commit. */
export function makePlanRepo(files: Record<string, string> = {}): { repo: TestRepo; sha: string } {
  const repo = makeRepo('lwc-prompts-');
  const sha = repo.git('rev-parse', 'HEAD');
  repo.commit({
    '.lw_coder/tasks/sample-plan.md': `---\nplan_id: sample-plan\ngit_sha: ${sha}\nstatus: ready\nevaluation_notes:\n  - Name the files to change\n---\n\n# Task Plan: Sample\n\n## Objectives\n- Add a greeting function in src/greet.ts with tests.\n`,
    '.gitignore': '.lw_coder/runs/\n.lw_coder/cache/\n.env\n.env.local\n',
    ...files,
  });
  return { repo, sha };
}
