import ts from 'typescript';
import type { Engine, Transactional } from '../../model/migration.js';
import type { SourceFile, Span } from '../../model/source.js';
import { columnMethod, foreignMethod, newTable, tableMethod, tableRef, type BuilderResult } from './builders.js';
import { Compiler } from './compile.js';
import { Emitter, type Emitted } from './emit.js';
import { Evaluator, truthy, unwrapExpr } from './evaluate.js';
import { applyBindings, literalAt, positionBindings, type BindingValue } from './sql-text.js';
import { code, isKnexValue, Scope, str, UNKNOWN, type FunctionNode, type Origin, type QueryModel, type RawModel, type TableModel, type Value } from './values.js';

const MAX_DEPTH = 8;

/** Schema builder methods that build a table with a callback (schema/builder.js, `table` is `alterTable`). */
const TABLE_METHODS: Record<string, TableModel['method']> = {
  createTable: 'create',
  createTableIfNotExists: 'createIfNot',
  createTableLike: 'createLike',
  alterTable: 'alter',
  table: 'alter',
};

/** Query builder methods that restrict the rows an UPDATE or DELETE touches. */
const WHERE = /^(where|andWhere|orWhere|whereNot|orWhereNot|andWhereNot|join|innerJoin|leftJoin|rightJoin|crossJoin|joinRaw|on|having|limit)/;
const ACTIONS: Record<string, QueryModel['action']> = {
  update: 'update',
  del: 'delete',
  delete: 'delete',
  insert: 'insert',
  upsert: 'insert',
  increment: 'update',
  decrement: 'update',
  truncate: 'truncate',
};
/** Array and promise-library methods that call back once per element: a loop. */
const ITERATORS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'each', 'mapSeries', 'mapLimit', 'eachSeries']);

export interface InterpretOptions {
  engine: Engine;
  transactional: Transactional;
  source: SourceFile;
}

/**
 * Reads one `up` or `down` function of a Knex migration without running it: statements in
 * order, `await` sequences and promise chains, builder callbacks, helper functions of the same
 * file. Branches mark what they do as conditional; loops, helpers from elsewhere and names known
 * only at run time become opaque operations with a reason.
 */
export class MigrationInterpreter extends Evaluator {
  private emitter: Emitter;
  private readonly compiler: Compiler;
  private conditionalDepth = 0;
  private anchor: ts.Node | undefined;
  private depth = 0;
  /** The table whose callback is being interpreted. */
  private table: TableModel | undefined;

  constructor(
    sf: ts.SourceFile,
    readonly opts: InterpretOptions,
  ) {
    super(sf);
    this.emitter = new Emitter(opts.engine, opts.source);
    this.compiler = new Compiler(opts.engine, (v) => this.sourceOf(v));
  }

  /** Interprets `fn` called with the knex (or trx) object as its first argument. */
  run(fn: Value): Emitted {
    this.emitter = new Emitter(this.opts.engine, this.opts.source);
    if (fn.k === 'fn') this.execFunction(fn, [{ k: 'knex', trx: true }]);
    return this.emitter.out;
  }

  // ── places ────────────────────────────────────────────────────────────────────────────────

  private span(start: number, end: number): Span {
    return this.opts.source.span(start, end);
  }

  private nodeSpan(n: ts.Node): Span {
    return this.span(n.getStart(this.sf), n.getEnd());
  }

  /** The statement being interpreted (or an arrow function's expression body). */
  origin(at?: ts.Node): Origin {
    const n = at ?? this.anchor;
    return { span: n ? this.nodeSpan(n) : this.span(0, 0), conditional: this.conditionalDepth > 0 };
  }

  /**
   * Where a builder call is reported: the whole statement when the call opens it, else from the
   * method's name to the end of the call (`.createTable('b', …)` further down a chain).
   */
  private callOrigin(c: ts.CallExpression): Origin {
    const callee = unwrapExpr(c.expression);
    const conditional = this.conditionalDepth > 0;
    if (!ts.isPropertyAccessExpression(callee)) return this.origin();
    if (!isFirstLink(callee.expression)) return { span: this.span(callee.name.getStart(this.sf), c.getEnd()), conditional };
    const head = chainHead(callee.expression).getStart(this.sf);
    const anchor = this.anchor;
    if (anchor) {
      const start = anchor.getStart(this.sf);
      const line = (o: number) => this.sf.getLineAndCharacterOfPosition(o).line;
      if (start <= head && line(start) === line(head)) return this.origin();
    }
    return { span: this.span(head, c.getEnd()), conditional };
  }

