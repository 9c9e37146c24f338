import { relative } from 'node:path';
import { findRepositoryRoot } from '../../adapters/git/planGit';
import { createTextFilesPort } from '../../adapters/fs/textFiles';
import { loadEnvFile, loadRepoConfig } from '../../app/config';
import { parseCommandArgs } from '../args';
import { commandInfo } from '../commandInfo';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand } from '../types';

interface Finding {
  file: string;
  code: string;
  severity: 'error' | 'warning';
  key: string | null;
  line: number;
  column: number;
  message: string;
}

const validate: CliCommand = {
  ...commandInfo('config validate'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const root = await findRepositoryRoot(io.cwd, io.signal);
    if (!root) throw new UsageError(`${io.cwd} is not inside a git repository. Run lwc from a repository with .lw_coder/.`);
    const files = createTextFilesPort();
    const loaded = await loadRepoConfig(root, files, io.signal);
    const configFile = relative(io.cwd, loaded.path) || loaded.path;
    const findings: Finding[] = loaded.diagnostics.map((d) => ({ file: configFile, code: d.code, severity: d.severity, key: d.key || null, line: d.line, column: d.column, message: d.message }));
    let envFile: string | null = null;
    if (loaded.config) {
      const env = await loadEnvFile(root, loaded.config, files, io.signal);
      envFile = env.exists ? relative(io.cwd, env.path) || env.path : null;
      // Only line numbers and messages: an env file holds secrets, its values are never printed.
      for (const d of env.diagnostics) findings.push({ file: relative(io.cwd, env.path), code: d.code, severity: d.severity, key: null, line: d.line, column: 1, message: d.message });
    }
    const valid = !findings.some((f) => f.severity === 'error');
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ configPath: loaded.path, exists: loaded.exists, envFile, valid, diagnostics: findings })}\n`);
    } else {
      if (!loaded.exists) io.stdout(`No ${configFile}: defaults apply (env_file ".env", forward_env ["OPENROUTER_*"]). Create it with a [code] table to configure the code command.\n`);
      for (const f of findings) io.stderr(`${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n`);
      if (loaded.exists && valid) io.stdout(`${configFile} is valid${envFile ? ` (env file ${envFile})` : ''}.\n`);
    }
    return valid ? EXIT_OK : EXIT_FAILURE;
  },
};

/** `lwc config …` */
export const configCommands: readonly CliCommand[] = [validate];
