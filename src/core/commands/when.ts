/**
 * Step conditions (`when: args.skip_tests != true`): a small grammar, parsed at validation (a syntax error is a problem
 * with its column) and evaluated by the executor before each step. Deliberately no function calls, no arithmetic and
 * no access beyond `args.<name>` and `shared.<key>`: a condition can only read what the session holds.
 *
 *   expr    := or
 *   or      := and ('||' and)*
 *   and     := unary ('&&' unary)*
 *   unary   := '!' unary | compare
 *   compare := primary (('==' | '!=') primary)?
 *   primary := '(' expr ')' | ('args' | 'shared') '.' name | string | number | true | false
 *
 * Values: arguments are typed (string, number, boolean); shared data is text. `==` compares equal types directly and
 * otherwise the values' text (so `shared.ready == true` holds for the text "true"); a missing value is ''. As a
 * condition, false, 0, '', 'false' and a missing value are false; everything else is true.
 */

export type WhenValue = string | number | boolean | undefined;

export type WhenNode =
  | { readonly kind: 'ref'; readonly scope: 'args' | 'shared'; readonly name: string; readonly offset: number }
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'not'; readonly operand: WhenNode }
  | { readonly kind: 'binary'; readonly op: '==' | '!=' | '&&' | '||'; readonly left: WhenNode; readonly right: WhenNode };

export interface WhenSyntaxError {
  /** 0-based offset in the expression. */
  readonly offset: number;
  readonly message: string;
}

export type WhenParse = { readonly ok: true; readonly ast: WhenNode } | { readonly ok: false; readonly error: WhenSyntaxError };

type Token =
  | { readonly t: 'op'; readonly v: '==' | '!=' | '&&' | '||' | '!' | '(' | ')' | '.'; readonly at: number }
  | { readonly t: 'ident'; readonly v: string; readonly at: number }
  | { readonly t: 'string'; readonly v: string; readonly at: number }
  | { readonly t: 'number'; readonly v: number; readonly at: number }
  | { readonly t: 'end'; readonly at: number };