  private withAnchor<T>(n: ts.Node, f: () => T): T {
    const saved = this.anchor;
    this.anchor = n;
    try {
      return f();
    } finally {
      this.anchor = saved;
    }
  }

  private conditionally<T>(f: () => T): T {
    this.conditionalDepth++;
    try {
      return f();
    } finally {
      this.conditionalDepth--;
    }
  }

  sourceOf(v: Value): string {
    if (v.k === 'unknown' && v.node) return this.text(v.node);
    if (v.k === 'raw') return 'knex.raw(…)';
    return '…';
  }

  private opaque(reason: string, origin = this.origin()): Value {
    // Inside a table callback Knex compiles the table afterwards: keep the table's order.
    if (this.table) this.table.opaque.push({ reason, origin });
    else this.emitter.opaque(reason, origin);
    return UNKNOWN;
  }

  // ── functions and statements ──────────────────────────────────────────────────────────────

  execFunction(fn: Extract<Value, { k: 'fn' }>, args: Value[], self?: Value): Value {
    if (this.depth >= MAX_DEPTH) return this.opaque('helper functions call each other too deeply to follow');
    const node: FunctionNode = fn.node;
    const scope = new Scope(fn.scope);
    if (self) scope.set('this', self);
    node.parameters.forEach((p, i) => {
      const given = args[i];
      this.bindPattern(p.name, scope, () => (given && given.k !== 'undef' ? given : p.initializer ? this.evalExpr(p.initializer, scope) : { k: 'undef' }));
    });
    this.depth++;
    try {
      const body = node.body;
      if (!body) return UNKNOWN;
      if (ts.isBlock(body)) return this.execBlock(body.statements, scope)?.value ?? { k: 'undef' };
      return this.withAnchor(body, () => this.flush(this.evalExpr(body, scope)));
    } finally {
      this.depth--;
    }
  }

  private execBlock(statements: readonly ts.Statement[], parent: Scope): { value: Value } | undefined {
    const scope = new Scope(parent);
    for (const st of statements) if (ts.isFunctionDeclaration(st) && st.name) scope.set(st.name.text, { k: 'fn', node: st, scope });
    for (const st of statements) {
      const r = this.execStatement(st, scope);
      if (r) return r;
    }
    return undefined;
  }

  private execStatement(st: ts.Statement, scope: Scope): { value: Value } | undefined {
    if (ts.isExpressionStatement(st)) {
      this.withAnchor(st, () => this.flush(this.evalExpr(st.expression, scope)));
      return undefined;
    }
    if (ts.isReturnStatement(st)) {
      return this.withAnchor(st, () => ({ value: st.expression ? this.flush(this.evalExpr(st.expression, scope)) : { k: 'undef' } }));
    }
    if (ts.isVariableStatement(st)) {
      this.withAnchor(st, () => {
        for (const d of st.declarationList.declarations) this.bindDeclaration(d, scope, false);
      });
      return undefined;
    }
    if (ts.isIfStatement(st)) {
      const cond = this.withAnchor(st.expression, () => truthy(this.evalExpr(st.expression, scope)));
      if (cond === true) return this.execStatement(st.thenStatement, scope);
      if (cond === false) return st.elseStatement ? this.execStatement(st.elseStatement, scope) : undefined;
      this.conditionally(() => {
        this.execStatement(st.thenStatement, scope);
        if (st.elseStatement) this.execStatement(st.elseStatement, scope);
      });
      return undefined;
    }
    if (ts.isBlock(st)) return this.execBlock(st.statements, scope);
    if (ts.isForStatement(st) || ts.isForOfStatement(st) || ts.isForInStatement(st) || ts.isWhileStatement(st) || ts.isDoStatement(st)) {
      if (this.touchesKnex(st, scope)) {
        const end = ts.isDoStatement(st) ? st.getEnd() : st.statement.getStart(this.sf);
        this.opaque('a loop runs Knex calls a number of times known only at run time; migralint does not unroll it', {
          span: this.span(st.getStart(this.sf), end),
          conditional: this.conditionalDepth > 0,
        });
      }
      return undefined;
    }
    if (ts.isTryStatement(st)) {
      const r = this.execBlock(st.tryBlock.statements, scope);
      if (st.catchClause) {
        const cs = new Scope(scope);
        if (st.catchClause.variableDeclaration) this.bindPattern(st.catchClause.variableDeclaration.name, cs, () => UNKNOWN);
        this.conditionally(() => this.execBlock(st.catchClause!.block.statements, cs));
      }
      if (st.finallyBlock) this.execBlock(st.finallyBlock.statements, scope);
      return r;
    }
    if (ts.isSwitchStatement(st)) {
      this.withAnchor(st.expression, () => this.evalExpr(st.expression, scope));
      this.conditionally(() => {
        for (const clause of st.caseBlock.clauses) this.execBlock(clause.statements, scope);
      });
      return undefined;
    }
    if (ts.isLabeledStatement(st)) return this.execStatement(st.statement, scope);
    return undefined;
  }

