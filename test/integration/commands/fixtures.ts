/** The prunejuice-style example of the README: a base workflow and a feature-branch command extending it. */
export const BASE_WORKFLOW = `name: base-workflow
description: Validate, work in a fresh worktree, keep the artifacts
arguments:
  - name: feature
    description: Short name of the change
    required: true
environment:
  CI: "true"
pre_steps:
  - validate-prerequisites
steps:
  - create-worktree
post_steps:
  - store-artifacts
cleanup_on_failure:
  - cleanup
`;

export const FEATURE_BRANCH = `name: feature-branch
description: Start a feature branch, run the agent on it and test it
extends: base-workflow
prompt_file: prompts/feature.md
arguments:
  - name: skip_tests
    type: boolean
    default: false
steps:
  - create-worktree
  - gather-context
  - run-agent
  - name: test
    type: shell
    action: npm test
    when: args.skip_tests != true
    retry: { count: 1, delay: 5 }
`;
