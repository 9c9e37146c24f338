/**
 * The parser's pure rules the executor uses, imported from one place: `when` conditions, argument checking (required,
 * types, choices, defaults) and `{{ args.x }}` / `{{ shared.x }}` substitution into prompt files and argv arrays.
 */
export { evaluateWhen } from '../../core/commands/when';
export { checkArguments, substitutePlaceholders } from '../../core/commands/arguments';
