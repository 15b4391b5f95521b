/**
 * A small evaluator for the Python that migrations are written in: literals, names resolved
 * through imports and assignments, attribute chains, calls with positional and keyword
 * arguments, lists, tuples, sets and dicts. It never runs code: a call evaluates to a record of
 * the call, and anything it cannot know becomes a `dynamic` value with the reason.
 */
import { concatStrings, decodeString, formatBraces, formatPercent, type FormatArg, type PyString } from './strings.js';
import { allChildren, children, text, type PyModule, type PyNode } from './tree.js';

export type PyValue =
  | { kind: 'str'; node: PyNode; str: PyString }
  | { kind: 'num'; node: PyNode; value: number }
  | { kind: 'bool'; node: PyNode; value: boolean }
  | { kind: 'none'; node: PyNode }
  | { kind: 'seq'; node: PyNode; type: 'list' | 'tuple' | 'set'; items: PyValue[] }
  | { kind: 'dict'; node: PyNode; entries: Array<[PyValue, PyValue]> }
  /** A dotted name: resolved through an import (`sqlalchemy.Integer`) or a name nobody defined. */
  | { kind: 'ref'; node: PyNode; path: string; resolved: boolean }
  /** An attribute of a computed value (`op.get_bind().execute`). */
  | { kind: 'attr'; node: PyNode; object: PyValue; name: string }
  | { kind: 'call'; node: PyNode; callee: PyValue; args: PyValue[]; kwargs: Map<string, PyValue>; kwargNodes: Map<string, PyNode>; spread: boolean }
  /** A function defined in the module (helpers that `upgrade()` calls are walked like it). */
  | { kind: 'func'; node: PyNode; name: string; scope: Scope }
  | { kind: 'dynamic'; node: PyNode; reason: string };

export type CallValue = Extract<PyValue, { kind: 'call' }>;

export class Scope {
  readonly vars = new Map<string, PyValue>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): PyValue | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
}

/** The dotted name a value stands for: `sqlalchemy.Column`, `alembic.op.get_bind().execute`; `?` if none. */
export function qualName(v: PyValue | undefined): string {
  if (!v) return '?';
  switch (v.kind) {
    case 'ref':
      return v.path;
    case 'attr':
      return `${qualName(v.object)}.${v.name}`;
    case 'call':
      return `${qualName(v.callee)}()`;
    case 'func':
      return v.name;
    default:
      return '?';
  }
}

/** The called name of a call: `sqlalchemy.Column`, `alembic.op.get_context().autocommit_block`. */
export function calleeName(c: CallValue): string {
  return qualName(c.callee);
}

/** Last segment of a dotted name. */
export function lastName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

export class Evaluator {
  constructor(readonly module: PyModule) {}

  text(n: PyNode): string {
    return text(this.module, n);
  }

