import { relative } from 'node:path';
import { createNodePromptDeps } from '../../adapters/llm/promptDeps';
import { generatePrompts } from '../../app/prompts/prompts';
import type { EndpointConfirmation } from '../../core/env/openrouter';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_OK, UsageError, type CliCommand, type CliIO } from '../types';

async function confirmOnTerminal(io: CliIO, request: EndpointConfirmation): Promise<boolean> {
  // Off a terminal nobody can answer: refuse (the error says to pass --trust-endpoint).
  if (!io.interactive || !io.prompt) return false;
  const answer = await io.prompt(`${request.question} [y/N] `);
  return /^\s*y(es)?\s*$/i.test(answer);
}

const generate: CliCommand = {
  ...commandInfo('prompts generate'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      templates: { type: 'boolean' },
      'trust-endpoint': { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one plan (a plan_id or a path to a plan file)');
    const json = values.json === true;
    const result = await generatePrompts(
      {
        cwd: io.cwd,
        plan: positionals[0]!,
        templates: values.templates === true,
        noCache: values['no-cache'] === true,
        trustEndpoint: values['trust-endpoint'] === true,
        processEnv: io.env,
        confirmEndpoint: (request) => confirmOnTerminal(io, request),
        onProgress: json ? undefined : (p) => io.stderr(`${p.message}\n`),
        logger: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => io.stderr(`lwc: warning: ${m}\n`), error: (m) => io.stderr(`lwc: ${String(m)}\n`) },
        signal: io.signal,
      },
      createNodePromptDeps(),
    );
    if (json) {
      io.stdout(`${JSON.stringify({ runDir: result.runDir, files: result.files, cacheHit: result.cacheHit, source: result.source, model: result.model, planId: result.planId, requests: result.requests })}\n`);
    } else {
      const how = result.source === 'templates' ? 'built-in templates' : `${result.model}${result.cacheHit ? ', from cache' : ''}`;
      io.stdout(`Prompts for ${result.planId} (${how}) in ${relative(io.cwd, result.runDir) || '.'}\n${result.files.map((f) => `  ${relative(result.runDir, f)}`).join('\n')}\n`);
      if (result.prunedRuns.length) io.stdout(`Pruned ${result.prunedRuns.length} run director${result.prunedRuns.length === 1 ? 'y' : 'ies'} older than 30 days.\n`);
    }
    return EXIT_OK;
  },
};

/** `lwc prompts …` */
export const promptsCommands: readonly CliCommand[] = [generate];
