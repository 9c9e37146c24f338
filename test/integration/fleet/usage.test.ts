import { strict as assert } from 'node:assert';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunActivityFiles } from '../../../src/adapters/fs/runActivityFiles';
import { runDirName } from '../../../src/core/runs/layout';
import { lwc } from '../../support/cli';
import { makeRunRepo, type RunFixture } from '../run/support';
import { addPlans, enqueue } from './support';

const usageLine = (model: string, input: number, output: number): string =>
  `${JSON.stringify({ attempt: 1, at: new Date().toISOString(), kind: 'usage', inputTokens: input, outputTokens: output, agent: 'codex', model })}\n`;

/** A run directory of `planId` named for `at`, with its events.jsonl. */
function writeRun(root: string, planId: string, at: Date, events: string): string {
  const dir = join(root, '.lw_coder', 'runs', planId, runDirName(at));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'events.jsonl'), events);
  return dir;
}

describe('run activity files: usage read from events.jsonl (issue 13)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'lwc-activity-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads only what a file gained, keeps a half-written last line for the next read, and starts over when it shrinks', async () => {
    const port = createRunActivityFiles(root);
    const dir = writeRun(root, 'plan-one', new Date(), usageLine('m', 10, 1) + '{"kind":"usage","inputTok');
    let [run] = await port.planRuns('plan-one', 0);
    assert.equal(run!.buckets[0]!.inputTokens, 10);
    assert.equal(run!.events, 1);
    appendFileSync(join(dir, 'events.jsonl'), 'ens":5,"outputTokens":0,"model":"m"}\n' + usageLine('m', 100, 2));
    [run] = await port.planRuns('plan-one', 0);
    assert.deepEqual([run!.buckets[0]!.inputTokens, run!.events], [115, 3]);
    writeFileSync(join(dir, 'events.jsonl'), usageLine('m', 1, 1));
    [run] = await port.planRuns('plan-one', 0);
    assert.deepEqual([run!.buckets[0]!.inputTokens, run!.events], [1, 1]);
  });

  it('counts only runs at or after the given time, oldest first', async () => {
    writeRun(root, 'plan-one', new Date('2026-01-01T00:00:00Z'), usageLine('m', 1, 0));
    writeRun(root, 'plan-one', new Date('2026-02-01T00:00:00Z'), usageLine('m', 2, 0));
    writeRun(root, 'plan-one', new Date('2026-03-01T00:00:00Z'), usageLine('m', 3, 0));
    const runs = await createRunActivityFiles(root).planRuns('plan-one', Date.parse('2026-01-15T00:00:00Z'));
    assert.deepEqual(runs.map((r) => r.buckets[0]!.inputTokens), [2, 3]);
  });

  it('follows no symlink: a linked plan folder or events file counts nothing', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'lwc-outside-'));
    try {
      writeRun(outside, 'elsewhere', new Date(), usageLine('m', 99, 0));
      mkdirSync(join(root, '.lw_coder', 'runs'), { recursive: true });
      symlinkSync(join(outside, '.lw_coder', 'runs', 'elsewhere'), join(root, '.lw_coder', 'runs', 'linked-plan'));
      const dir = join(root, '.lw_coder', 'runs', 'plan-two', runDirName(new Date()));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(outside, 'events.jsonl'), usageLine('m', 77, 0));
      symlinkSync(join(outside, 'events.jsonl'), join(dir, 'events.jsonl'));
      const port = createRunActivityFiles(root);
      assert.deepEqual(await port.planRuns('linked-plan', 0), []);
      assert.deepEqual((await port.planRuns('plan-two', 0)).map((r) => r.buckets), [[]]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('lwc status: usage and cost per task and in total (issue 13)', () => {
  let f: RunFixture;
  before(async () => {
    f = makeRunRepo({ planId: 'priced-plan', config: '[code]\n\n[prices."openai/gpt-5.2"]\ninput_per_mtok = 1.25\noutput_per_mtok = 10\n' });
    addPlans(f, ['unpriced-plan', 'idle-plan']);
    await enqueue(f.repo.root, ['priced-plan', 'unpriced-plan', 'idle-plan']);
    const now = new Date(Date.now() + 1000);
    writeRun(f.repo.root, 'priced-plan', now, usageLine('openai/gpt-5.2', 2_000_000, 100_000));
    writeRun(f.repo.root, 'unpriced-plan', now, usageLine('other/model', 500, 50));
    // A run from before the task was queued is not the task's.
    writeRun(f.repo.root, 'idle-plan', new Date('2020-01-01T00:00:00Z'), usageLine('openai/gpt-5.2', 9_000_000, 0));
  });
  after(() => f.dispose());

  it('--json carries each task\'s usage and cost, and a total that says what is unpriced', async () => {
    const r = await lwc(['status', '--json'], { cwd: f.repo.root, env: f.env() });
    assert.equal(r.code, 0, r.stderr);
    const { queue } = JSON.parse(r.stdout) as { queue: { tasks: { planId: string; runs: string[]; usage: { inputTokens: number; costUsd: number; unpricedModels: string[] } }[]; usage: { inputTokens: number; costUsd: number; unpricedTokens: number; unpricedModels: string[] } } };
    const byId = new Map(queue.tasks.map((t) => [t.planId, t]));
    assert.equal(byId.get('priced-plan')!.usage.costUsd, 3.5);
    assert.deepEqual(byId.get('unpriced-plan')!.usage.unpricedModels, ['other/model']);
    assert.deepEqual([byId.get('idle-plan')!.runs, byId.get('idle-plan')!.usage.inputTokens], [[], 0]);
    assert.deepEqual([queue.usage.inputTokens, queue.usage.costUsd, queue.usage.unpricedTokens, queue.usage.unpricedModels], [2_000_500, 3.5, 550, ['other/model']]);
  });

  it('the text view shows the totals in one line with the missing price named', async () => {
    const r = await lwc(['status'], { cwd: f.repo.root, env: f.env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\n {2}Usage: {8}2\.0M tokens in, 100k out · cost \$3\.50 \+ unknown \(no price for other\/model: add \[prices\."<model>"\] to \.lw_coder\/config\.toml\)\n/);
  });
});
