import { z } from 'zod';

/**
 * `.lw_coder/config.toml` as zod schemas. The `[code]` table is seed 001's contract, unchanged; `[prompts]` is ours.
 * Every object is strict so a misspelt key is an error (with its line, see parse.ts) instead of a silently ignored
 * setting. Descriptions feed schemas/config.schema.json, which editors (Even Better TOML / taplo) use for completion.
 */

/** Env variable names and globs: letters, digits, `_`, with `*` and `?` as wildcards. */
export const ENV_PATTERN = /^[A-Za-z0-9_*?]+$/;

export const DEFAULT_ENV_FILE = '.env';
export const DEFAULT_FORWARD_ENV: readonly string[] = ['OPENROUTER_*'];
export const DEFAULT_PROMPT_TIMEOUT_SECONDS = 120;
export const DEFAULT_PROMPT_MAX_RETRIES = 3;

export const CodeTableSchema = z
  .strictObject({
    env_file: z
      .string()
      .min(1)
      .optional()
      .describe('Env file read for OPENROUTER_* settings and forwarded variables, relative to the repository root. Default ".env" (optional); when set explicitly the file must exist.'),
    forward_env: z
      .array(z.string().regex(ENV_PATTERN))
      .optional()
      .describe('Variables forwarded into the agent container: names or globs such as "OPENROUTER_*". Default ["OPENROUTER_*"]. "*" forwards every variable and prints a warning.'),
    docker_build_args: z
      .array(z.string())
      .optional()
      .describe('Extra arguments for `docker build` of the repository image (lw_coder_droid:<repo_hash>), e.g. ["--build-arg", "UV_VERSION=0.5"].'),
    docker_run_args: z
      .array(z.string())
      .optional()
      .describe('Extra arguments for `docker run` of the agent container. Dangerous options (privileged, host namespaces, outside mounts) need confirmation.'),
  })
  .describe('Settings of the code command (seed 001 contract).');

export const PromptsTableSchema = z
  .strictObject({
    source: z
      .enum(['model', 'templates'])
      .optional()
      .describe('"model" (default) generates the prompts through the OpenAI-compatible endpoint; "templates" renders the built-in templates offline.'),
    model: z
      .string()
      .min(1)
      .optional()
      .describe('Model id on the endpoint, used when OPENROUTER_MODEL is not set. Default "~anthropic/claude-sonnet-latest" (OpenRouter\'s alias that follows the current Claude Sonnet).'),
    timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(900)
      .optional()
      .describe('Timeout of one model request, in seconds (1-900). Default 120.'),
    max_retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .optional()
      .describe('Retries after a 429, a 5xx or a timeout (0-10), with backoff and honouring Retry-After. Default 3.'),
  })
  .describe('How the run prompts are generated.');

export const HEADLESS_AGENTS = ['codex', 'droid', 'claude'] as const;
export const DEFAULT_HEADLESS_TIMEOUT_SECONDS = 1800;
export const DEFAULT_HEADLESS_MAX_ATTEMPTS = 2;

export const HeadlessTableSchema = z
  .strictObject({
    agent: z
      .enum(HEADLESS_AGENTS)
      .optional()
      .describe('The agent CLI of headless runs: "codex" (default), "droid" or "claude". `lwc code --headless --agent` overrides it.'),
    model: z
      .string()
      .min(1)
      .optional()
      .describe('Model id for the agent, on the provider below (e.g. "openai/gpt-5.2" on OpenRouter). Default: the agent CLI\'s own default. `--model` overrides it.'),
    provider: z
      .enum(['openrouter', 'agent'])
      .optional()
      .describe('"openrouter" (default): the agent talks to the OpenRouter endpoint the prompts use (OPENROUTER_BASE_URL, key OPENROUTER_API_KEY); "agent": the CLI\'s own login and service.'),
    timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .optional()
      .describe('Time limit of one attempt, in seconds (1-86400); the container is stopped when it runs out. Default 1800. `--timeout` overrides it.'),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe('Attempts before a headless run gives up on retryable failures (1-10). Default 2.'),
  })
  .describe('Headless coding runs (`lwc code <plan> --headless`, Run headless).');

export const DEFAULT_FLEET_WORKERS = 2;
export const MAX_FLEET_WORKERS = 64;
export const DEFAULT_FLEET_LEASE_SECONDS = 300;
export const DEFAULT_FLEET_MAX_ATTEMPTS = 3;

