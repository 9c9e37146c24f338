import { renderDroidFile } from './droidFile';
import type { PromptInput } from './input';
import { GENERATED_DROIDS, type PromptOutput } from './output';
import { renderTemplate, templateVariables, type TemplateSet } from './templates';

/** The files a coding run gets: the main prompt and the coding droids. */
export interface PromptArtifacts {
  readonly mainPrompt: string;
  /** Sorted by file name. */
  readonly droids: readonly { readonly fileName: string; readonly content: string }[];
  readonly feedbackSummaryOutline: readonly string[];
}

const sortDroids = (d: { fileName: string; content: string }[]): { fileName: string; content: string }[] => d.sort((a, b) => (a.fileName < b.fileName ? -1 : 1));

function baselineDroids(set: TemplateSet, vars: Record<string, string>): { fileName: string; content: string }[] {
  return set.droids.map((d) => ({ fileName: d.fileName, content: renderTemplate(d.template, vars, `droids/coding/${d.fileName}`) }));
}

/** The offline path: every prompt rendered from the built-in templates. */
export function renderTemplateArtifacts(set: TemplateSet, input: PromptInput): PromptArtifacts {
  const vars = templateVariables(input, set.feedbackOutline);
  return {
    mainPrompt: renderTemplate(set.main, vars, 'prompts/templates/main.md'),
    droids: sortDroids(baselineDroids(set, vars)),
    feedbackSummaryOutline: [...set.feedbackOutline],
  };
}

/**
 * The model path: the generated main prompt and the two generated droids; any other baseline coding droid ships as
 * its template renders (seed 001 copies the baseline coding droids into every run, plan-only droids never).
 */
export function modelArtifacts(output: PromptOutput, set: TemplateSet, input: PromptInput): PromptArtifacts {
  const vars = templateVariables(input, output.feedback_summary_outline);
  const generated = GENERATED_DROIDS.map((name) => {
    const spec = name === 'code-review-auditor' ? output.code_review_auditor : output.plan_alignment_checker;
    return { fileName: `${name}.md`, content: renderDroidFile({ name, description: spec.description, model: 'inherit', tools: spec.tools, body: spec.body }) };
  });
  const names = new Set(generated.map((g) => g.fileName));
  const others = baselineDroids(set, vars).filter((d) => !names.has(d.fileName));
  const main = output.main_prompt.trimEnd();
  return { mainPrompt: `${main}\n`, droids: sortDroids([...generated, ...others]), feedbackSummaryOutline: [...output.feedback_summary_outline] };
}