class Fail extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_EXPRESSION_LENGTH = 1000;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '&&' || two === '||') {
      tokens.push({ t: 'op', v: two, at: i });
      i += 2;
      continue;
    }
    if (c === '!' || c === '(' || c === ')' || c === '.') {
      tokens.push({ t: 'op', v: c, at: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end === -1) throw new Fail(i, `the string starting at column ${i + 1} has no closing ${c}`);
      tokens.push({ t: 'string', v: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (number) {
      tokens.push({ t: 'number', v: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ t: 'ident', v: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    if (c === '=') throw new Fail(i, "'=' is not an operator here: compare with '=='");
    if (c === '&' || c === '|') throw new Fail(i, `'${c}' alone is not an operator: use '${c}${c}'`);
    throw new Fail(i, `unexpected '${c}'`);
  }
  tokens.push({ t: 'end', at: src.length });
  return tokens;
}

/** Parses a condition; never throws. */
export function parseWhen(src: string): WhenParse {
  if (src.length > MAX_EXPRESSION_LENGTH) return { ok: false, error: { offset: 0, message: `the condition is ${src.length} characters long, over the ${MAX_EXPRESSION_LENGTH} allowed` } };
  try {
    const tokens = tokenize(src);
    let pos = 0;
    const peek = (): Token => tokens[pos]!;
    const isOp = (v: string): boolean => {
      const t = peek();
      return t.t === 'op' && t.v === v;
    };
    const describe = (t: Token): string => (t.t === 'end' ? 'the end' : t.t === 'string' ? `"${t.v}"` : `'${String(t.v)}'`);
    let depth = 0;
    const or = (): WhenNode => {
      let left = and();
      while (isOp('||')) {
        pos++;
        left = { kind: 'binary', op: '||', left, right: and() };
      }
      return left;
    };
    const and = (): WhenNode => {
      let left = unary();
      while (isOp('&&')) {
        pos++;
        left = { kind: 'binary', op: '&&', left, right: unary() };
      }
      return left;
    };
    const unary = (): WhenNode => {
      if (isOp('!')) {
        pos++;
        return { kind: 'not', operand: unary() };
      }
      return compare();
    };
    const compare = (): WhenNode => {
      const left = primary();
      const t = peek();
      if (t.t === 'op' && (t.v === '==' || t.v === '!=')) {
        pos++;
        return { kind: 'binary', op: t.v, left, right: primary() };
      }
      return left;
    };
    const primary = (): WhenNode => {
      const t = peek();
      if (t.t === 'op' && t.v === '(') {
        if (++depth > 50) throw new Fail(t.at, 'parentheses nest too deep');
        pos++;
        const inner = or();
        const close = peek();
        if (!(close.t === 'op' && close.v === ')')) throw new Fail(close.at, `expected ')' to close the '(' at column ${t.at + 1}, found ${describe(close)}`);
        pos++;
        depth--;
        return inner;
      }
      if (t.t === 'string' || t.t === 'number') {
        pos++;
        return { kind: 'literal', value: t.v };
      }
      if (t.t === 'ident') {
        pos++;
        if (t.v === 'true' || t.v === 'false') return { kind: 'literal', value: t.v === 'true' };
        if (t.v !== 'args' && t.v !== 'shared') throw new Fail(t.at, `unknown name '${t.v}': a condition reads args.<name> or shared.<key>, and text is quoted ("${t.v}")`);
        if (!isOp('.')) throw new Fail(peek().at, `expected '.' after '${t.v}' (${t.v}.<name>)`);
        pos++;
        const name = peek();
        if (name.t !== 'ident') throw new Fail(name.at, `expected a name after '${t.v}.', found ${describe(name)}`);
        pos++;
        return { kind: 'ref', scope: t.v, name: name.v, offset: t.at };
      }
      throw new Fail(t.at, `expected a value (args.<name>, shared.<key>, a quoted string, a number, true or false), found ${describe(t)}`);
    };
    const ast = or();
    const rest = peek();
    if (rest.t !== 'end') throw new Fail(rest.at, `unexpected ${describe(rest)} after a complete condition: join conditions with && or ||`);
    return { ok: true, ast };
  } catch (error) {
    if (error instanceof Fail) return { ok: false, error: { offset: error.offset, message: error.message } };
    throw error;
  }
}

/** Every `args.x` / `shared.x` the condition reads (validation checks the argument names exist). */
export function whenReferences(ast: WhenNode): { scope: 'args' | 'shared'; name: string; offset: number }[] {
  switch (ast.kind) {
    case 'ref':
      return [{ scope: ast.scope, name: ast.name, offset: ast.offset }];
    case 'literal':
      return [];
    case 'not':
      return whenReferences(ast.operand);
    case 'binary':
      return [...whenReferences(ast.left), ...whenReferences(ast.right)];
  }
}

const truthy = (v: WhenValue): boolean => !(v === undefined || v === false || v === 0 || v === '' || v === 'false');

function equal(a: WhenValue, b: WhenValue): boolean {
  if (typeof a === typeof b) return a === b;
  return String(a ?? '') === String(b ?? '');
}

function value(ast: WhenNode, scope: WhenScope): WhenValue {
  switch (ast.kind) {
    case 'ref': {
      const source = ast.scope === 'args' ? scope.args : scope.shared;
      return Object.prototype.hasOwnProperty.call(source, ast.name) ? source[ast.name] : undefined;
    }
    case 'literal':
      return ast.value;
    case 'not':
      return !truthy(value(ast.operand, scope));
    case 'binary':
      switch (ast.op) {
        case '==':
          return equal(value(ast.left, scope), value(ast.right, scope));
        case '!=':
          return !equal(value(ast.left, scope), value(ast.right, scope));
        case '&&':
          return truthy(value(ast.left, scope)) && truthy(value(ast.right, scope));
        case '||':
          return truthy(value(ast.left, scope)) || truthy(value(ast.right, scope));
      }
  }
}

export interface WhenScope {
  readonly args: Readonly<Record<string, string | number | boolean>>;
  readonly shared: Readonly<Record<string, string>>;
}

/**
 * Whether a step with this condition runs. Throws on a syntax error: conditions are checked when the catalog is
 * loaded, so one reaching the executor unparsed is a bug, not a user mistake.
 */
export function evaluateWhen(expression: string, scope: WhenScope): boolean {
  const parsed = parseWhen(expression);
  if (!parsed.ok) throw new Error(`Invalid condition '${expression}' (column ${parsed.error.offset + 1}): ${parsed.error.message}`);
  return truthy(value(parsed.ast, scope));
}
