import { argumentEnvName } from '../../core/commands/arguments';
import { formatProblem } from '../../core/commands/problems';
import type { CommandProblem, CommandStep, ResolvedCommand } from '../../core/commands/types';

/** `lwc cmd list`: one line per command. */
export function catalogListText(commands: readonly ResolvedCommand[]): string {
  if (commands.length === 0) return 'No commands. Add a YAML file to .lw_coder/commands/ (see the README, "Multi-step commands").\n';
  const width = Math.max(4, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `${c.name.padEnd(width)}  ${c.lifecycle.padEnd(9)}  ${c.description}${c.source.origin === 'prunejuice' ? '  (.prj)' : ''}`);
  return `${'NAME'.padEnd(width)}  LIFECYCLE  DESCRIPTION\n${lines.join('\n')}\n`;
}

function stepText(step: CommandStep): string {
  const head = step.type === 'builtin' && step.name === step.action ? step.name : `${step.name} (${step.type}): ${step.action}`;
  const extras = [
    step.args.length ? `args ${JSON.stringify(step.args)}` : '',
    step.when ? `when ${step.when}` : '',
    step.timeoutSeconds !== undefined ? `timeout ${step.timeoutSeconds}s` : '',
    step.retry.count ? `retry ${step.retry.count}× every ${step.retry.delaySeconds}s` : '',
    step.continueOnError ? 'continue on error' : '',
  ].filter(Boolean);
  return `    - ${head}${extras.length ? `  [${extras.join('; ')}]` : ''}`;
}

/** `lwc cmd show`: the merged definition, after `extends`, as it will run. */
export function commandDetailText(c: ResolvedCommand): string {
  const out = [`${c.name} — ${c.description || '(no description)'}`, `  source:      ${c.source.file}${c.source.origin === 'prunejuice' ? ' (prunejuice)' : ''}`];
  if (c.extendsChain.length) out.push(`  extends:     ${c.extendsChain.join(' → ')}`);
  out.push(`  category:    ${c.category}`, `  lifecycle:   ${c.lifecycle}`, `  timeout:     ${c.timeoutSeconds}s`);
  if (c.workingDirectory) out.push(`  working dir: ${c.workingDirectory}`);
  if (c.branchName) out.push(`  branch:      ${c.branchName}`);
  if (c.promptFile) out.push(`  prompt file: ${c.promptFile}`);
  out.push('  arguments:');
  if (c.arguments.length === 0) out.push('    (none)');
  for (const a of c.arguments) {
    const facts = [a.type === 'choice' ? `one of ${(a.choices ?? []).join('|')}` : a.type, a.required ? 'required' : 'optional', a.default !== undefined ? `default ${String(a.default)}` : '', argumentEnvName(a.name)].filter(Boolean);
    out.push(`    ${a.name} (${facts.join(', ')})${a.description ? ` — ${a.description}` : ''}`);
  }
  const env = Object.entries(c.environment);
  if (env.length) out.push('  environment:', ...env.map(([k, v]) => `    ${k}=${v}`));
  const phases: [string, readonly CommandStep[]][] = [
    ['pre_steps', c.preSteps],
    ['steps', c.steps],
    ['post_steps', c.postSteps],
    ['cleanup_on_failure', c.cleanupOnFailure],
  ];
  for (const [label, steps] of phases) if (steps.length) out.push(`  ${label}:`, ...steps.map(stepText));
  return `${out.join('\n')}\n`;
}

export function problemsText(problems: readonly CommandProblem[]): string {
  return problems.map((p) => `${formatProblem(p)}\n`).join('');
}
