/** The repository configuration after validation and defaults. */
export interface CodeConfig {
  /** Relative to the repository root. */
  readonly envFile: string;
  /** True when config.toml sets env_file: the file must then exist (seed 001). */
  readonly envFileExplicit: boolean;
  readonly forwardEnv: readonly string[];
  readonly dockerBuildArgs: readonly string[];
  readonly dockerRunArgs: readonly string[];
}

export type PromptSource = 'model' | 'templates';

export interface PromptsConfig {
  readonly source: PromptSource;
  /** Undefined when config.toml leaves the model to OPENROUTER_MODEL or the default. */
  readonly model?: string;
  readonly timeoutSeconds: number;
  readonly maxRetries: number;
}

export type HeadlessAgent = 'codex' | 'droid' | 'claude';
/** Where a headless agent gets its model: OpenRouter (the prompts' endpoint and key) or the CLI's own login. */
export type HeadlessProvider = 'openrouter' | 'agent';

export interface HeadlessConfig {
  readonly agent: HeadlessAgent;
  /** Undefined leaves the model to the agent CLI's default. */
  readonly model?: string;
  readonly provider: HeadlessProvider;
  readonly timeoutSeconds: number;
  readonly maxAttempts: number;
}

export interface FleetConfig {
  readonly workers: number;
  /** Undefined: the workers run `[headless] agent`. */
  readonly agent?: HeadlessAgent;
  readonly leaseSeconds: number;
  readonly maxAttempts: number;
}

/** US dollars per million tokens of one model. */
export interface ModelPrice {
  readonly inputPerMtok: number;
  readonly outputPerMtok: number;
}

export interface LwConfig {
  readonly code: CodeConfig;
  readonly prompts: PromptsConfig;
  readonly headless: HeadlessConfig;
  readonly fleet: FleetConfig;
  /** `[prices."<model>"]`, by model id; empty when config.toml sets none. */
  readonly prices: Readonly<Record<string, ModelPrice>>;
}

export type ConfigDiagnosticCode =
  | 'file-too-large'
  | 'toml-syntax'
  | 'missing-table'
  | 'unknown-key'
  | 'wrong-type'
  | 'invalid-value'
  | 'env-file-missing'
  | 'env-file-outside-repo'
  | 'env-file-not-a-file'
  | 'forward-env-all';

export interface ConfigDiagnostic {
  readonly code: ConfigDiagnosticCode;
  readonly severity: 'error' | 'warning';
  /** Dotted key, e.g. `code.forward_env`; '' when the problem is not tied to one key (a syntax error between keys). */
  readonly key: string;
  /** 1-based line and column in config.toml. */
  readonly line: number;
  readonly column: number;
  /** Names the key and line, says what is wrong and how to fix it. */
  readonly message: string;
}

export interface ConfigParseResult {
  /** Undefined when any diagnostic is an error. */
  readonly config: LwConfig | undefined;
  readonly diagnostics: readonly ConfigDiagnostic[];
}
