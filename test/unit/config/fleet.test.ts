import assert from 'node:assert/strict';
import { defaultConfig, parseConfigText } from '../../../src/core/config/parse';

const errorsOf = (text: string) => parseConfigText(text).diagnostics.filter((d) => d.severity === 'error');

describe('config.toml [fleet] table', () => {
  it('reads workers, agent, lease_seconds and max_attempts', () => {
    const { config, diagnostics } = parseConfigText('[code]\n\n[fleet]\nworkers = 8\nagent = "droid"\nlease_seconds = 60\nmax_attempts = 5\n');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config?.fleet, { workers: 8, agent: 'droid', leaseSeconds: 60, maxAttempts: 5 });
  });

  it('defaults to 2 workers, the [headless] agent, 300-second leases and 3 attempts', () => {
    assert.deepEqual(defaultConfig().fleet, { workers: 2, leaseSeconds: 300, maxAttempts: 3 });
    assert.deepEqual(parseConfigText('[code]\n[fleet]\n').config?.fleet, defaultConfig().fleet);
    assert.equal(parseConfigText('[code]\n').config?.fleet.agent, undefined);
  });

  const mistakes: { name: string; toml: string; key: string; line: number; fix: RegExp }[] = [
    { name: 'no workers', toml: '[code]\n[fleet]\nworkers = 0\n', key: 'fleet.workers', line: 3, fix: /from 1 to 64\. Fix: workers = 2/ },
    { name: 'too many workers', toml: '[code]\n[fleet]\n\nworkers = 65\n', key: 'fleet.workers', line: 4, fix: /from 1 to 64/ },
    { name: 'workers as a string', toml: '[code]\n[fleet]\nworkers = "4"\n', key: 'fleet.workers', line: 3, fix: /must be an integer from 1 to 64, but is a string/ },
    { name: 'unknown agent', toml: '[code]\n[fleet]\nagent = "aider"\n', key: 'fleet.agent', line: 3, fix: /"codex", "droid" or "claude"\. Fix: agent = "codex"/ },
    { name: 'a lease too short to renew', toml: '[code]\n[fleet]\nlease_seconds = 2\n', key: 'fleet.lease_seconds', line: 3, fix: /from 5 to 86400\. Fix: lease_seconds = 300/ },
    { name: 'zero attempts', toml: '[code]\n[fleet]\nmax_attempts = 0\n', key: 'fleet.max_attempts', line: 3, fix: /from 1 to 100/ },
    { name: 'misspelt key', toml: '[code]\n[fleet]\nworker = 2\n', key: 'fleet.worker', line: 3, fix: /Did you mean workers\?/ },
    { name: 'the table misspelt', toml: '[code]\n[fleets]\nworkers = 2\n', key: 'fleets', line: 2, fix: /Did you mean fleet\?/ },
  ];
  for (const m of mistakes) {
    it(`names the key and line for: ${m.name}`, () => {
      const errors = errorsOf(m.toml);
      const d = errors.find((e) => e.key === m.key);
      assert.ok(d, `an error for ${m.key} in ${JSON.stringify(errors)}`);
      assert.equal(d.line, m.line);
      assert.match(d.message, new RegExp(`line ${m.line}`));
      assert.match(d.message, m.fix);
      assert.equal(parseConfigText(m.toml).config, undefined);
    });
  }
});
