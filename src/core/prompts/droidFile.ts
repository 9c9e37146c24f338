/**
 * Droid custom-droid files: markdown with front matter `name`, `description`, `model`, `tools` (Factory's format,
 * read from ~/.factory/droids/). Values are written as JSON strings and flow sequences, which YAML reads verbatim,
 * so a description with a colon or a quote cannot break the front matter.
 */

export interface DroidFileSpec {
  readonly name: string;
  readonly description: string;
  /** `inherit` uses the session's model. */
  readonly model: string;
  readonly tools: readonly string[];
  readonly body: string;
}

export function renderDroidFile(spec: DroidFileSpec): string {
  const front = [
    '---',
    `name: ${spec.name}`,
    `description: ${JSON.stringify(spec.description.replace(/\s+/g, ' ').trim())}`,
    `model: ${JSON.stringify(spec.model)}`,
    `tools: [${spec.tools.map((t) => JSON.stringify(t)).join(', ')}]`,
    '---',
  ].join('\n');
  return `${front}\n\n${spec.body.trim()}\n`;
}
