import { z } from 'zod';
import { ConfigFileSchema } from './schema';

/**
 * The JSON schema of config.toml for editors (Even Better TOML / taplo read `#:schema` directives and JSON schemas).
 * Generated from the zod schema so the two cannot drift; test/unit/config checks schemas/config.schema.json is current.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ConfigFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://lw-coder.invalid/schemas/config.schema.json', title: 'LW Coder .lw_coder/config.toml' };
}
