import { z } from 'zod';

/**
 * A command file (`.lw_coder/commands/*.yaml`, prunejuice's `.prj/commands/*.yaml`) as zod schemas: the source of truth
 * for validation (parse.ts) and for schemas/command.schema.json, which the YAML extension uses through package.json
 * `yamlValidation`. Every object is strict so a misspelt key (`post_step:`) is an error with its line instead of a
 * step list silently ignored. Rules zod cannot say (built-in names, placeholders in shell steps, `when` syntax,
 * `extends`) are in validate.ts and resolve.ts.
 */

export const BUILTIN_STEPS = [
  'setup-environment',
  'validate-prerequisites',
  'create-worktree',
  'start-session',
  'gather-context',
  'store-artifacts',
  'cleanup',
  'run-agent',
  'run-tests',
] as const;
export type BuiltinStep = (typeof BUILTIN_STEPS)[number];

export const STEP_TYPES = ['builtin', 'shell', 'script', 'agent'] as const;
export const ARGUMENT_TYPES = ['string', 'number', 'boolean', 'choice'] as const;

export const DEFAULT_COMMAND_TIMEOUT_SECONDS = 1800;
export const DEFAULT_CATEGORY = 'workflow';

/** Command and argument names: they become CLI words, branch names and `LWC_ARG_<NAME>` variables. */
export const COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const ARGUMENT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** YAML scalars a user writes where text is meant (`DEBUG: true`, `- 3`): kept as their text. */
const Textish = z.union([z.string(), z.number(), z.boolean()]);

export const ArgumentSchema = z
  .strictObject({
    name: z.string().regex(ARGUMENT_NAME).describe('Argument name: letters, digits, `_` and `-`. Steps read it as `args.<name>`, the environment variable `LWC_ARG_<NAME>` and `{{ args.<name> }}` in prompt files and `args` lists.'),
    description: z.string().optional().describe('Shown when the argument is asked for (editor) and in `lwc cmd show`.'),
    required: z.boolean().optional().describe('When true, the command does not start without a value. Default false.'),
    type: z.enum(ARGUMENT_TYPES).optional().describe('string (default), number, boolean or choice (then `choices` lists the values).'),
    choices: z.array(Textish).min(1).optional().describe('The allowed values of a `choice` argument.'),
    default: Textish.optional().describe('Value used when none is given.'),
  })
  .describe('An argument of the command, given as `key=value` to `lwc cmd run` or asked for by "Run Command…".');

export const RetrySchema = z
  .strictObject({
    count: z.number().int().min(0).max(20).describe('Extra attempts after the first failure (0-20).'),
    delay: z.number().min(0).max(3600).optional().describe('Seconds between attempts (default 0).'),
  })
  .describe('Retry a failing step.');

export const StepObjectSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('Step name in the session history and log file names. Default: the action for built-in steps, else `<type>-<n>`.'),
    type: z.enum(STEP_TYPES).optional().describe('builtin (default), shell, script or agent.'),
    action: z.string().min(1).describe('Built-in step name, shell command, script path relative to the repository, or for `agent` a prompt file.'),
    args: z
      .union([z.array(Textish), z.record(z.string(), Textish)])
      .optional()
      .describe('Arguments passed without a shell (a list, or prunejuice\'s mapping which becomes `key=value` items). May hold `{{ args.name }}` placeholders.'),
    timeout: z.number().int().min(1).optional().describe('Seconds before the step\'s process group is killed (default: what remains of the command\'s timeout).'),
    when: z.string().min(1).optional().describe('Run only when this expression holds, e.g. `args.skip_tests != true`: args.x / shared.x, string, number and boolean literals, == != && || ! and parentheses.'),
    retry: RetrySchema.optional(),
    continue_on_error: z.boolean().optional().describe('When true, a failure of this step is recorded and the command goes on.'),
  })
  .describe('A step: `type` and `action`, with optional `when`, `retry` and `continue_on_error`.');

export const StepSchema = z.union([z.string().min(1).describe('A built-in step by name, e.g. create-worktree.'), StepObjectSchema]);
const StepList = (what: string) => z.array(StepSchema).optional().describe(what);

export const CommandFileSchema = z
  .strictObject({
    name: z.string().regex(COMMAND_NAME).describe('The command\'s name (`lwc cmd run <name>`): letters, digits, `.`, `_` and `-`.'),
    description: z.string().optional().describe('One line shown in `lwc cmd list` and the Commands view.'),
    prompt_file: z.string().min(1).optional().describe('Prompt file (relative to the repository) that `run-agent` steps use, with `{{ args.name }}` placeholders substituted.'),
    extends: z.string().regex(COMMAND_NAME).optional().describe('Name of a parent command: arguments and environment merge by name, a step list given here replaces the parent\'s, one left out is inherited.'),
    category: z.string().min(1).optional().describe(`Group in listings. Default "${DEFAULT_CATEGORY}".`),
    arguments: z.array(ArgumentSchema).optional().describe('Arguments the command takes.'),
    environment: z.record(z.string().regex(ENV_NAME), Textish).optional().describe('Environment variables every step gets.'),
    pre_steps: StepList('Steps run first.'),
    steps: StepList('The main steps, after pre_steps.'),
    post_steps: StepList('Steps run after the main steps.'),
    cleanup_on_failure: StepList('Steps run when a step fails (each with its own timeout, 60 s by default).'),
    working_directory: z.string().min(1).optional().describe('Directory the steps run in, relative to the project (or worktree).'),
    timeout: z.number().int().min(1).optional().describe(`Whole-command budget in seconds. Default ${DEFAULT_COMMAND_TIMEOUT_SECONDS}.`),
    branch_name: z.string().min(1).optional().describe('Branch of the worktree lifecycle (default `lwc/<command>-<timestamp>`).'),
  })
  .describe('An LW Coder multi-step command (prunejuice format).');

export type CommandFile = z.infer<typeof CommandFileSchema>;
export type StepInput = z.infer<typeof StepSchema>;
export type ArgumentInput = z.infer<typeof ArgumentSchema>;

/** The four step lists, in the YAML keys' spelling, in the order they run (cleanup last, only on failure). */
export const STEP_LISTS = ['pre_steps', 'steps', 'post_steps', 'cleanup_on_failure'] as const;
export type StepListKey = (typeof STEP_LISTS)[number];

/** Example lines for fixes, by top-level key. */
export const KEY_EXAMPLES: Readonly<Record<string, string>> = {
  name: 'name: feature-branch',
  description: 'description: Start a feature branch and run the agent on it',
  prompt_file: 'prompt_file: prompts/feature.md',
  extends: 'extends: base-workflow',
  category: 'category: development',
  arguments: 'arguments:\n  - name: feature\n    required: true',
  environment: 'environment:\n  NODE_ENV: test',
  pre_steps: 'pre_steps:\n  - validate-prerequisites',
  steps: 'steps:\n  - create-worktree\n  - name: build\n    type: shell\n    action: npm run build',
  post_steps: 'post_steps:\n  - store-artifacts',
  cleanup_on_failure: 'cleanup_on_failure:\n  - cleanup',
  working_directory: 'working_directory: packages/app',
  timeout: 'timeout: 1800',
  branch_name: 'branch_name: feature/my-change',
};