  evaluate(n: PyNode, scope: Scope): PyValue {
    switch (n.name) {
      case 'String':
      case 'FormatString':
      case 'ContinuedString':
        return { kind: 'str', node: n, str: decodeString(this.module, n) };
      case 'Number': {
        const raw = this.text(n).replace(/_/g, '').toLowerCase();
        const value = /^0[xob]/.test(raw) ? Number(raw) : /[jl]$/.test(raw) ? NaN : parseFloat(raw);
        return Number.isNaN(value) ? { kind: 'dynamic', node: n, reason: 'a complex number' } : { kind: 'num', node: n, value };
      }
      case 'Boolean':
        return { kind: 'bool', node: n, value: this.text(n) === 'True' };
      case 'None':
        return { kind: 'none', node: n };
      case 'VariableName':
        return this.name(this.text(n), n, scope);
      case 'ParenthesizedExpression': {
        const inner = children(n)[0];
        return inner ? this.evaluate(inner, scope) : { kind: 'dynamic', node: n, reason: 'an empty expression' };
      }
      case 'ArrayExpression':
        return this.sequence(n, scope, 'list');
      case 'TupleExpression':
        return this.sequence(n, scope, 'tuple');
      case 'SetExpression':
        return this.sequence(n, scope, 'set');
      case 'DictionaryExpression':
        return this.dict(n, scope);
      case 'MemberExpression':
        return this.member(n, scope);
      case 'CallExpression':
        return this.call(n, scope);
      case 'UnaryExpression': {
        const [op, arg] = allChildren(n);
        const v = arg ? this.evaluate(arg, scope) : undefined;
        if (op && this.text(op) === '-' && v?.kind === 'num') return { kind: 'num', node: n, value: -v.value };
        if (op && this.text(op) === '+' && v?.kind === 'num') return { ...v, node: n };
        if (op && this.text(op) === 'not' && v && (v.kind === 'bool' || v.kind === 'none')) return { kind: 'bool', node: n, value: v.kind === 'none' ? true : !v.value };
        return { kind: 'dynamic', node: n, reason: `the expression \`${this.short(n)}\`` };
      }
      case 'BinaryExpression':
        return this.binary(n, scope);
      case 'ConditionalExpression':
        return { kind: 'dynamic', node: n, reason: `a conditional expression \`${this.short(n)}\`` };
      case 'LambdaExpression':
        return { kind: 'dynamic', node: n, reason: 'a lambda' };
      case 'ArrayComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'ComprehensionExpression':
        return { kind: 'dynamic', node: n, reason: `a comprehension \`${this.short(n)}\`` };
      default:
        return { kind: 'dynamic', node: n, reason: n.type.isError ? 'a syntax error' : `the expression \`${this.short(n)}\`` };
    }
  }

  /** Source text of a node, shortened for messages. */
  short(n: PyNode, max = 60): string {
    const t = this.text(n).replace(/\s+/g, ' ').trim();
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  }

  private name(id: string, n: PyNode, scope: Scope): PyValue {
    const v = scope.lookup(id);
    // A function keeps its definition node (the walker walks its body).
    if (v) return v.kind === 'ref' ? { ...v, node: n } : v;
    return { kind: 'ref', node: n, path: id, resolved: false };
  }

