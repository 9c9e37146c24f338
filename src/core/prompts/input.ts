/** What the prompt signature reads: the plan's metadata and body plus repository facts. */
export interface PromptInput {
  readonly planId: string;
  readonly gitSha: string;
  readonly status: string;
  readonly planBody: string;
  /** Relative to the repository root, with forward slashes. */
  readonly planPath: string;
  readonly repositoryName: string;
  readonly evaluationNotes: readonly string[];
}
