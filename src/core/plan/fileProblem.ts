import { describeSize } from '../limits/inputSize';
import type { BoundedRead } from '../ports/boundedRead';
import type { ParsedPlan, PlanDiagnostic, PlanDiagnosticCode, ValidatedPlan } from './types';

/** Why a plan file was not read: everything a bounded read can return but text or nothing. */
export type PlanFileProblem = Exclude<BoundedRead, { kind: 'text' | 'missing' }>;

const HOW_TO_DROP = 'or remove it from the tasks folder';

/** Code and message (with its fix) for a plan file that was not read. The file's content never appears: none was read. */
export function describePlanFileProblem(fileName: string, problem: PlanFileProblem): { code: PlanDiagnosticCode; message: string } {
  switch (problem.kind) {
    case 'not-regular':
      return {
        code: 'plan-file-not-regular',
        message: `${fileName} is a ${problem.fileKind}${problem.linkTarget ? ` (it links to ${problem.linkTarget})` : ''}, not a regular file, so it was not read. Fix: replace it with a markdown plan file, ${HOW_TO_DROP}.`,
      };
    case 'too-large':
      return {
        code: 'plan-file-too-large',
        message: `${fileName} is ${describeSize(problem.size)}, over the ${describeSize(problem.limit)} limit for a plan, so it was not read. Fix: shorten the plan (link to long material instead of pasting it), ${HOW_TO_DROP}.`,
      };
    case 'outside':
      return {
        code: 'plan-file-outside-repository',
        message: `${fileName} links to ${problem.target}, outside the repository, so it was not read: a plan's text goes into prompts and agent containers, and a cloned repository must not pick it from your machine. Fix: copy the plan into the repository (or link to a file inside it), ${HOW_TO_DROP}.`,
      };
    case 'dangling-link':
      return {
        code: 'plan-file-unreadable',
        message: `${fileName} links to ${problem.target}, which does not exist. Fix: point the link at an existing plan file, ${HOW_TO_DROP}.`,
      };
    case 'unreadable':
      return {
        code: 'plan-file-unreadable',
        message: `${fileName} cannot be read (${problem.errno}). Fix: check its permissions and that it is not a link loop, ${HOW_TO_DROP}.`,
      };
  }
}

/**
 * What parsePlan('') returns, less its syntax diagnostic, written out rather than computed: the Plans view's file port
 * imports this module at activation, and importing the parser would bring the YAML library onto that path.
 */
const ORIGIN = { line: 0, character: 0 } as const;
const NOTHING_READ: ParsedPlan = {
  text: '',
  hasBom: false,
  eol: '\n',
  entries: null,
  frontMatterRange: null,
  frontMatter: null,
  body: '',
  bodyRange: { start: ORIGIN, end: ORIGIN },
  syntaxDiagnostics: [],
  lineStarts: [0],
};

/** A plan that could not be read, as validation reports it: invalid, no fields, exactly one diagnostic on line 1. */
export function unreadablePlan(fileName: string, problem: PlanFileProblem): ValidatedPlan {
  const { code, message } = describePlanFileProblem(fileName, problem);
  const start = { line: 0, character: 0 };
  const diagnostic: PlanDiagnostic = { code, severity: 'error', message, range: { start, end: start }, data: { reason: problem.kind } };
  return { parsed: NOTHING_READ, fields: { planId: null, gitSha: null, status: null, evaluationNotes: [] }, diagnostics: [diagnostic], valid: false };
}

/** Thrown where a single plan must be read whole (set-status, run, abandon) and the file was refused. */
export class PlanFileRefusedError extends Error {
  override readonly name = 'PlanFileRefusedError';
  readonly code: PlanDiagnosticCode;
  constructor(
    readonly path: string,
    readonly problem: PlanFileProblem,
    fileName: string,
  ) {
    const described = describePlanFileProblem(fileName, problem);
    super(described.message);
    this.code = described.code;
  }
}
