/**
 * Module-level reading of a Python file: imports (for resolving aliases such as
 * `import sqlalchemy as sa`), assignments (`revision = "…"`), functions and classes.
 */
import { Evaluator, Scope, type PyValue } from './evaluate.js';
import { allChildren, children, statements, type PyModule, type PyNode } from './tree.js';

export interface Assignment {
  value: PyValue;
  /** The whole statement, for diagnostics that point at it. */
  statement: PyNode;
}

export interface ModuleInfo {
  module: PyModule;
  evaluator: Evaluator;
  scope: Scope;
  /** Module-level assignments by name (the last one wins, as in Python). */
  assignments: Map<string, Assignment>;
  functions: Map<string, PyNode>;
  classes: Map<string, PyNode>;
}

export function readModule(module: PyModule): ModuleInfo {
  const evaluator = new Evaluator(module);
  const info: ModuleInfo = { module, evaluator, scope: new Scope(), assignments: new Map(), functions: new Map(), classes: new Map() };
  readBody(info, statements(module.top), info.scope, info.assignments);
  return info;
}

function readBody(info: ModuleInfo, stmts: PyNode[], scope: Scope, assignments: Map<string, Assignment>): void {
  for (const s of stmts) {
    switch (s.name) {
      case 'ImportStatement':
        bindImport(info.evaluator, s, scope);
        break;
      case 'AssignStatement':
        bindAssignment(info.evaluator, s, scope, assignments);
        break;
      case 'FunctionDefinition':
        bindFunction(info, s, scope);
        break;
      case 'DecoratedStatement': {
        const def = children(s).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition');
        if (def?.name === 'FunctionDefinition') bindFunction(info, def, scope);
        if (def?.name === 'ClassDefinition') bindClass(info, def);
        break;
      }
      case 'ClassDefinition':
        bindClass(info, s);
        break;
      case 'IfStatement':
      case 'TryStatement':
        // `if TYPE_CHECKING:` imports and `try: import x except ImportError: …` fallbacks.
        for (const body of children(s).filter((c) => c.name === 'Body')) {
          readBody(info, statements(body).filter((x) => x.name === 'ImportStatement'), scope, assignments);
        }
        break;
    }
  }
}

function bindFunction(info: ModuleInfo, def: PyNode, scope: Scope): void {
  const nameNode = children(def).find((c) => c.name === 'VariableName');
  if (!nameNode) return;
  const name = info.evaluator.text(nameNode);
  info.functions.set(name, def);
  scope.vars.set(name, { kind: 'func', node: def, name, scope });
}

function bindClass(info: ModuleInfo, def: PyNode): void {
  const nameNode = children(def).find((c) => c.name === 'VariableName');
  if (nameNode) info.classes.set(info.evaluator.text(nameNode), def);
}

/** Binds the names an import statement defines to the dotted paths they stand for. */
export function bindImport(ev: Evaluator, s: PyNode, scope: Scope): void {
  const toks = allChildren(s);
  const t = (n: PyNode) => ev.text(n);
  let i = 0;
  let from: string | undefined;
  if (toks[0] && t(toks[0]) === 'from') {
    i = 1;
    from = '';
    while (i < toks.length && t(toks[i]!) !== 'import') from += t(toks[i++]!);
  }
  i++; // `import`
  const groups: PyNode[][] = [[]];
  for (; i < toks.length; i++) {
    const x = toks[i]!;
    if (x.name === ',') groups.push([]);
    else if (x.name !== '(' && x.name !== ')') groups[groups.length - 1]!.push(x);
  }
  for (const g of groups) {
    if (!g.length || t(g[0]!) === '*') continue;
    const asAt = g.findIndex((x) => t(x) === 'as');
    const nameParts = (asAt < 0 ? g : g.slice(0, asAt)).map(t).join('');
    const alias = asAt < 0 ? undefined : g[asAt + 1] && t(g[asAt + 1]!);
    const full = from !== undefined ? `${from}${from.endsWith('.') ? '' : '.'}${nameParts}` : nameParts;
    if (alias) scope.vars.set(alias, { kind: 'ref', node: s, path: full, resolved: true });
    else if (from !== undefined) scope.vars.set(nameParts, { kind: 'ref', node: s, path: full, resolved: true });
    else {
      // `import a.b.c` binds `a`.
      const head = nameParts.split('.')[0]!;
      scope.vars.set(head, { kind: 'ref', node: s, path: head, resolved: true });
    }
  }
}

/** Binds `a = …`, `a: T = …`, `a = b = …` and `a, b = x, y`; other targets are ignored. */
export function bindAssignment(ev: Evaluator, s: PyNode, scope: Scope, record?: Map<string, Assignment>): PyValue | undefined {
  const parts = allChildren(s).filter((p) => p.name !== 'TypeDef');
  const groups: PyNode[][] = [[]];
  for (const p of parts) {
    if (p.name === 'AssignOp') groups.push([]);
    else if (p.name !== ',') groups[groups.length - 1]!.push(p);
  }
  if (groups.length < 2) return undefined;
  const valueNodes = groups.pop()!;
  if (!valueNodes.length) return undefined;
  const value: PyValue =
    valueNodes.length === 1
      ? ev.evaluate(valueNodes[0]!, scope)
      : { kind: 'seq', node: s, type: 'tuple', items: valueNodes.map((n) => ev.evaluate(n, scope)) };
  for (const target of groups) {
    const names = target.flatMap((n) => (n.name === 'VariableName' ? [n] : n.name === 'TupleExpression' || n.name === 'ParenthesizedExpression' ? children(n).filter((c) => c.name === 'VariableName') : []));
    if (target.length === 1 && target[0]!.name === 'VariableName') {
      const name = ev.text(target[0]!);
      scope.vars.set(name, value);
      record?.set(name, { value, statement: s });
    } else if (names.length > 1) {
      names.forEach((n, i) => {
        const item: PyValue =
          value.kind === 'seq' && value.items.length === names.length ? value.items[i]! : { kind: 'dynamic', node: s, reason: 'an unpacked assignment' };
        scope.vars.set(ev.text(n), item);
        record?.set(ev.text(n), { value: item, statement: s });
      });
    }
  }
  return value;
}

/** Reads a class body's assignments (Django's `class Migration`). */
export function classAssignments(info: ModuleInfo, cls: PyNode): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  const body = children(cls).find((c) => c.name === 'Body');
  if (!body) return out;
  const scope = new Scope(info.scope);
  for (const s of statements(body)) if (s.name === 'AssignStatement') bindAssignment(info.evaluator, s, scope, out);
  return out;
}
