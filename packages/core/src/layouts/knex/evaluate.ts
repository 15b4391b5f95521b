import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { concat, literalAt, literalText, templateText, type SqlText } from './sql-text.js';
import { Scope, UNKNOWN, type FunctionNode, type Value } from './values.js';

export interface EvaluatorOptions {
  /** Absolute directory of the file, for `__dirname`, `import.meta.url` and `process.cwd()` (knexfiles). */
  dirname?: string;
  /** `a || 'literal'` with an unknown `a` yields the literal (environment fallbacks in knexfiles). */
  fallbacks?: boolean;
}

const NODE_MODULES = new Set(['path', 'node:path', 'url', 'node:url']);

/** Strips the wrappers that do not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrapExpr(node: ts.Expression): ts.Expression {
  let n = node;
  for (;;) {
    if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n) || ts.isTypeAssertionExpression(n)) {
      n = n.expression;
    } else return n;
  }
}

export function propertyName(name: ts.PropertyName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const e = unwrapExpr(name.expression);
    if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) return e.text;
  }
  return undefined;
}

/** Names assigned anywhere in the file (`x = …`, `x += …`, `x++`): such variables are not constants. */
function reassignedNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = unwrapExpr(n.left);
      if (ts.isIdentifier(left)) out.add(left.text);
    } else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && ts.isIdentifier(n.operand)) {
      if (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) out.add(n.operand.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * Evaluates JavaScript expressions without running anything: literals, constants declared in
 * the same file, object and array literals, string concatenation and templates, and a few pure
 * Node.js path helpers. Subclasses add meaning to calls (the Knex interpreter).
 */
export class Evaluator {
  readonly module = new Scope();
  readonly counter = { n: 0 };
  private readonly reassigned: Set<string>;

  constructor(
    readonly sf: ts.SourceFile,
    protected readonly options: EvaluatorOptions = {},
  ) {
    this.reassigned = reassignedNames(sf);
    this.declareAll(sf.statements, this.module);
  }

  text(node: ts.Node): string {
    return node.getText(this.sf);
  }

  /** Binds the declarations of a statement list: functions are hoisted, variables are lazy constants. */
  declareAll(statements: readonly ts.Statement[], scope: Scope): void {
    for (const st of statements) {
      if (ts.isFunctionDeclaration(st) && st.name) scope.set(st.name.text, { k: 'fn', node: st, scope });
      else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) this.bindDeclaration(d, scope, true);
      } else if (ts.isImportDeclaration(st)) this.bindImport(st, scope);
    }
  }

  private bindImport(st: ts.ImportDeclaration, scope: Scope): void {
    const from = ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : '';
    const clause = st.importClause;
    if (!clause || clause.isTypeOnly) return;
    const mod: Value = NODE_MODULES.has(from) ? { k: 'module', name: from.replace(/^node:/, '') } : UNKNOWN;
    if (clause.name) scope.set(clause.name.text, mod);
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) scope.set(nb.name.text, mod);
    if (nb && ts.isNamedImports(nb)) {
      for (const el of nb.elements) {
        if (el.isTypeOnly) continue;
        const imported = (el.propertyName ?? el.name).text;
        scope.set(el.name.text, mod.k === 'module' ? { k: 'method', recv: mod, name: imported } : UNKNOWN);
      }
    }
  }

  /** Binds `const x = …` (and destructuring) in `scope`; `lazy` defers evaluation to first use. */
  bindDeclaration(d: ts.VariableDeclaration, scope: Scope, lazy: boolean, value?: Value): void {
    const constant = (d.parent.flags & ts.NodeFlags.Const) !== 0;
    const init = d.initializer;
    const evaluate = (): Value => (value ?? (init ? this.evalExpr(init, scope) : { k: 'undef' }));
    if (ts.isIdentifier(d.name)) {
      const name = d.name.text;
      if (!constant && this.reassigned.has(name)) {
        if (!lazy && init) this.evalExpr(init, scope);
        scope.set(name, UNKNOWN);
        return;
      }
      scope.set(name, lazy ? evaluate : evaluate());
      return;
    }
    const v = lazy ? undefined : evaluate();
    this.bindPattern(d.name, scope, () => v ?? evaluate());
  }

  /** Destructuring: `{ a, b: c }` and `[a, b]` read members of the value when it is known. */
  bindPattern(pattern: ts.BindingName, scope: Scope, value: () => Value): void {
    if (ts.isIdentifier(pattern)) {
      scope.set(pattern.text, value);
      return;
    }
    if (ts.isObjectBindingPattern(pattern)) {
      for (const el of pattern.elements) {
        const key = el.propertyName ? propertyName(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        if (el.dotDotDotToken || key === undefined) {
          this.bindPattern(el.name, scope, () => UNKNOWN);
          continue;
        }
        this.bindPattern(el.name, scope, () => this.member(value(), key, el));
      }
      return;
    }
    pattern.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      this.bindPattern(el.name, scope, () => {
        const v = value();
        return el.dotDotDotToken ? UNKNOWN : v.k === 'arr' ? (v.items[i] ?? { k: 'undef' }) : UNKNOWN;
      });
    });
  }

  evalExpr(node: ts.Expression, scope: Scope): Value {
    const n = unwrapExpr(node);
    switch (n.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
        const lit = n as ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;
        return { k: 'str', v: lit.text, text: literalText(lit, this.sf) };
      }
      case ts.SyntaxKind.TemplateExpression: {
        const t = templateText(n as ts.TemplateExpression, this.sf, (e) => this.staticString(e, scope), this.counter);
        return t.dynamic.length ? { k: 'dynstr', text: t } : { k: 'str', v: t.text, text: t };
      }
      case ts.SyntaxKind.NumericLiteral:
        return { k: 'num', v: Number((n as ts.NumericLiteral).text) };
      case ts.SyntaxKind.TrueKeyword:
        return { k: 'bool', v: true };
      case ts.SyntaxKind.FalseKeyword:
        return { k: 'bool', v: false };
      case ts.SyntaxKind.NullKeyword:
        return { k: 'null' };
      case ts.SyntaxKind.Identifier:
        return this.identifier(n as ts.Identifier, scope);
      case ts.SyntaxKind.ThisKeyword:
        return scope.get('this') ?? UNKNOWN;
      case ts.SyntaxKind.PropertyAccessExpression: {
        const pa = n as ts.PropertyAccessExpression;
        if (ts.isMetaProperty(pa.expression) && pa.name.text === 'url' && this.options.dirname) {
          return { k: 'str', v: pathToFileURL(join(this.options.dirname, 'knexfile.js')).href };
        }
        return this.member(this.evalExpr(pa.expression, scope), pa.name.text, pa);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const ea = n as ts.ElementAccessExpression;
        const key = this.evalExpr(ea.argumentExpression, scope);
        const obj = this.evalExpr(ea.expression, scope);
        if (key.k === 'str') return this.member(obj, key.v, ea);
        if (key.k === 'num' && obj.k === 'arr') return obj.items[key.v] ?? { k: 'undef' };
        return UNKNOWN;
      }
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.objectLiteral(n as ts.ObjectLiteralExpression, scope);
      case ts.SyntaxKind.ArrayLiteralExpression: {
        const items: Value[] = [];
        for (const el of (n as ts.ArrayLiteralExpression).elements) {
          if (ts.isSpreadElement(el)) {
            const v = this.evalExpr(el.expression, scope);
            if (v.k === 'arr') items.push(...v.items);
            else return UNKNOWN;
          } else items.push(this.evalExpr(el, scope));
        }
        return { k: 'arr', items };
      }
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return { k: 'fn', node: n as FunctionNode, scope };
      case ts.SyntaxKind.BinaryExpression:
        return this.binary(n as ts.BinaryExpression, scope);
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const p = n as ts.PrefixUnaryExpression;
        const v = this.evalExpr(p.operand, scope);
        if (p.operator === ts.SyntaxKind.MinusToken && v.k === 'num') return { k: 'num', v: -v.v };
        if (p.operator === ts.SyntaxKind.ExclamationToken) {
          const t = truthy(v);
          return t === undefined ? UNKNOWN : { k: 'bool', v: !t };
        }
        return UNKNOWN;
      }
      case ts.SyntaxKind.ConditionalExpression:
        return this.conditional(n as ts.ConditionalExpression, scope);
      case ts.SyntaxKind.CallExpression:
        return this.call(n as ts.CallExpression, scope);
      case ts.SyntaxKind.AwaitExpression:
        return this.await(n as ts.AwaitExpression, scope);
      case ts.SyntaxKind.NewExpression: {
        const ne = n as ts.NewExpression;
        for (const a of ne.arguments ?? []) this.evalExpr(a, scope);
        return UNKNOWN;
      }
      case ts.SyntaxKind.VoidExpression:
        this.evalExpr((n as ts.VoidExpression).expression, scope);
        return { k: 'undef' };
      default:
        return { k: 'unknown', node: n };
    }
  }

  protected identifier(id: ts.Identifier, scope: Scope): Value {
    const v = scope.get(id.text);
    if (v) return v;
    if (id.text === 'undefined') return { k: 'undef' };
    if (this.options.dirname && id.text === '__dirname') return { k: 'str', v: this.options.dirname };
    if (this.options.dirname && id.text === '__filename') return { k: 'str', v: join(this.options.dirname, 'knexfile.js') };
    return { k: 'unknown', node: id };
  }

  /** A string value for splicing into a template, when it is static. */
  staticString(e: ts.Expression, scope: Scope): string | undefined {
    const v = this.evalExpr(e, scope);
    return v.k === 'str' ? v.v : v.k === 'num' ? String(v.v) : undefined;
  }

  protected objectLiteral(o: ts.ObjectLiteralExpression, scope: Scope): Value {
    const props = new Map<string, Value>();
    for (const p of o.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = propertyName(p.name);
        if (key !== undefined) props.set(key, this.evalExpr(p.initializer, scope));
      } else if (ts.isShorthandPropertyAssignment(p)) {
        props.set(p.name.text, this.identifier(p.name, scope));
      } else if (ts.isSpreadAssignment(p)) {
        const v = this.evalExpr(p.expression, scope);
        if (v.k === 'obj') for (const [k, x] of v.props) props.set(k, x);
      } else if (ts.isMethodDeclaration(p)) {
        const key = propertyName(p.name);
        if (key !== undefined) props.set(key, { k: 'fn', node: p, scope });
      }
    }
    return { k: 'obj', props };
  }

  protected binary(b: ts.BinaryExpression, scope: Scope): Value {
    const op = b.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) {
      const l = this.evalExpr(b.left, scope);
      const r = this.evalExpr(b.right, scope);
      if (l.k === 'num' && r.k === 'num') return { k: 'num', v: l.v + r.v };
      const lt = this.asText(l, b.left);
      const rt = this.asText(r, b.right);
      if (!lt || !rt) return UNKNOWN;
      const t = concat(lt, rt);
      return t.dynamic.length ? { k: 'dynstr', text: t } : { k: 'str', v: t.text, text: t };
    }
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      return this.logical(b, scope);
    }
    if (op === ts.SyntaxKind.CommaToken) {
      this.evalExpr(b.left, scope);
      return this.evalExpr(b.right, scope);
    }
    if (op === ts.SyntaxKind.EqualsToken) {
      this.evalExpr(b.right, scope);
      return UNKNOWN;
    }
    this.evalExpr(b.left, scope);
    this.evalExpr(b.right, scope);
    return UNKNOWN;
  }

  protected logical(b: ts.BinaryExpression, scope: Scope): Value {
    const l = this.evalExpr(b.left, scope);
    const t = truthy(l);
    const op = b.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return t === false ? l : t === true ? this.evalExpr(b.right, scope) : this.branch(b.right, scope);
    const missing = op === ts.SyntaxKind.QuestionQuestionToken ? l.k === 'null' || l.k === 'undef' : t === false;
    if (missing) return this.evalExpr(b.right, scope);
    if (l.k !== 'unknown') return l;
    const r = this.branch(b.right, scope);
    return this.options.fallbacks ? r : UNKNOWN;
  }

  protected conditional(c: ts.ConditionalExpression, scope: Scope): Value {
    const t = truthy(this.evalExpr(c.condition, scope));
    if (t === true) return this.evalExpr(c.whenTrue, scope);
    if (t === false) return this.evalExpr(c.whenFalse, scope);
    this.branch(c.whenTrue, scope);
    this.branch(c.whenFalse, scope);
    return UNKNOWN;
  }

  /** An expression that may or may not run; the interpreter marks what it does as conditional. */
  protected branch(e: ts.Expression, scope: Scope): Value {
    return this.evalExpr(e, scope);
  }

  protected await(a: ts.AwaitExpression, scope: Scope): Value {
    return this.evalExpr(a.expression, scope);
  }

  /** The text of a string-ish value for concatenation (numbers and constants map to their use). */
  protected asText(v: Value, node: ts.Expression): SqlText | undefined {
    const start = node.getStart(this.sf);
    if (v.k === 'str') return v.text ?? literalAt(v.v, start, node.getEnd());
    if (v.k === 'dynstr') return v.text;
    if (v.k === 'num') return literalAt(String(v.v), start, node.getEnd());
    return undefined;
  }

  protected call(c: ts.CallExpression, scope: Scope): Value {
    const callee = unwrapExpr(c.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const recv = this.evalExpr(callee.expression, scope);
      return this.callMethod(recv, callee.name.text, c, scope);
    }
    if (callee.kind === ts.SyntaxKind.ImportKeyword) return UNKNOWN;
    if (ts.isIdentifier(callee) && callee.text === 'require' && !scope.has('require')) {
      const arg = c.arguments[0];
      const name = arg && ts.isStringLiteral(arg) ? arg.text : '';
      return NODE_MODULES.has(name) ? { k: 'module', name: name.replace(/^node:/, '') } : UNKNOWN;
    }
    return this.callValue(this.evalExpr(callee, scope), c, scope);
  }

  protected args(c: ts.CallExpression, scope: Scope): Value[] {
    return c.arguments.map((a) => this.evalExpr(a, scope));
  }

  /** `recv.name(...)`. The base knows the pure Node.js helpers knexfiles use for paths. */
  protected callMethod(recv: Value, name: string, c: ts.CallExpression, scope: Scope): Value {
    if (recv.k === 'module') return this.moduleCall(recv.name, name, this.args(c, scope));
    if (recv.k === 'method' && recv.recv.k === 'module') return UNKNOWN;
    const args = this.args(c, scope);
    if (recv.k === 'str' && name === 'toLowerCase') return { k: 'str', v: recv.v.toLowerCase() };
    if (recv.k === 'arr' && name === 'join') {
      const sep = args[0]?.k === 'str' ? args[0].v : ',';
      const parts = recv.items.map((i) => (i.k === 'str' ? i.v : i.k === 'num' ? String(i.v) : undefined));
      return parts.every((p): p is string => p !== undefined) ? { k: 'str', v: parts.join(sep) } : UNKNOWN;
    }
    if (ts.isPropertyAccessExpression(c.expression) && ts.isIdentifier(c.expression.expression) && c.expression.expression.text === 'process' && name === 'cwd' && this.options.dirname) {
      return { k: 'str', v: this.options.dirname };
    }
    return UNKNOWN;
  }

  protected callValue(fn: Value, c: ts.CallExpression, scope: Scope): Value {
    if (fn.k === 'method' && fn.recv.k === 'module') return this.moduleCall(fn.recv.name, fn.name, this.args(c, scope));
    this.args(c, scope);
    return UNKNOWN;
  }

  private moduleCall(module: string, name: string, args: Value[]): Value {
    const strs = args.map((a) => (a.k === 'str' ? a.v : undefined));
    if (!strs.every((s): s is string => s !== undefined)) return UNKNOWN;
    if (module === 'path') {
      if (name === 'join') return { k: 'str', v: join(...strs) };
      if (name === 'resolve') return { k: 'str', v: resolve(this.options.dirname ?? '/', ...strs) };
      if (name === 'dirname' && strs[0] !== undefined) return { k: 'str', v: dirname(strs[0]) };
    }
    if (module === 'url' && name === 'fileURLToPath' && strs[0]?.startsWith('file:')) return { k: 'str', v: fileURLToPath(strs[0]) };
    return UNKNOWN;
  }

  member(obj: Value, name: string, node: ts.Node): Value {
    if (obj.k === 'obj') return obj.props.get(name) ?? { k: 'undef' };
    if (obj.k === 'arr' && name === 'length') return { k: 'num', v: obj.items.length };
    if (obj.k === 'str' && name === 'length') return { k: 'num', v: obj.v.length };
    if (obj.k === 'module') return { k: 'method', recv: obj, name };
    return UNKNOWN;
  }
}

/** JavaScript truthiness of a known value; undefined when unknown. */
export function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case 'str':
      return v.v.length > 0;
    case 'num':
      return v.v !== 0 && !Number.isNaN(v.v);
    case 'bool':
      return v.v;
    case 'null':
    case 'undef':
      return false;
    case 'arr':
    case 'obj':
    case 'fn':
      return true;
    default:
      return undefined;
  }
}
