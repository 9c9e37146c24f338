import { strict as assert } from 'node:assert';
import { defaultBranchName, finishedIndexes, invalidSessionIdReason, newSessionId, sequenceOf, cleanupSequenceOf, stepLogFile, tailOf, unresumableReason } from '../../../src/core/commands/session';
import { unsafeBranchReason } from '../../../src/core/commands/refName';
import type { SessionRecord, StepExecution } from '../../../src/core/commands/types';
import { commandOf, shell } from '../../support/commandDefs';

describe('core/commands/session', () => {
  it('session ids sort in creation order and are accepted back; paths and junk are not', () => {
    const a = newSessionId(new Date('2026-12-03T10:40:06.123Z'), 'A1B2C3D4');
    const b = newSessionId(new Date('2026-12-03T10:40:06.124Z'), '000000');
    assert.equal(a, '20261203T104006123Z-a1b2c3');
    assert.ok(a < b);
    assert.equal(invalidSessionIdReason(a), undefined);
    for (const bad of ['../x', '', '20261203T104006123Z-a1b2c3/..', '20261203T104006123Z-A1B2C3']) assert.ok(invalidSessionIdReason(bad), bad);
  });

  it('numbers steps pre → main → post, cleanup after them, and names their logs safely', () => {
    const c = commandOf({ name: 'n', preSteps: [shell('a', 'true')], steps: [shell('b', 'true')], postSteps: [shell('c', 'true')], cleanupOnFailure: [shell('d', 'true')] });
    assert.deepEqual(sequenceOf(c).map((s) => `${s.index}${s.phase}${s.step.name}`), ['1prea', '2mainb', '3postc']);
    assert.deepEqual(cleanupSequenceOf(c).map((s) => `${s.index}${s.phase}`), ['4cleanup']);
    assert.equal(stepLogFile(3, 'Run the tests / now!'), 'logs/step-3-Run-the-tests-now-.log');
    assert.equal(stepLogFile(1, '../../etc'), 'logs/step-1-etc.log');
  });

  it('default branch names are valid refs whatever the command is called', () => {
    const now = new Date('2026-12-03T10:40:06.999Z');
    assert.equal(defaultBranchName('feature', now), 'lwc/feature-20261203T104006');
    for (const name of ['..weird name..', 'x.lock', '-dash', 'a/b']) assert.equal(unsafeBranchReason(defaultBranchName(name, now)), undefined, name);
    for (const bad of ['a..b', '-x', 'x.lock', 'a b', '/x', 'x/', '.hidden/x', '$(id)']) assert.ok(unsafeBranchReason(bad), bad);
  });

  it('a step is finished when its latest record completed or was skipped; cleanup records do not count', () => {
    const rec = (index: number, status: StepExecution['status'], phase: StepExecution['phase'] = 'main'): StepExecution => ({ name: `s${index}`, phase, index, status, attempts: 1, startedAt: '' });
    assert.deepEqual([...finishedIndexes([rec(1, 'completed'), rec(2, 'skipped'), rec(3, 'failed'), rec(4, 'completed', 'cleanup'), rec(3, 'completed'), rec(1, 'failed')])].sort(), [2, 3]);
  });

  it('only failed and cancelled sessions can resume', () => {
    const s = (status: SessionRecord['status']): SessionRecord => ({ status, id: 'x', command: 'c' }) as SessionRecord;
    assert.equal(unresumableReason(s('failed')), undefined);
    assert.equal(unresumableReason(s('cancelled')), undefined);
    assert.match(unresumableReason(s('completed'))!, /nothing to resume/);
    assert.match(unresumableReason(s('active'))!, /still active/);
  });

  it('tails keep the end of the output, from a line start', () => {
    assert.equal(tailOf('short'), 'short');
    const long = `${'x'.repeat(5000)}\nlast line\n`;
    assert.equal(tailOf(long, 30), 'last line\n');
  });
});
