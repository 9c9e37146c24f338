import type { AgentId } from './backend';
import { truncateText } from './text';

/**
 * The prompt of a headless run. The run's main prompt (generated or from the templates) is written for droid's
 * interactive session: a developer watches, droid's two review subagents exist as tools, and the session ends with a
 * summary "presented to the developer". None of that holds headless, and codex and claude have no droid subagents at
 * all. Rewriting a model-generated prompt is not reliable, so the main prompt is kept and a closing section overrides
 * the interactive parts: nobody answers questions, the reviews are done by the agent itself with the reviewers'
 * instructions inlined (droid keeps its subagents — they are mounted — but is told where their verdicts go), and the
 * summary becomes the final JSON's `feedback` section.
 *
 * Long inputs are cut visibly (truncateText's marker), never silently, and each cut is reported so the run can warn.
 */

export interface ReviewerInstructions {
  /** The subagent's name, e.g. code-review-auditor. */
  readonly name: string;
  /** Its droid file (front matter optional). */
  readonly text: string;
}

export interface HeadlessPromptInput {
  readonly mainPrompt: string;
  readonly agent: AgentId;
  readonly reviewers: readonly ReviewerInstructions[];
  /** Characters kept of the main prompt (head and tail around the marker); default 120,000. */
  readonly maxMainChars?: number;
  /** Characters kept of each reviewer's instructions; default 12,000. */
  readonly maxReviewerChars?: number;
}

export interface HeadlessPrompt {
  readonly text: string;
  /** One sentence per input that was cut, for a run warning. */
  readonly truncated: readonly string[];
}

export const DEFAULT_MAX_MAIN_CHARS = 120_000;
export const DEFAULT_MAX_REVIEWER_CHARS = 12_000;

/** Which result field each reviewer's verdict goes to; unknown reviewers report findings. */
const FEEDBACK_FIELD: Readonly<Record<string, string>> = {
  'code-review-auditor': '`feedback.review_findings` (severity critical|major|minor|info, file or null, message)',
  'plan-alignment-checker': '`feedback.plan_alignment` (verdict aligned|partially_aligned|misaligned, reasons)',
};

/** The droid file's body without its front matter (the name/tools lines mean nothing to another agent). */
export function droidBody(text: string): string {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const m = /^---\n[\s\S]*?\n---[ \t]*(?:\n|$)/.exec(normalized);
  return (m ? normalized.slice(m[0].length) : normalized).trim();
}

export function buildHeadlessPrompt(input: HeadlessPromptInput): HeadlessPrompt {
  const maxMain = input.maxMainChars ?? DEFAULT_MAX_MAIN_CHARS;
  const maxReviewer = input.maxReviewerChars ?? DEFAULT_MAX_REVIEWER_CHARS;
  const truncated: string[] = [];
  const main = input.mainPrompt.trim();
  const mainText = truncateText(main, maxMain, 'middle');
  if (mainText !== main) truncated.push(`The main prompt (${main.length} characters) was cut to ${maxMain} around its middle.`);

  const ownSubagents = input.agent === 'droid';
  const lines: string[] = [
    mainText,
    '',
    '## Headless run — these instructions override the interactive ones above',
    '',
    '- Nobody is watching this session and nobody will answer questions: decide, act, and record open questions in `notes` and `follow_up_items`.',
    '- Do not wait for confirmation. Finish the plan, run the tests, then end with the final answer described below.',
    '- The summary "presented to the developer" is the final answer itself: its `feedback` section carries the reviews.',
  ];
  if (input.reviewers.length > 0) {
    lines.push('');
    if (ownSubagents) {
      lines.push('Run these subagents once the implementation is done (they are installed), address what they find, and report their verdicts:');
      for (const r of input.reviewers) lines.push(`- \`${r.name}\` → ${FEEDBACK_FIELD[r.name] ?? '`feedback.review_findings`'}`);
    } else {
      lines.push('The subagents named above are not available here. Once the implementation is done, carry out each review yourself, following its instructions below, address what you find, and report the verdicts:');
      for (const r of input.reviewers) {
        const body = droidBody(r.text);
        const kept = truncateText(body, maxReviewer, 'head');
        if (kept !== body) truncated.push(`The ${r.name} instructions (${body.length} characters) were cut to ${maxReviewer}.`);
        lines.push('', `### Review: ${r.name} → ${FEEDBACK_FIELD[r.name] ?? '`feedback.review_findings`'}`, '', kept);
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, truncated };
}
