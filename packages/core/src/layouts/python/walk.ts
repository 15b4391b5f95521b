/**
 * Walks the statements of a function body (Alembic's `upgrade()`) in execution order and hands
 * every call to the layout: `with` blocks push a frame the layout defines (batch_alter_table,
 * autocommit_block), `if` branches are taken when the layout can decide the condition (the
 * dialect) and are otherwise walked as conditional, `for` loops over literal lists are unrolled,
 * helper functions of the same module are walked in place. Anything else is reported as opaque.
 */
import { qualName, Scope, type CallValue, type Evaluator, type PyValue } from './evaluate.js';
import { bindAssignment, bindImport } from './module.js';
import { allChildren, children, statements, type PyNode } from './tree.js';

export interface WalkState<F> {
  /** Inside a branch that may not run (an `if` the layout cannot decide, an `except`). */
  conditional: boolean;
  /** `with` frames from outermost to innermost. */
  frames: F[];
}

export interface WalkHooks<F> {
  /** A call made as a statement, or the right side of an assignment (`assigned`: its value is kept for later). */
  call(call: CallValue, state: WalkState<F>, assigned: boolean): void;
  /** The context manager of a `with` item: a frame to push, or undefined to walk the body as is. */
  enter(value: PyValue, alias: string | undefined, node: PyNode, state: WalkState<F>): F | undefined;
  /** The end of a `with` block whose frame `enter` returned. */
  leave?(frame: F, state: WalkState<F>): void;
  /** Code the walker cannot follow. */
  opaque(node: PyNode, reason: string, state: WalkState<F>): void;
  /** Decides a condition (true/false) when it can; undefined walks every branch as conditional. */
  decide?(value: PyNode, scope: Scope): boolean | undefined;
}

const MAX_DEPTH = 8;
const MAX_UNROLL = 100;

type Flow = 'next' | 'return' | 'maybeReturn';

export class Walker<F> {
  private depth = 0;

  constructor(
    readonly ev: Evaluator,
    readonly hooks: WalkHooks<F>,
  ) {}

  /** Walks a function definition's body with its parameters bound to the given arguments. */
  walkFunction(def: PyNode, outer: Scope, state: WalkState<F>, call?: CallValue): void {
    if (this.depth >= MAX_DEPTH) {
      this.hooks.opaque(def, 'helper functions nested too deeply to follow', state);
      return;
    }
    const scope = new Scope(outer);
    const params = children(def).find((c) => c.name === 'ParamList');
    if (params) this.bindParams(params, scope, outer, call);
    const body = children(def).find((c) => c.name === 'Body');
    if (!body) return;
    this.depth++;
    try {
      this.walkBody(statements(body), scope, state);
    } finally {
      this.depth--;
    }
  }