  private sequence(n: PyNode, scope: Scope, type: 'list' | 'tuple' | 'set'): PyValue {
    const items: PyValue[] = [];
    const parts = allChildren(n);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (['(', ')', '[', ']', '{', '}', ','].includes(p.name)) continue;
      if (p.name === '*') {
        const next = parts[++i];
        const v = next ? this.evaluate(next, scope) : undefined;
        if (v?.kind === 'seq') items.push(...v.items);
        else return { kind: 'dynamic', node: n, reason: `an unpacked value \`*${next ? this.short(next) : ''}\`` };
        continue;
      }
      items.push(this.evaluate(p, scope));
    }
    return { kind: 'seq', node: n, type, items };
  }

  private dict(n: PyNode, scope: Scope): PyValue {
    const entries: Array<[PyValue, PyValue]> = [];
    const parts = allChildren(n).filter((p) => !['{', '}', ','].includes(p.name));
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === '**') {
        const next = parts[++i];
        const v = next ? this.evaluate(next, scope) : undefined;
        if (v?.kind === 'dict') entries.push(...v.entries);
        else return { kind: 'dynamic', node: n, reason: 'an unpacked mapping' };
        continue;
      }
      const colon = parts[i + 1];
      const value = parts[i + 2];
      if (colon?.name !== ':' || !value) return { kind: 'dynamic', node: n, reason: 'a malformed dict' };
      entries.push([this.evaluate(p, scope), this.evaluate(value, scope)]);
      i += 2;
    }
    return { kind: 'dict', node: n, entries };
  }

  private member(n: PyNode, scope: Scope): PyValue {
    const parts = allChildren(n);
    const objNode = parts[0];
    if (!objNode) return { kind: 'dynamic', node: n, reason: 'a malformed attribute' };
    const obj = this.evaluate(objNode, scope);
    const prop = parts.find((p) => p.name === 'PropertyName');
    if (prop) {
      const name = this.text(prop);
      if (obj.kind === 'ref') return { kind: 'ref', node: n, path: `${obj.path}.${name}`, resolved: obj.resolved };
      if (obj.kind === 'dynamic') return { ...obj, node: n };
      return { kind: 'attr', node: n, object: obj, name };
    }
    // Subscript: x[i]
    const indexNode = parts.find((p, i) => i > 0 && p.name !== '[' && p.name !== ']');
    const index = indexNode ? this.evaluate(indexNode, scope) : undefined;
    if (obj.kind === 'seq' && index?.kind === 'num') {
      const i = index.value < 0 ? obj.items.length + index.value : index.value;
      const item = obj.items[i];
      if (item) return item;
    }
    if (obj.kind === 'dict' && index && (index.kind === 'str' || index.kind === 'num')) {
      const key = index.kind === 'str' ? index.str.value : index.value;
      const hit = obj.entries.find(([k]) => (k.kind === 'str' ? k.str.value : k.kind === 'num' ? k.value : undefined) === key);
      if (hit) return hit[1];
    }
    return { kind: 'dynamic', node: n, reason: `the subscript \`${this.short(n)}\`` };
  }

  call(n: PyNode, scope: Scope): PyValue {
    const parts = allChildren(n);
    const calleeNode = parts[0];
    const argList = parts.find((p) => p.name === 'ArgList');
    if (!calleeNode || !argList) return { kind: 'dynamic', node: n, reason: 'a malformed call' };
    const callee = this.evaluate(calleeNode, scope);
    const args: PyValue[] = [];
    const kwargs = new Map<string, PyValue>();
    const kwargNodes = new Map<string, PyNode>();
    let spread = false;
    const a = allChildren(argList).filter((p) => !['(', ')', ','].includes(p.name));
    for (let i = 0; i < a.length; i++) {
      const p = a[i]!;
      if (p.name === '*' || p.name === '**') {
        const next = a[++i];
        const v = next ? this.evaluate(next, scope) : undefined;
        if (p.name === '*' && v?.kind === 'seq') args.push(...v.items);
        else if (p.name === '**' && v?.kind === 'dict' && v.entries.every(([k]) => k.kind === 'str')) {
          for (const [k, val] of v.entries) if (k.kind === 'str') kwargs.set(k.str.value, val);
        } else spread = true;
        continue;
      }
      if (p.name === 'VariableName' && a[i + 1]?.name === 'AssignOp' && a[i + 2]) {
        const key = this.text(p);
        kwargs.set(key, this.evaluate(a[i + 2]!, scope));
        kwargNodes.set(key, p);
        i += 2;
        continue;
      }
      if (p.name === 'for' || p.name === 'ComprehensionExpression') {
        // A generator argument: f(x for x in y)
        return { kind: 'dynamic', node: n, reason: `a generator expression in \`${this.short(n)}\`` };
      }
      args.push(this.evaluate(p, scope));
    }
    // Whitespace-only transformations keep the SQL (and its offsets) as written.
    const name = qualName(callee);
    if (args.length === 1 && args[0]!.kind === 'str' && (name === 'textwrap.dedent' || name === 'inspect.cleandoc')) return args[0]!;
    if (callee.kind === 'attr' && callee.object.kind === 'str' && ['strip', 'lstrip', 'rstrip'].includes(callee.name) && !args.length) return callee.object;
    if (callee.kind === 'attr' && callee.object.kind === 'dict' && !args.length && ['items', 'keys', 'values'].includes(callee.name)) {
      const d = callee.object;
      const items = d.entries.map(([k, v]): PyValue => (callee.name === 'keys' ? k : callee.name === 'values' ? v : { kind: 'seq', node: n, type: 'tuple', items: [k, v] }));
      return { kind: 'seq', node: n, type: 'list', items };
    }
    if (callee.kind === 'attr' && callee.object.kind === 'str' && callee.name === 'format' && !spread) {
      const named = new Map([...kwargs].map(([k, v]) => [k, this.formatArg(v)]));
      const str = formatBraces(callee.object.str, args.map((v) => this.formatArg(v)), named);
      if (str) return { kind: 'str', node: n, str };
    }
    if (callee.kind === 'attr' && callee.object.kind === 'str') {
      return { kind: 'dynamic', node: n, reason: `a string built at run time (\`.${callee.name}()\`)` };
    }
    return { kind: 'call', node: n, callee, args, kwargs, kwargNodes, spread };
  }

  /** A value put into a formatted string: its text when it is a literal, else the source text for the placeholder. */
  private formatArg(v: PyValue): FormatArg {
    if (v.kind === 'str' && !v.str.placeholders.length) return { text: v.str.value, literal: true };
    if (v.kind === 'num') return { text: String(v.value), literal: true };
    return { text: this.short(v.node, 40), literal: false };
  }

  private binary(n: PyNode, scope: Scope): PyValue {
    const parts = allChildren(n);
    const [l, op, r] = parts;
    if (parts.length !== 3 || !l || !op || !r) return { kind: 'dynamic', node: n, reason: `the expression \`${this.short(n)}\`` };
    const o = this.text(op);
    if (o === '+' || o === '%') {
      const lv = this.evaluate(l, scope);
      const rv = this.evaluate(r, scope);
      if (o === '+' && lv.kind === 'str' && rv.kind === 'str') return { kind: 'str', node: n, str: concatStrings(lv.str, rv.str) };
      if (o === '+' && lv.kind === 'seq' && rv.kind === 'seq') return { kind: 'seq', node: n, type: lv.type, items: [...lv.items, ...rv.items] };
      if (o === '+' && lv.kind === 'num' && rv.kind === 'num') return { kind: 'num', node: n, value: lv.value + rv.value };
      if (o === '%' && lv.kind === 'str') {
        const positional = rv.kind === 'seq' && rv.type === 'tuple' ? rv.items : rv.kind === 'dict' ? [] : [rv];
        const named = new Map<string, FormatArg | undefined>();
        if (rv.kind === 'dict') for (const [k, v] of rv.entries) if (k.kind === 'str') named.set(k.str.value, this.formatArg(v));
        const str = formatPercent(lv.str, positional.map((v) => this.formatArg(v)), named);
        if (str) return { kind: 'str', node: n, str };
        return { kind: 'dynamic', node: n, reason: 'a string formatted with `%` at run time' };
      }
      if (lv.kind === 'str' || rv.kind === 'str') return { kind: 'dynamic', node: n, reason: 'a string built at run time' };
    }
    return { kind: 'dynamic', node: n, reason: `the expression \`${this.short(n)}\`` };
  }
}

/** Keyword argument, or the positional argument at `index`. */
export function arg(c: CallValue, index: number, keyword: string): PyValue | undefined {
  return c.kwargs.get(keyword) ?? (index >= 0 ? c.args[index] : undefined);
}

export function strOf(v: PyValue | undefined): string | undefined {
  return v?.kind === 'str' && !v.str.placeholders.length ? v.str.value : undefined;
}

export function boolOf(v: PyValue | undefined): boolean | undefined {
  if (v?.kind === 'bool') return v.value;
  if (v?.kind === 'num') return v.value !== 0;
  if (v?.kind === 'none') return false;
  return undefined;
}

export function numOf(v: PyValue | undefined): number | undefined {
  return v?.kind === 'num' ? v.value : undefined;
}

/** A list/tuple of strings, or a single string as a one-element list. */
export function strListOf(v: PyValue | undefined): string[] | undefined {
  const s = strOf(v);
  if (s !== undefined) return [s];
  if (v?.kind !== 'seq') return undefined;
  const out: string[] = [];
  for (const item of v.items) {
    const x = strOf(item);
    if (x === undefined) return undefined;
    out.push(x);
  }
  return out;
}
