/**
 * smol-toml, typed for this CommonJS build. Its .d.ts files are ES modules (the package is `"type": "module"`), which
 * a Node16-resolution CommonJS project cannot `import`; the package does ship a CommonJS entry, so require it.
 */
interface SmolToml {
  parse(text: string): Record<string, unknown>;
  TomlError: new (...args: never[]) => Error & { line: number; column: number };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const smolToml = require('smol-toml') as SmolToml;

export const parseToml = (text: string): Record<string, unknown> => smolToml.parse(text);
export const isTomlError = (error: unknown): error is Error & { line: number; column: number } => error instanceof smolToml.TomlError;
