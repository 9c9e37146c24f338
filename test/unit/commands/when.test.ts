import { strict as assert } from 'node:assert';
import { evaluateWhen, parseWhen } from '../../../src/core/commands/when';

const scope = { args: { skip_tests: true, count: 3, mode: 'fast', empty: '' }, shared: { status: 'ok', ready: 'true', zero: '0' } };
const when = (e: string) => evaluateWhen(e, scope);

describe('when conditions', () => {
  it('compares arguments with literals of their type', () => {
    assert.equal(when('args.skip_tests != true'), false);
    assert.equal(when('args.skip_tests == true'), true);
    assert.equal(when('args.count == 3'), true);
    assert.equal(when("args.mode == 'fast'"), true);
    assert.equal(when('args.mode == "slow"'), false);
  });

  it('compares shared data (text) with booleans and numbers by their text', () => {
    assert.equal(when('shared.ready == true'), true);
    assert.equal(when('shared.zero == 0'), true);
    assert.equal(when('shared.status != "ok"'), false);
  });

  it('treats missing values, "", false, 0 and "false" as false', () => {
    assert.equal(when('args.nothing'), false);
    assert.equal(when('shared.nothing'), false);
    assert.equal(when('args.empty'), false);
    assert.equal(when('!args.nothing'), true);
    assert.equal(when('args.nothing == ""'), true, 'a missing value compares as empty text');
    assert.equal(when('shared.status'), true);
  });

  it('honours precedence: ! over == over && over ||, and parentheses', () => {
    assert.equal(when('args.count == 3 || args.skip_tests && false'), true);
    assert.equal(when('(args.count == 3 || args.skip_tests) && false'), false);
    assert.equal(when('!args.skip_tests == true'), false);
    assert.equal(when('!(args.mode == "slow") && shared.status == "ok"'), true);
  });

  it('does not read inherited properties of the scope objects', () => {
    assert.equal(when('args.constructor'), false);
    assert.equal(when('shared.toString'), false);
  });

  it('reports syntax errors with their offset', () => {
    const cases: [string, number, RegExp][] = [
      ['args.a = 1', 7, /'=='/],
      ['args.a & args.b', 7, /'&&'/],
      ['(args.a', 7, /expected '\)'/],
      ['args', 4, /expected '\.'/],
      ['env.HOME', 0, /unknown name 'env'/],
      ['args.a args.b', 7, /after a complete condition/],
      ['"open', 0, /no closing/],
      ['', 0, /expected a value/],
      ['args.a == $(rm -rf ~)', 10, /unexpected '\$'/],
    ];
    for (const [expression, offset, message] of cases) {
      const parsed = parseWhen(expression);
      assert.ok(!parsed.ok, `${expression} is refused`);
      assert.equal(parsed.error.offset, offset, expression);
      assert.match(parsed.error.message, message, expression);
    }
  });

  it('evaluateWhen throws on an expression that does not parse (validation lets none through)', () => {
    assert.throws(() => when('args.a ='), /Invalid condition/);
  });
});
