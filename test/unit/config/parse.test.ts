import assert from 'node:assert/strict';
import { locateKey } from '../../../src/core/config/locate';
import { defaultConfig, escapesRepository, parseConfigText } from '../../../src/core/config/parse';

const errorsOf = (text: string) => parseConfigText(text).diagnostics.filter((d) => d.severity === 'error');

describe('config.toml parsing', () => {
  it('reads the seed 001 [code] table and our [prompts] table', () => {
    const { config, diagnostics } = parseConfigText(
      ['[code]', 'env_file = ".env.local"', 'forward_env = ["OPENROUTER_*", "GITHUB_TOKEN"]', 'docker_build_args = ["--build-arg", "A=1"]', 'docker_run_args = ["--memory", "4g"]', '', '[prompts]', 'source = "templates"', 'model = "test/model-a"', 'timeout_seconds = 30', 'max_retries = 1', ''].join('\n'),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config, {
      code: { envFile: '.env.local', envFileExplicit: true, forwardEnv: ['OPENROUTER_*', 'GITHUB_TOKEN'], dockerBuildArgs: ['--build-arg', 'A=1'], dockerRunArgs: ['--memory', '4g'] },
      prompts: { source: 'templates', model: 'test/model-a', timeoutSeconds: 30, maxRetries: 1 },
      headless: defaultConfig().headless,
      fleet: defaultConfig().fleet,
      prices: {},
    });
  });

  it('applies the seed defaults: env_file .env (not explicit) and forward_env OPENROUTER_*', () => {
    const { config } = parseConfigText('[code]\n');
    assert.deepEqual(config, defaultConfig());
    assert.equal(config?.code.envFileExplicit, false);
    assert.deepEqual(config?.code.forwardEnv, ['OPENROUTER_*']);
  });

  it('warns about forward_env "*" on its line but keeps the config usable', () => {
    const { config, diagnostics } = parseConfigText('# repo config\n[code]\nforward_env = ["*"]\n');
    assert.ok(config);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.severity, 'warning');
    assert.equal(diagnostics[0]!.line, 3);
    assert.match(diagnostics[0]!.message, /code\.forward_env \(line 3\).*every variable/);
  });

  it('warns like "*" about forward_env patterns that match everything: "?*", "**", "*H*" (matches PATH and HOME)', () => {
    for (const pattern of ['?*', '**', '*H*']) {
      const { config, diagnostics } = parseConfigText(`[code]\nforward_env = ["OPENROUTER_*", "${pattern}"]\n`);
      assert.ok(config, pattern);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.line]), [['forward-env-all', 'warning', 2]], pattern);
      assert.ok(diagnostics[0]!.message.includes(`contains "${pattern}", which matches every variable like "*"`), diagnostics[0]!.message);
    }
    assert.deepEqual(parseConfigText('[code]\nforward_env = ["OPENROUTER_*", "*_TOKEN"]\n').diagnostics, [], 'a narrower glob is no catch-all');
  });

  // Every mistake a user can make: the error names the key and the line, and says how to fix it.
  const mistakes: { name: string; toml: string; key: string; line: number; fix: RegExp }[] = [
    { name: 'unknown key in [code]', toml: '[code]\nenv_file = ".env"\nforwrd_env = []\n', key: 'code.forwrd_env', line: 3, fix: /Did you mean forward_env\?/ },
    { name: 'unknown table', toml: '[code]\n\n[docker]\nimage = "x"\n', key: 'docker', line: 3, fix: /use one of: code, prompts/ },
    { name: 'unknown top-level key', toml: 'verbose = true\n[code]\n', key: 'verbose', line: 1, fix: /remove it/ },
    { name: 'env_file not a string', toml: '[code]\nenv_file = 42\n', key: 'code.env_file', line: 2, fix: /must be a string, but is an integer\. Fix: env_file = "\.env"/ },
    { name: 'forward_env given as a string', toml: '[code]\nforward_env = "OPENROUTER_*"\n', key: 'code.forward_env', line: 2, fix: /must be an array of strings, but is a string\. Fix: forward_env = \["OPENROUTER_\*"\]/ },
    { name: 'forward_env item on its own line is a number', toml: '[code]\nforward_env = [\n  "A_*",\n  7,\n]\n', key: 'code.forward_env[1]', line: 4, fix: /must be a string/ },
    { name: 'forward_env pattern with a dash', toml: '[code]\nforward_env = ["MY-VAR"]\n', key: 'code.forward_env[0]', line: 2, fix: /not a variable name or glob/ },
    { name: 'docker_run_args as a table', toml: '[code]\n[code.docker_run_args]\nx = 1\n', key: 'code.docker_run_args', line: 2, fix: /must be an array of strings, but is a table/ },
    { name: 'docker_build_args item not a string', toml: '[code]\ndocker_build_args = ["--pull", true]\n', key: 'code.docker_build_args[1]', line: 2, fix: /must be a string, but is a boolean/ },
    { name: 'prompts.source not an allowed value', toml: '[code]\n[prompts]\nsource = "magic"\n', key: 'prompts.source', line: 3, fix: /"model" or "templates"/ },
    { name: 'timeout out of range', toml: '[code]\n[prompts]\ntimeout_seconds = 0\n', key: 'prompts.timeout_seconds', line: 3, fix: /from 1 to 900/ },
    { name: 'max_retries a float', toml: '[code]\n[prompts]\nmax_retries = 1.5\n', key: 'prompts.max_retries', line: 3, fix: /integer from 0 to 10/ },
    { name: 'env_file outside the repository', toml: '[code]\nenv_file = "../secrets/.env"\n', key: 'code.env_file', line: 2, fix: /outside the repository/ },
    { name: 'value missing (syntax)', toml: '[code]\nenv_file =\n', key: 'env_file', line: 2, fix: /TOML syntax error/ },
    { name: 'unquoted string (syntax)', toml: '[code]\n\nenv_file = .env\n', key: 'env_file', line: 3, fix: /strings need double quotes/ },
    { name: 'duplicate key (syntax)', toml: '[code]\nenv_file = ".env"\nenv_file = ".env2"\n', key: 'env_file', line: 3, fix: /TOML syntax error/ },
    { name: 'unclosed array (syntax)', toml: '[code]\nforward_env = ["A"\n', key: '', line: 3, fix: /after code\.forward_env on line 2/ },
    { name: 'missing [code] table', toml: '[prompts]\nsource = "model"\n', key: 'code', line: 1, fix: /add a \[code\] table/ },
    { name: 'table given as inline value of the wrong type', toml: 'code = "yes"\n', key: 'code', line: 1, fix: /must be a table/ },
  ];
  for (const m of mistakes) {
    it(`names the key and line for: ${m.name}`, () => {
      const errors = errorsOf(m.toml);
      assert.ok(errors.length >= 1, 'expected an error');
      const d = errors.find((e) => e.key === m.key) ?? errors[0]!;
      assert.equal(d.key, m.key);
      assert.equal(d.line, m.line);
      assert.match(d.message, new RegExp(`line ${m.line}`));
      if (m.key) assert.ok(d.message.includes(m.key), `message should name ${m.key}: ${d.message}`);
      assert.match(d.message, m.fix);
      assert.equal(parseConfigText(m.toml).config, undefined);
    });
  }

  it('reports several mistakes at once, in line order', () => {
    const errors = errorsOf('[code]\nenv_file = 1\nbogus = 2\n[prompts]\nsource = "x"\n');
    assert.deepEqual(errors.map((e) => e.line), [2, 3, 5]);
  });
});

