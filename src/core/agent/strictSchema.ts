import { z } from 'zod';

/**
 * Turns a zod schema into an OpenAI-strict JSON schema (codex's --output-schema and the Responses API's
 * `text.format.schema` with `strict: true` refuse anything else): every object lists all its properties as required
 * and has `additionalProperties: false`; optional properties become nullable; nullable primitives are written
 * `"type": ["string", "null"]`; keywords strict mode does not accept (minLength, pattern, default, …) are dropped,
 * since zod still enforces them when the answer is validated.
 */
export type JsonSchema = Record<string, unknown>;

/** Keywords strict mode accepts; everything else zod may emit is removed. */
const ALLOWED_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'description', 'title', '$defs', '$ref']);
const SCHEMA_MAPS = new Set(['properties', '$defs']);

export function toStrictJsonSchema(schema: z.ZodType): JsonSchema {
  const raw = z.toJSONSchema(schema, { io: 'output', target: 'draft-2020-12', unrepresentable: 'throw' }) as JsonSchema;
  const strict = strictNode(raw);
  if (strict.type !== 'object') throw new Error('A strict output schema must have an object at its root; wrap the value in z.object({...}).');
  return strict;
}

function strictNode(node: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (!ALLOWED_KEYWORDS.has(key)) continue;
    if (SCHEMA_MAPS.has(key)) out[key] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, strictNode(v)]));
    else if (key === 'items') out[key] = strictNode(value as JsonSchema);
    else if (key === 'anyOf') out[key] = (value as JsonSchema[]).map(strictNode);
    else out[key] = value;
  }
  if (out.type === 'object' || out.properties) {
    const properties = (out.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((node.required as string[] | undefined) ?? []);
    // A property zod calls optional may be absent; strict mode cannot say that, so it may be null instead.
    for (const name of Object.keys(properties)) if (!required.has(name)) properties[name] = nullable(properties[name]!);
    out.type = 'object';
    out.properties = properties;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return collapseNullableAnyOf(out);
}

/** `anyOf: [{type: "string", …}, {type: "null"}]` → `{type: ["string", "null"], …}` for primitive branches. */
function collapseNullableAnyOf(node: JsonSchema): JsonSchema {
  const branches = node.anyOf as JsonSchema[] | undefined;
  if (!branches || branches.length !== 2) return node;
  const nullIndex = branches.findIndex((b) => b.type === 'null' && Object.keys(b).length === 1);
  if (nullIndex < 0) return node;
  const other = branches[1 - nullIndex]!;
  if (typeof other.type !== 'string' || other.type === 'object' || other.type === 'array') return node;
  const { anyOf: _anyOf, ...rest } = node;
  return nullable({ ...other, ...rest });
}

function nullable(node: JsonSchema): JsonSchema {
  if (typeof node.type === 'string' && node.type !== 'object' && node.type !== 'array') {
    const out: JsonSchema = { ...node, type: [node.type, 'null'] };
    if (Array.isArray(node.enum) && !node.enum.includes(null)) out.enum = [...node.enum, null];
    return out;
  }
  if (Array.isArray(node.type)) return node.type.includes('null') ? node : { ...node, type: [...node.type, 'null'] };
  if (Array.isArray(node.anyOf)) return (node.anyOf as JsonSchema[]).some((b) => b.type === 'null') ? node : { ...node, anyOf: [...(node.anyOf as JsonSchema[]), { type: 'null' }] };
  const { description, ...rest } = node;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: 'null' }] };
}

/**
 * Every way `schema` breaks the strict rules, as "path: problem" lines; empty when it is strict. Used by the tests and
 * worth calling on any hand-written schema before handing it to an agent.
 */
export function strictSchemaViolations(schema: JsonSchema, path = '$'): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(schema)) if (!ALLOWED_KEYWORDS.has(key)) problems.push(`${path}: keyword '${key}' is not allowed in strict mode`);
  const type = schema.type;
  if (Array.isArray(type) && (type.length !== 2 || !type.includes('null'))) problems.push(`${path}: a type list must be [<type>, "null"]`);
  const isObject = type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (isObject) {
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    if (!properties) problems.push(`${path}: object without properties`);
    if (schema.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const name of Object.keys(properties ?? {})) if (!required.has(name)) problems.push(`${path}: property '${name}' is not required`);
    for (const [name, sub] of Object.entries(properties ?? {})) problems.push(...strictSchemaViolations(sub, `${path}.${name}`));
  }
  if (schema.items) problems.push(...strictSchemaViolations(schema.items as JsonSchema, `${path}[]`));
  for (const [i, branch] of ((schema.anyOf as JsonSchema[] | undefined) ?? []).entries()) problems.push(...strictSchemaViolations(branch, `${path}|${i}`));
  for (const [name, sub] of Object.entries((schema.$defs as Record<string, JsonSchema> | undefined) ?? {})) problems.push(...strictSchemaViolations(sub, `${path}.$defs.${name}`));
  if (type === undefined && !schema.anyOf && !schema.$ref && schema.const === undefined && !schema.enum) problems.push(`${path}: no type`);
  return problems;
}