export const FleetTableSchema = z
  .strictObject({
    workers: z
      .number()
      .int()
      .min(1)
      .max(MAX_FLEET_WORKERS)
      .optional()
      .describe('How many workers `lwc up` starts, each running one plan in its own container (1-64). Default 2. `lwc up -n` overrides it.'),
    agent: z
      .enum(HEADLESS_AGENTS)
      .optional()
      .describe('The agent CLI the workers run: "codex", "droid" or "claude". Default: [headless] agent. `lwc up --agent` overrides it.'),
    lease_seconds: z
      .number()
      .int()
      .min(5)
      .max(86_400)
      .optional()
      .describe('How long a worker\'s claim on a task lasts without a heartbeat, in seconds (5-86400); workers renew it at a third of that while they run. A crashed supervisor\'s tasks return to the queue when it runs out. Default 300.'),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('Claims of a task before it is failed for good (1-100): an expired lease counts one. Default 3.'),
  })
  .describe('The fleet: parallel headless workers over the task queue (`lwc up`, `lwc status`, `lwc down`).');

/** Dollars per million tokens: up to $100,000 keeps a typo (a price per token pasted as per million) from passing unseen. */
const PricePerMtok = z.number().min(0).max(100_000);

export const ModelPriceSchema = z
  .strictObject({
    input_per_mtok: PricePerMtok.describe('US dollars per million input tokens (cached input included), e.g. 1.25.'),
    output_per_mtok: PricePerMtok.describe('US dollars per million output tokens, e.g. 10.'),
  })
  .describe('The price of one model, by the model id its runs report (the `[headless] model`, e.g. "openai/gpt-5.2").');

/** Model ids as the agents are given them: `openai/gpt-5.2`, `~anthropic/claude-sonnet-latest`, `gpt-5.1-codex:high`. */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9~][A-Za-z0-9._:/@~+-]{0,199}$/;

export const PricesTableSchema = z
  .record(z.string().regex(MODEL_ID_PATTERN), ModelPriceSchema)
  .describe('Token prices per model, for the cost column of `lwc status` and the fleet dashboard: [prices."openai/gpt-5.2"] input_per_mtok = 1.25, output_per_mtok = 10. A model without a price shows its cost as unknown (unless its agent reported one).');

export const ConfigFileSchema = z
  .strictObject({
    code: CodeTableSchema.optional(),
    prompts: PromptsTableSchema.optional(),
    headless: HeadlessTableSchema.optional(),
    fleet: FleetTableSchema.optional(),
    prices: PricesTableSchema.optional(),
  })
  .describe('LW Coder repository configuration (.lw_coder/config.toml).');

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** One example line per key, shown in error messages as the fix. */
export const KEY_EXAMPLES: Readonly<Record<string, string>> = {
  code: '[code]',
  'code.env_file': 'env_file = ".env"',
  'code.forward_env': 'forward_env = ["OPENROUTER_*"]',
  'code.docker_build_args': 'docker_build_args = ["--build-arg", "NAME=value"]',
  'code.docker_run_args': 'docker_run_args = ["--memory", "4g"]',
  prompts: '[prompts]',
  'prompts.source': 'source = "model"   # or "templates"',
  'prompts.model': 'model = "~anthropic/claude-sonnet-latest"',
  'prompts.timeout_seconds': 'timeout_seconds = 120',
  'prompts.max_retries': 'max_retries = 3',
  headless: '[headless]',
  'headless.agent': 'agent = "codex"   # or "droid", "claude"',
  'headless.model': 'model = "openai/gpt-5.2"',
  'headless.provider': 'provider = "openrouter"   # or "agent"',
  'headless.timeout_seconds': 'timeout_seconds = 1800',
  'headless.max_attempts': 'max_attempts = 2',
  fleet: '[fleet]',
  'fleet.workers': 'workers = 2',
  'fleet.agent': 'agent = "codex"   # or "droid", "claude"',
  'fleet.lease_seconds': 'lease_seconds = 300',
  'fleet.max_attempts': 'max_attempts = 3',
  prices: '[prices."openai/gpt-5.2"]',
  'prices.*': '[prices."openai/gpt-5.2"]\n  input_per_mtok = 1.25\n  output_per_mtok = 10',
  'prices.*.input_per_mtok': 'input_per_mtok = 1.25',
  'prices.*.output_per_mtok': 'output_per_mtok = 10',
};

/** The keys each table accepts, for "did you mean" suggestions. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(ConfigFileSchema.shape),
  code: Object.keys(CodeTableSchema.shape),
  prompts: Object.keys(PromptsTableSchema.shape),
  headless: Object.keys(HeadlessTableSchema.shape),
  fleet: Object.keys(FleetTableSchema.shape),
  /** Every `[prices."<model>"]` table (see schemaKeyOf in parse.ts). */
  'prices.*': Object.keys(ModelPriceSchema.shape),
};