describe('locating keys in TOML source', () => {
  it('follows table headers, dotted keys and quoted keys', () => {
    const src = '# c\n[code]\n  env_file = ".env"\n"forward_env" = []\n[prompts]\nmodel = "m" # x\n';
    assert.deepEqual(locateKey(src, ['code', 'env_file']), { line: 3, column: 3 });
    assert.deepEqual(locateKey(src, ['code', 'forward_env']), { line: 4, column: 1 });
    assert.deepEqual(locateKey(src, ['prompts', 'model']), { line: 6, column: 1 });
    assert.deepEqual(locateKey(src, ['prompts']), { line: 5, column: 1 });
  });

  it('skips multi-line strings and points array items at their own lines', () => {
    const src = '[code]\ndocker_run_args = [\n  "--a", # one\n  "--b",\n]\nnotes = """\nenv_file = "not a key"\n"""\nenv_file = "x"\n';
    assert.deepEqual(locateKey(src, ['code', 'docker_run_args', 1]), { line: 4, column: 3 });
    assert.deepEqual(locateKey(src, ['code', 'env_file']), { line: 9, column: 1 });
  });

  it('falls back to the enclosing key for inline tables', () => {
    assert.equal(locateKey('code = { env_file = 1 }\n', ['code', 'env_file'])?.line, 1);
    assert.equal(locateKey('[code]\n', ['prompts', 'model']), undefined);
  });
});

describe('env_file path rule', () => {
  it('refuses absolute paths, home paths and paths climbing out of the repository', () => {
    for (const p of ['/etc/passwd', '~/.env', '../.env', 'a/../../b', 'C:\\x', '\\\\server\\share']) assert.equal(escapesRepository(p), true, p);
    for (const p of ['.env', 'config/.env.local', './.env', 'a/../.env']) assert.equal(escapesRepository(p), false, p);
  });
});