  /** Whether code uses a Knex object (directly or through a helper of this file). */
  private touchesKnex(node: ts.Node, scope: Scope, seen = new Set<ts.Node>()): boolean {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
        const v = scope.get(n.text);
        if (isKnexValue(v)) found = true;
        else if (v?.k === 'fn' && !seen.has(v.node)) {
          seen.add(v.node);
          if (v.node.body && this.touchesKnex(v.node.body, v.scope, seen)) found = true;
        }
      } else if (n.kind === ts.SyntaxKind.ThisKeyword && isKnexValue(scope.get('this'))) found = true;
      if (!found) ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  }

  // ── expressions ───────────────────────────────────────────────────────────────────────────

  protected override branch(e: ts.Expression, scope: Scope): Value {
    return this.conditionally(() => this.flush(this.evalExpr(e, scope)));
  }

  protected override await(a: ts.AwaitExpression, scope: Scope): Value {
    const v = this.flush(this.evalExpr(a.expression, scope));
    return v.k === 'knex' ? v : UNKNOWN;
  }

  /** A value reaches a place where Knex would run it (awaited, returned, a statement): run it. */
  flush(v: Value): Value {
    if (v.k === 'query' && !v.q.done) this.runQuery(v.q);
    else if (v.k === 'raw' && !v.raw.done && !v.raw.inSchema) this.runRaw(v.raw);
    else if (v.k === 'arr') v.items.forEach((i) => this.flush(i));
    return v;
  }

  private runQuery(q: QueryModel): void {
    q.done = true;
    if (!q.action) return;
    const origin = q.origin ?? this.origin();
    if (!q.table) {
      this.opaque(q.dynamicName ? `the query's table name ${code(q.dynamicName)} is computed at run time` : 'a Knex query without a table name', origin);
      return;
    }
    if (q.action === 'truncate') this.emitter.op({ kind: 'truncate', tables: [q.table], cascade: false }, origin);
    else this.emitter.op({ kind: 'dataChange', action: q.action, table: q.table, hasWhere: q.hasWhere }, origin);
  }

  private runRaw(raw: RawModel): void {
    raw.done = true;
    if (!raw.text) {
      this.opaque(`knex.raw() gets SQL built at run time (${raw.unknown ?? '…'}); migralint cannot read it`, raw.origin);
      return;
    }
    let text = raw.text;
    const b = raw.bindings;
    if (b && (b.k === 'arr' || b.k === 'obj' || b.k === 'str' || b.k === 'num' || b.k === 'bool')) {
      const binding = (v: Value): BindingValue => ({ name: str(v), sql: this.sqlLiteral(v), source: this.sourceOf(v) });
      if (b.k === 'obj') text = applyBindings(text, new Map([...b.props].map(([k, v]) => [k, binding(v)])), this.opts.engine, this.counter);
      else text = applyBindings(text, (b.k === 'arr' ? b.items : [b]).map(binding), this.opts.engine, this.counter);
    } else if (b && b.k !== 'undef') {
      this.opaque(`knex.raw() gets bindings computed at run time (${this.sourceOf(b)}); migralint cannot read the SQL they complete`, raw.origin);
      return;
    } else if (this.opts.engine === 'postgresql') {
      const positioned = positionBindings(text);
      text = positioned.text;
      if (positioned.replaced) {
        this.emitter.rawSql(text, raw.origin, ' (Knex sends each `?` of the SQL to PostgreSQL as a `$n` parameter: write `\\?` for a literal question mark, such as the jsonb `?` operator)');
        return;
      }
    }
    this.emitter.rawSql(text, raw.origin);
  }

  private sqlLiteral(v: Value): string | undefined {
    if (v.k === 'num') return String(v.v);
    if (v.k === 'str') return `'${v.v.replace(/'/g, "''")}'`;
    if (v.k === 'bool') return v.v ? 'true' : 'false';
    if (v.k === 'null') return 'NULL';
    return undefined;
  }

  private rawFrom(args: Value[], c: ts.CallExpression, inSchema: boolean): RawModel {
    const origin = this.callOrigin(c);
    const sql = args[0];
    const raw: RawModel = { text: undefined, origin, done: false, inSchema };
    if (sql?.k === 'str') raw.text = sql.text ?? literalAt(sql.v, c.arguments[0]!.getStart(this.sf), c.arguments[0]!.getEnd());
    else if (sql?.k === 'dynstr') raw.text = sql.text;
    else raw.unknown = c.arguments[0] ? this.text(c.arguments[0]) : 'no SQL';
    if (args[1]) raw.bindings = args[1];
    return raw;
  }

  override member(obj: Value, name: string, node: ts.Node): Value {
    switch (obj.k) {
      case 'knex':
        if (name === 'schema') return { k: 'schema' };
        if (name === 'fn') return { k: 'obj', props: new Map([['now', { k: 'method', recv: obj, name: 'fn.now' } as Value], ['uuid', { k: 'method', recv: obj, name: 'fn.uuid' }]]) };
        if (name === 'client' || name === 'migrate' || name === 'seed' || name === 'userParams') return UNKNOWN;
        return { k: 'method', recv: obj, name };
      case 'schema':
      case 'query':
      case 'raw':
      case 'table':
      case 'column':
      case 'foreign':
        return { k: 'method', recv: obj, name };
      default:
        return super.member(obj, name, node);
    }
  }

  protected override callValue(fn: Value, c: ts.CallExpression, scope: Scope): Value {
    if (fn.k === 'method' && fn.recv.k !== 'module') return this.callMethod(fn.recv, fn.name, c, scope);
    const args = this.args(c, scope);
    if (fn.k === 'fn') return this.execFunction(fn, args);
    if (fn.k === 'knex') return this.queryOn(args[0], c);
    if (fn.k === 'method') return super.callValue(fn, c, scope);
    if (args.some(isKnexValue)) {
      return this.opaque(`\`${this.text(c.expression)}()\` receives Knex but is defined elsewhere; migralint does not follow it`, this.callOrigin(c));
    }
    return UNKNOWN;
  }

  private queryOn(table: Value | undefined, c: ts.CallExpression): Value {
    const q: QueryModel = { table: undefined, hasWhere: false, done: false };
    this.setQueryTable(q, table, c);
    return { k: 'query', q };
  }

  /** `knex('users')`, `.from('users as u')`, `knex({ u: 'users' })`: the table a query works on. */
  private setQueryTable(q: QueryModel, table: Value | undefined, c: ts.CallExpression): void {
    if (!table || table.k === 'undef') return;
    const name = str(table) ?? (table.k === 'obj' && table.props.size === 1 ? str([...table.props.values()][0]) : undefined);
    if (name !== undefined) q.table = tableRef(name.split(/\s+as\s+/i)[0]!.trim(), q.schema);
    else q.dynamicName = c.arguments[0] ? this.text(c.arguments[0]) : '?';
  }

  protected override callMethod(recv: Value, name: string, c: ts.CallExpression, scope: Scope): Value {
    // Promise plumbing works the same on every receiver.
    if (name === 'then' || name === 'catch' || name === 'finally' || name === 'asCallback') {
      this.flush(recv);
      let result: Value = recv;
      c.arguments.forEach((a, i) => {
        const cb = this.evalExpr(a, scope);
        if (cb.k !== 'fn') return;
        const onError = name === 'catch' || (name === 'then' && i === 1);
        const run = () => this.withAnchor(a, () => this.flush(this.execFunction(cb, [recv.k === 'knex' ? recv : UNKNOWN])));
        result = onError ? this.conditionally(run) : run();
      });
      return result;
    }
    const callee = unwrapExpr(c.expression);
    const recvName = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : undefined;
    if (recv.k === 'obj') {
      const m = recv.props.get(name);
      if (m?.k === 'method' || m?.k === 'fn') return this.callValue(m, c, scope);
    }
    // Old Knex passed Bluebird as `up(knex, Promise)`: a parameter named Promise is still a promise library.
    if ((recv.k === 'unknown' || recv.k === 'undef') && (recvName === 'Promise' || recvName === 'Bluebird' || recvName === 'BPromise')) {
      return this.promiseStatic(name, c, scope);
    }
    switch (recv.k) {
      case 'knex':
        return this.knexMethod(name, c, scope);
      case 'schema':
        return this.schemaMethod(recv, name, c, scope);
      case 'query':
        return this.queryMethod(recv, name, c, scope);
      case 'raw':
        this.args(c, scope);
        return recv;
      case 'table': {
        const r = tableMethod(recv.tb, name, this.args(c, scope), this.origin());
        return this.builderResult(r, recv.tb);
      }
      case 'column': {
        const r = columnMethod(recv.col, recv.fk, name, this.args(c, scope), this.origin());
        return this.builderResult(r, recv.col.table);
      }
      case 'foreign': {
        if (foreignMethod(recv.fk, name, this.args(c, scope))) return recv;
        return UNKNOWN;
      }
      case 'arr':
        if (ITERATORS.has(name)) return this.iteration(c, scope);
        break;
      case 'fn':
        if (name === 'call' || name === 'apply') {
          const args = this.args(c, scope);
          return this.execFunction(recv, name === 'call' ? args.slice(1) : args[1]?.k === 'arr' ? args[1].items : [], args[0]);
        }
        break;
      case 'unknown':
        if (ITERATORS.has(name) && c.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a))) return this.iteration(c, scope);
        break;
    }
    const args = this.args(c, scope);
    if (args.some(isKnexValue)) {
      return this.opaque(`\`${this.text(c.expression)}()\` receives Knex but is defined elsewhere; migralint does not follow it`, this.callOrigin(c));
    }
    return super.callMethod(recv, name, c, scope);
  }

  private builderResult(r: BuilderResult, tb: TableModel): Value {
    if ('opaque' in r) {
      tb.opaque.push({ reason: r.opaque, origin: this.origin() });
      return UNKNOWN;
    }
    return r;
  }

  /** `arr.forEach(cb)`, `arr.map(cb)`, `Promise.map(arr, cb)`: a loop when the callback uses Knex. */
  private iteration(c: ts.CallExpression, scope: Scope): Value {
    if (this.touchesKnex(c, scope)) return this.opaque('a loop (callback per element) runs Knex calls a number of times known only at run time; migralint does not unroll it', this.callOrigin(c));
    return UNKNOWN;
  }

  private promiseStatic(name: string, c: ts.CallExpression, scope: Scope): Value {
    if (ITERATORS.has(name)) return this.iteration(c, scope);
    const args = this.args(c, scope);
    for (const a of args) this.flush(a);
    if (name === 'resolve' && args[0]) return args[0];
    return UNKNOWN;
  }

  private knexMethod(name: string, c: ts.CallExpression, scope: Scope): Value {
    switch (name) {
      case 'raw':
        return { k: 'raw', raw: this.rawFrom(this.args(c, scope), c, false) };
      case 'transaction':
        return this.transaction(c, scope);
      case 'commit':
      case 'rollback':
        this.args(c, scope);
        if (this.opts.transactional === 'no') this.emitter.op({ kind: 'transaction', action: name }, this.origin());
        return UNKNOWN;
      case 'fn.now': {
        const p = this.args(c, scope)[0];
        return { k: 'fnNow', sql: p?.k === 'num' ? `CURRENT_TIMESTAMP(${p.v})` : 'CURRENT_TIMESTAMP' };
      }
      case 'fn.uuid': {
        const e = this.opts.engine;
        return { k: 'fnNow', sql: e === 'postgresql' ? '(gen_random_uuid())' : e === 'mysql' ? '(UUID())' : '(lower(hex(randomblob(16))))' };
      }
      case 'table':
      case 'from':
      case 'into':
      case 'queryBuilder':
        return this.queryOn(this.args(c, scope)[0], c);
      case 'withSchema': {
        const s = str(this.args(c, scope)[0]);
        const q: QueryModel = { table: undefined, hasWhere: false, done: false };
        if (s) q.schema = s;
        return { k: 'query', q };
      }
      case 'destroy':
      case 'ref':
      case 'initialize':
        this.args(c, scope);
        return UNKNOWN;
      default: {
        // Query-builder entry points (`knex.select(…).from(…)`, `knex.update(…)`).
        const q: QueryModel = { table: undefined, hasWhere: false, done: false };
        return this.queryMethod({ k: 'query', q }, name, c, scope);
      }
    }
  }

  /** `knex.transaction(async (trx) => …)` or `const trx = await knex.transaction()`. */
  private transaction(c: ts.CallExpression, scope: Scope): Value {
    const args = this.args(c, scope);
    const cb = args[0];
    // Inside the migration's own transaction a nested one is a savepoint: the state does not change.
    const explicit = this.opts.transactional === 'no';
    if (explicit) this.emitter.op({ kind: 'transaction', action: 'begin' }, this.callOrigin(c));
    const trx: Value = { k: 'knex', trx: true };
    if (cb?.k === 'fn') {
      this.withAnchor(c, () => this.execFunction(cb, [trx]));
      if (explicit) this.emitter.op({ kind: 'transaction', action: 'commit' }, { span: this.span(c.getEnd() - 1, c.getEnd()), conditional: this.conditionalDepth > 0 });
      return UNKNOWN;
    }
    return trx;
  }

  private schemaMethod(recv: Extract<Value, { k: 'schema' }>, name: string, c: ts.CallExpression, scope: Scope): Value {
    const origin = this.callOrigin(c);
    const tableMethodKind = TABLE_METHODS[name];
    if (tableMethodKind) {
      const args = this.args(c, scope);
      const nameValue = args[0];
      const tableName = str(nameValue);
      const tb = newTable(tableMethodKind, tableName !== undefined ? tableRef(tableName, recv.schema) : undefined, origin);
      if (tableName === undefined) tb.dynamicName = c.arguments[0] ? this.text(c.arguments[0]) : '?';
      let cb = args[1];
      if (tableMethodKind === 'createLike') {
        const like = str(args[1]);
        if (like !== undefined) tb.like = tableRef(like, recv.schema);
        cb = args[2];
      }
      if (cb?.k === 'fn') {
        const value: Value = { k: 'table', tb };
        const outer = this.table;
        this.table = tb;
        try {
          this.execFunction(cb, [value], value);
        } finally {
          this.table = outer;
        }
      } else if (cb && cb.k !== 'undef') {
        tb.opaque.push({ reason: `the ${name}() callback \`${c.arguments[1] ? this.text(c.arguments[1]) : '?'}\` is defined elsewhere; migralint does not follow it`, origin });
      }
      this.emitter.items(this.compiler.compileTable(tb));
      return recv;
    }
    const args = this.args(c, scope);
    const n0 = str(args[0]);
    const table = (v: string) => this.compiler.table(tableRef(v, recv.schema));
    const emit = (sql: string) => this.emitter.items([{ origin, sql }]);
    const dynamic = () => this.opaque(`knex.schema.${name}() gets a name computed at run time (${c.arguments[0] ? this.text(c.arguments[0]) : '?'})`, origin);
    switch (name) {
      case 'withSchema':
        return { k: 'schema', ...(n0 !== undefined && { schema: n0 }) };
      case 'raw': {
        const raw = this.rawFrom(args, c, true);
        this.runRaw(raw);
        return recv;
      }
      case 'dropTable':
      case 'dropTableIfExists':
        if (n0 === undefined) return dynamic(), recv;
        emit(`drop table ${name === 'dropTableIfExists' ? 'if exists ' : ''}${table(n0)}`);
        return recv;
      case 'renameTable': {
        const to = str(args[1]);
        if (n0 === undefined || to === undefined) return dynamic(), recv;
        if (this.opts.engine === 'mysql') emit(`rename table ${table(n0)} to ${this.compiler.q(to)}`);
        else emit(`alter table ${table(n0)} rename to ${this.compiler.q(to)}`);
        return recv;
      }
      case 'hasTable':
      case 'hasColumn':
        return UNKNOWN;
      case 'createSchema':
      case 'createSchemaIfNotExists':
      case 'dropSchema':
      case 'dropSchemaIfExists':
      case 'createExtension':
      case 'createExtensionIfNotExists':
      case 'dropExtension':
      case 'dropExtensionIfExists': {
        if (n0 === undefined) return dynamic(), recv;
        if (this.opts.engine !== 'postgresql') return recv;
        const [verb, ...rest] = name.replace(/IfNotExists|IfExists/, '').split(/(?=[A-Z])/);
        const what = rest.join(' ').toLowerCase();
        const cond = name.endsWith('IfNotExists') ? ' if not exists' : name.endsWith('IfExists') ? ' if exists' : '';
        const cascade = verb === 'drop' && what === 'schema' && args[1]?.k === 'bool' && args[1].v ? ' cascade' : '';
        emit(`${verb} ${what}${cond} ${this.compiler.q(n0)}${cascade}`);
        return recv;
      }
      case 'refreshMaterializedView':
        if (n0 === undefined) return dynamic(), recv;
        emit(`refresh materialized view${args[1]?.k === 'bool' && args[1].v ? ' concurrently' : ''} ${table(n0)}`);
        return recv;
      case 'createView':
      case 'createViewOrReplace':
      case 'createMaterializedView':
      case 'alterView':
      case 'view':
      case 'dropView':
      case 'dropViewIfExists':
      case 'dropMaterializedView':
      case 'dropMaterializedViewIfExists':
      case 'renameView': {
        const statement = name.replace(/IfExists|OrReplace/, '').replace(/([A-Z])/g, ' $1').toUpperCase();
        this.emitter.op({ kind: 'other', statement }, origin);
        return recv;
      }
      default:
        return this.opaque(`knex.schema.${name}() is not a schema method migralint knows`, origin), recv;
    }
  }

  private queryMethod(recv: Extract<Value, { k: 'query' }>, name: string, c: ts.CallExpression, scope: Scope): Value {
    const q = recv.q;
    const args = this.args(c, scope);
    if (name === 'table' || name === 'from' || name === 'into') this.setQueryTable(q, args[0], c);
    else if (name === 'withSchema') {
      const s = str(args[0]);
      if (s) {
        q.schema = s;
        if (q.table) q.table = { schema: s, name: q.table.name };
      }
    } else if (WHERE.test(name)) q.hasWhere = true;
    else if (ACTIONS[name]) {
      q.action = ACTIONS[name];
      q.origin = this.origin();
    }
    return recv;
  }
}

/** The innermost receiver of a call chain: `knex` in `knex.schema.createTable(…).alterTable(…)`. */
function chainHead(e: ts.Expression): ts.Expression {
  let n = unwrapExpr(e);
  for (;;) {
    if (ts.isCallExpression(n)) n = unwrapExpr(n.expression);
    else if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = unwrapExpr(n.expression);
    else return n;
  }
}

/** True when no builder method was called before on this receiver (`knex.schema`, `knex.schema.withSchema('x')`). */
function isFirstLink(e: ts.Expression): boolean {
  let n = unwrapExpr(e);
  for (;;) {
    if (ts.isAwaitExpression(n)) n = unwrapExpr(n.expression);
    else if (ts.isCallExpression(n)) {
      const callee = unwrapExpr(n.expression);
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'withSchema') return false;
      n = unwrapExpr(callee.expression);
    } else if (ts.isPropertyAccessExpression(n)) n = unwrapExpr(n.expression);
    else return true;
  }
}