  private bindParams(params: PyNode, scope: Scope, outer: Scope, call: CallValue | undefined): void {
    const toks = allChildren(params).filter((p) => p.name !== '(' && p.name !== ')');
    let position = 0;
    let star = '';
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.name === ',') continue;
      if (t.name === '*' || t.name === '**') {
        star = t.name;
        continue;
      }
      if (t.name !== 'VariableName') continue;
      const name = this.ev.text(t);
      let value: PyValue | undefined;
      if (star === '') value = call?.kwargs.get(name) ?? call?.args[position];
      if (star === '' && toks[i + 1]?.name === 'AssignOp' && toks[i + 2]) {
        value ??= this.ev.evaluate(toks[i + 2]!, outer);
        i += 2;
      }
      if (star === '') position++;
      star = star === '*' ? '' : star;
      scope.vars.set(name, value ?? { kind: 'dynamic', node: t, reason: `the parameter \`${name}\`` });
    }
  }

  walkBody(stmts: PyNode[], scope: Scope, state: WalkState<F>): Flow {
    let st = state;
    for (const s of stmts) {
      const flow = this.walkStatement(s, scope, st);
      if (flow === 'return') return 'return';
      // After a return that may have happened, the rest may not run.
      if (flow === 'maybeReturn') st = { ...st, conditional: true };
    }
    return st === state ? 'next' : 'maybeReturn';
  }

  private walkStatement(s: PyNode, scope: Scope, state: WalkState<F>): Flow {
    const ev = this.ev;
    switch (s.name) {
      case 'ExpressionStatement': {
        const expr = children(s)[0];
        if (!expr) return 'next';
        if (expr.name === 'String' || expr.name === 'ContinuedString' || expr.name === 'FormatString' || expr.name === 'Ellipsis') return 'next';
        const v = ev.evaluate(expr, scope);
        this.visitValue(v, scope, state);
        return 'next';
      }
      case 'AssignStatement': {
        const v = bindAssignment(ev, s, scope);
        if (v) this.visitValue(v, scope, state, true);
        return 'next';
      }
      case 'UpdateStatement': {
        const [target, , valueNode] = children(s);
        if (target?.name === 'VariableName' && valueNode) {
          const name = ev.text(target);
          const old = scope.lookup(name);
          const add = ev.evaluate(valueNode, scope);
          const merged: PyValue =
            old?.kind === 'seq' && add.kind === 'seq' ? { ...old, items: [...old.items, ...add.items] } : { kind: 'dynamic', node: s, reason: `\`${ev.short(s)}\`` };
          scope.vars.set(name, merged);
        }
        return 'next';
      }
      case 'ImportStatement':
        bindImport(ev, s, scope);
        return 'next';
      case 'FunctionDefinition': {
        const nameNode = children(s).find((c) => c.name === 'VariableName');
        if (nameNode) scope.vars.set(ev.text(nameNode), { kind: 'func', node: s, name: ev.text(nameNode), scope });
        return 'next';
      }
      case 'PassStatement':
      case 'ScopeStatement':
      case 'AssertStatement':
      case 'DeleteStatement':
      case 'DecoratedStatement':
      case 'ClassDefinition':
      case 'ContinueStatement':
      case 'BreakStatement':
        return 'next';
      case 'ReturnStatement': {
        const v = children(s)[0];
        if (v) this.visitValue(ev.evaluate(v, scope), scope, state, true);
        return 'return';
      }
      case 'RaiseStatement':
        return 'return';
      case 'IfStatement':
        return this.walkIf(s, scope, state);
      case 'ForStatement':
        return this.walkFor(s, scope, state);
      case 'WithStatement':
        return this.walkWith(s, scope, state);
      case 'TryStatement':
        return this.walkTry(s, scope, state);
      case 'WhileStatement':
        this.hooks.opaque(s, 'a while loop: migralint cannot tell how often it runs', state);
        return 'next';
      default:
        this.hooks.opaque(s, `the statement \`${ev.short(s)}\``, state);
        return 'next';
    }
  }

  /** Hands a call (and calls to helper functions) to the layout. */
  private visitValue(v: PyValue, scope: Scope, state: WalkState<F>, assigned = false): void {
    if (v.kind !== 'call') {
      if (v.kind === 'dynamic' && !assigned) this.hooks.opaque(v.node, v.reason, state);
      return;
    }
    if (v.callee.kind === 'func') {
      this.walkFunction(v.callee.node, v.callee.scope, state, v);
      return;
    }
    this.hooks.call(v, state, assigned);
  }

  private walkIf(s: PyNode, scope: Scope, state: WalkState<F>): Flow {
    // if cond: body (elif cond: body)* (else: body)?
    const parts = children(s);
    const branches: Array<{ cond?: PyNode; body: PyNode }> = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const t = p.name;
      if (t === 'if' || t === 'elif') {
        const cond = parts[i + 1];
        const body = parts[i + 2];
        if (cond && body?.name === 'Body') branches.push({ cond, body });
        i += 2;
      } else if (t === 'else') {
        const body = parts[i + 1];
        if (body?.name === 'Body') branches.push({ body });
        i += 1;
      }
    }
    let uncertain = false;
    const flows: Flow[] = [];
    for (const b of branches) {
      const decided = b.cond ? this.hooks.decide?.(b.cond, scope) : true;
      if (decided === false) continue;
      const st = uncertain || decided === undefined ? { ...state, conditional: true } : state;
      flows.push(this.walkBody(statements(b.body), scope, st));
      if (decided === true && !uncertain) return flows[flows.length - 1]!;
      uncertain = true;
    }
    return flows.some((f) => f !== 'next') ? 'maybeReturn' : 'next';
  }

  private walkFor(s: PyNode, scope: Scope, state: WalkState<F>): Flow {
    const parts = children(s);
    const inAt = parts.findIndex((p) => p.name === 'in');
    const targets = parts.slice(parts[0]?.name === 'for' ? 1 : 0, inAt).filter((p) => p.name === 'VariableName' || p.name === 'TupleExpression');
    const iterNode = parts[inAt + 1];
    const body = parts.find((p) => p.name === 'Body');
    if (inAt < 0 || !iterNode || !body) {
      this.hooks.opaque(s, 'a for loop migralint cannot read', state);
      return 'next';
    }
    const iter = this.ev.evaluate(iterNode, scope);
    const items = iter.kind === 'seq' ? iter.items : iter.kind === 'dict' ? iter.entries.map(([k]) => k) : undefined;
    const names = targets.flatMap((t) => (t.name === 'VariableName' ? [t] : children(t).filter((c) => c.name === 'VariableName')));
    if (!items || items.length > MAX_UNROLL || !names.length) {
      this.hooks.opaque(s, `a for loop over \`${this.ev.short(iterNode)}\`, which migralint cannot list`, state);
      return 'next';
    }
    for (const item of items) {
      if (names.length === 1) scope.vars.set(this.ev.text(names[0]!), item);
      else
        names.forEach((n, i) =>
          scope.vars.set(this.ev.text(n), item.kind === 'seq' && item.items[i] ? item.items[i]! : { kind: 'dynamic', node: n, reason: 'an unpacked loop variable' }),
        );
      const flow = this.walkBody(statements(body), scope, state);
      if (flow !== 'next') return 'maybeReturn';
    }
    return 'next';
  }

  private walkWith(s: PyNode, scope: Scope, state: WalkState<F>): Flow {
    const parts = children(s).filter((p) => p.name !== 'with' && p.name !== 'async');
    const body = parts.find((p) => p.name === 'Body');
    if (!body) return 'next';
    const frames: F[] = [];
    for (let i = 0; i < parts.length && parts[i] !== body; i++) {
      const item = parts[i]!;
      let alias: string | undefined;
      if (parts[i + 1] && this.ev.text(parts[i + 1]!) === 'as' && parts[i + 2]) {
        alias = this.ev.text(parts[i + 2]!);
        i += 2;
      }
      const value = this.ev.evaluate(item, scope);
      const frame = this.hooks.enter(value, alias, item, { ...state, frames: [...state.frames, ...frames] });
      if (frame !== undefined) frames.push(frame);
      if (alias) scope.vars.set(alias, value);
    }
    const flow = this.walkBody(statements(body), scope, { ...state, frames: [...state.frames, ...frames] });
    for (let i = frames.length - 1; i >= 0; i--) this.hooks.leave?.(frames[i]!, { ...state, frames: [...state.frames, ...frames.slice(0, i)] });
    return flow;
  }

  private walkTry(s: PyNode, scope: Scope, state: WalkState<F>): Flow {
    const parts = children(s);
    let mode: 'try' | 'except' | 'else' | 'finally' = 'try';
    let flow: Flow = 'next';
    for (const p of parts) {
      if (p.name === 'except') mode = 'except';
      else if (p.name === 'else') mode = 'else';
      else if (p.name === 'finally') mode = 'finally';
      else if (p.name === 'Body') {
        // Only `try` and `finally` surely run; an exception may cut `try` short.
        const f = this.walkBody(statements(p), scope, mode === 'finally' ? state : { ...state, conditional: state.conditional || mode !== 'try' });
        if (f !== 'next') flow = 'maybeReturn';
      }
    }
    return flow;
  }
}

/** `name(...)` or `x.name(...)`: whether a call's callee ends with one of the names. */
export function calleeEndsWith(c: CallValue, ...names: string[]): boolean {
  const q = qualName(c.callee);
  return names.some((n) => q === n || q.endsWith(`.${n}`));
}
