import { z } from 'zod';
import { CommandFileSchema } from './schema';

/**
 * The JSON schema of a command file, for the YAML extension (package.json `yamlValidation` on
 * `.lw_coder/commands/*.yaml` and `.prj/commands/*.yaml`): completion and validation while typing. Generated from the
 * zod schema so the two cannot drift; test/integration/commands/schemaFile.test.ts checks schemas/command.schema.json.
 */
export function commandJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CommandFileSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://lw-coder.invalid/schemas/command.schema.json', title: 'LW Coder multi-step command (.lw_coder/commands/*.yaml)' };
}
