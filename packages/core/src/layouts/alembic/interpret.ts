/**
 * Turns the body of an Alembic `upgrade()` / `downgrade()` into operations of the common model,
 * following what Alembic's operation implementations emit (alembic/operations/toimpl.py,
 * alembic/ddl/impl.py, alembic/ddl/postgresql.py). Migration code is read, never run.
 */
import type { Engine } from '../../model/migration.js';
import type { ColumnDef, ConstraintDef, DetachedOperation, ObjectRef, TableRef } from '../../model/operation.js';
import type { Comment, Span } from '../../model/source.js';
import { arg, boolOf, calleeName, lastName, qualName, strListOf, strOf, type CallValue, type PyValue, type Scope } from '../python/evaluate.js';
import type { ModuleInfo } from '../python/module.js';
import { sqlInPython, typeFromSql } from '../python/sql.js';
import { replaceInString, type PyString } from '../python/strings.js';
import { children, headSpan, type PyNode } from '../python/tree.js';
import { Walker, type WalkState } from '../python/walk.js';
import { columnType, integerKind, isSqlalchemy, serverDefault, sqlExpression, sqlTypeText } from './types.js';

type Frame = { kind: 'autocommit' } | { kind: 'batch'; table: TableRef; recreate: string; span: Span; pending: Array<{ ops: DetachedOperation[]; kind: string; recreates: boolean }> };

export interface Finding {
  ruleId: 'syntax-error' | 'opaque-code';
  message: string;
  span: Span;
}

export interface Interpreted {
  operations: DetachedOperation[];
  /** Comments inside SQL strings (`-- migralint-disable-next-line …` works there too). */
  comments: Comment[];
  findings: Finding[];
}

/** Calls that only compute values or log: nothing reaches the database. */
const PURE_PREFIXES = [
  'print', 'len', 'str', 'int', 'bool', 'float', 'list', 'dict', 'set', 'tuple', 'sorted', 'range', 'enumerate', 'zip', 'isinstance',
  'any', 'all', 'min', 'max', 'repr', 'format', 'getattr', 'hasattr', 'super',
  'logging.', 'warnings.', 'os.environ', 'os.getenv', 'os.path.', 'datetime.', 'uuid.', 'json.', 'textwrap.', 're.', 'time.',
  'alembic.op.f', 'alembic.op.get_bind', 'alembic.op.get_context', 'alembic.op.inline_literal', 'alembic.op.implementation_for',
  'alembic.context.', 'sqlalchemy.inspect().', 'sqlalchemy.inspection.inspect().',
];
/** The `op.*` directives interpreted below (`context.execute` is the same as `op.execute`). */
const OPERATIONS = new Set([
  'create_table', 'drop_table', 'rename_table', 'add_column', 'drop_column', 'alter_column', 'create_index', 'drop_index',
  'create_foreign_key', 'create_unique_constraint', 'create_primary_key', 'create_check_constraint', 'create_exclude_constraint',
  'drop_constraint', 'create_table_comment', 'drop_table_comment', 'execute', 'bulk_insert',
]);

/** Methods that send something to the database, whatever object they are called on. */
const DB_METHODS = new Set(['execute', 'exec_driver_sql', 'executemany', 'commit', 'add', 'add_all', 'delete', 'merge', 'flush', 'bulk_save_objects', 'bulk_insert_mappings', 'bulk_update_mappings', 'update']);

/** Whether a value is (or is built from) Alembic's connection: calls on it may change the database. */
function touchesDb(v: PyValue, depth = 0): boolean {
  if (depth > 8) return false;
  switch (v.kind) {
    case 'ref':
      return /^alembic\.(?:op|context)\b/.test(v.path);
    case 'attr':
      return touchesDb(v.object, depth + 1);
    case 'call':
      if (v.callee.kind === 'attr' && DB_METHODS.has(v.callee.name)) return true;
      return touchesDb(v.callee, depth + 1) || v.args.some((a) => touchesDb(a, depth + 1)) || [...v.kwargs.values()].some((a) => touchesDb(a, depth + 1));
    case 'seq':
      return v.items.some((a) => touchesDb(a, depth + 1));
    default:
      return false;
  }
}

/** Methods on the result of `connection.execute(…)`: they only fetch rows. */
const RESULT_METHODS = new Set(['fetchall', 'fetchone', 'fetchmany', 'first', 'scalar', 'scalars', 'all', 'one', 'one_or_none', 'scalar_one', 'scalar_one_or_none', 'mappings', 'keys', 'close']);
const EXECUTE = /^alembic\.(?:op|context)\.(?:get_bind\(\)|get_context\(\)\.(?:bind|connection))\.(?:execute|exec_driver_sql)$/;

export class AlembicInterpreter {
  readonly result: Interpreted = { operations: [], comments: [], findings: [] };
  private readonly walker: Walker<Frame>;

  constructor(
    readonly info: ModuleInfo,
    readonly engine: Engine,
  ) {
    this.walker = new Walker<Frame>(info.evaluator, {
      call: (c, st, assigned) => this.visitCall(c, st, assigned),
      enter: (v, _alias, node, st) => this.enter(v, node, st),
      leave: (f, st) => this.leave(f, st),
      opaque: (node, reason, st) => this.opaque(this.span(node), reason, st),
      decide: (node, scope) => this.decide(node, scope),
    });
  }

  run(def: PyNode): Interpreted {
    this.walker.walkFunction(def, this.info.scope, { conditional: false, frames: [] });
    return this.result;
  }

  /** Operations and notes point at the first line of the code that causes them. */
  private span(n: PyNode): Span {
    return headSpan(this.info.module, n);
  }

  private short(n: PyNode, max?: number): string {
    return this.info.evaluator.short(n, max);
  }

  private emit(ops: DetachedOperation[], st: WalkState<Frame>, kind = '', recreates = false): void {
    const outside = st.frames.some((f) => f.kind === 'autocommit');
    const flagged = ops.map((op) => ({ ...op, ...(st.conditional && { conditional: true }), ...(outside && { outsideTransaction: true }) }) as DetachedOperation);
    const batch = [...st.frames].reverse().find((f): f is Extract<Frame, { kind: 'batch' }> => f.kind === 'batch');
    if (batch) batch.pending.push({ ops: flagged, kind, recreates });
    else this.result.operations.push(...flagged);
  }

  private readonly opaqueSeen = new Set<string>();

  opaque(span: Span, reason: string, st: WalkState<Frame>): void {
    // Once per place: a loop that is unrolled, or a helper called twice, says it once.
    const key = `${span.start.offset}\0${reason}`;
    if (this.opaqueSeen.has(key)) return;
    this.opaqueSeen.add(key);
    this.emit([{ kind: 'opaque', reason, span }], st);
    this.result.findings.push({ ruleId: 'opaque-code', message: `Not checked: ${reason}. migralint reads migrations without running them and cannot tell what this does to the schema.`, span });
  }

  private enter(v: PyValue, node: PyNode, st: WalkState<Frame>): Frame | undefined {
    if (v.kind !== 'call') return undefined;
    const name = calleeName(v);
    if (/^alembic\.(?:op|context)\.get_context\(\)\.autocommit_block$/.test(name)) return { kind: 'autocommit' };
    if (name === 'alembic.op.batch_alter_table') {
      const table = strOf(arg(v, 0, 'table_name'));
      if (table === undefined) {
        this.opaque(this.span(node), `batch_alter_table() on a table name known only at run time (\`${this.short(node)}\`)`, st);
        return undefined;
      }
      return { kind: 'batch', table: ref(table, strOf(arg(v, 1, 'schema'))), recreate: strOf(arg(v, 2, 'recreate')) ?? 'auto', span: this.span(v.node), pending: [] };
    }
    return undefined;
  }

  /** Batch operations run when the `with` block ends; SQLite (or `recreate="always"`) copies the table. */
  private leave(f: Frame, st: WalkState<Frame>): void {
    if (f.kind !== 'batch') return;
    const recreate = f.recreate === 'always' || (f.recreate === 'auto' && this.engine === 'sqlite' && f.pending.some((p) => p.recreates));
    const out: DetachedOperation[] = [];
    if (recreate) {
      out.push({ kind: 'other', statement: 'batch_alter_table: recreate (CREATE TABLE _alembic_tmp_…, copy rows, DROP TABLE, RENAME)', table: f.table, span: f.span });
    }
    for (const p of f.pending) out.push(...p.ops);
    void st;
    this.result.operations.push(...out);
  }

  private visitCall(c: CallValue, st: WalkState<Frame>, assigned = false): void {
    // `conn.execute(…).fetchall()`: the inner call is what runs.
    if (c.callee.kind === 'attr' && c.callee.object.kind === 'call' && RESULT_METHODS.has(c.callee.name)) {
      this.visitCall(c.callee.object, st, assigned);
      return;
    }
    const name = calleeName(c);
    if (EXECUTE.test(name)) return this.execute(c, st, arg(c, 0, 'statement'));
    const batch = /^alembic\.op\.batch_alter_table\(\)\.(\w+)$/.exec(name);
    if (batch && c.callee.kind === 'attr' && c.callee.object.kind === 'call') return this.batchOp(batch[1]!, c, c.callee.object, st);
    const opName = /^alembic\.(?:op|context)\.(\w+)$/.exec(name)?.[1];
    const pure = PURE_PREFIXES.some((p) => name === p || name.startsWith(p.endsWith('.') ? p : `${p}.`));
    if (opName && (OPERATIONS.has(opName) || !pure)) return this.op(opName, c, st);
    if (pure) return;
    if (isSqlalchemy(name) && !name.includes('()')) return;
    // A value computed for later (a query, a setting, a reflected table) does nothing by itself; what
    // does is a database method (`execute`, `commit` …) or a helper handed the connection.
    if (assigned && (c.callee.kind === 'attr' ? !DB_METHODS.has(c.callee.name) : !c.args.some((a) => touchesDb(a)) && ![...c.kwargs.values()].some((a) => touchesDb(a)))) return;
    this.opaque(this.span(c.node), `the call \`${this.short(c.node)}\``, st);
  }

  private op(name: string, c: CallValue, st: WalkState<Frame>): void {
    const span = this.span(c.node);
    const schema = strOf(c.kwargs.get('schema'));
    const need = (v: PyValue | undefined, what: string): string | undefined => {
      const s = strOf(v);
      if (s === undefined) this.opaque(span, `op.${name}() with ${what} known only at run time (\`${v ? this.short(v.node) : 'missing'}\`)`, st);
      return s;
    };
    switch (name) {
      case 'create_table': {
        const t = need(arg(c, 0, 'table_name'), 'a table name');
        if (t === undefined) return;
        return this.emit(this.createTable(ref(t, schema), c.args.slice(1), c, span), st);
      }
      case 'drop_table': {
        const t = need(arg(c, 0, 'table_name'), 'a table name');
        if (t === undefined) return;
        return this.emit([{ kind: 'dropTable', tables: [ref(t, schema)], ifExists: boolOf(c.kwargs.get('if_exists')) ?? false, cascade: false, span }], st);
      }
      case 'rename_table': {
        const t = need(arg(c, 0, 'old_table_name'), 'a table name');
        const n = need(arg(c, 1, 'new_table_name'), 'a table name');
        if (t === undefined || n === undefined) return;
        return this.emit([{ kind: 'renameTable', table: ref(t, schema), newName: n, span }], st);
      }
      case 'add_column': {
        const t = need(arg(c, 0, 'table_name'), 'a table name');
        if (t === undefined) return;
        return this.addColumn(ref(t, schema), arg(c, 1, 'column'), c, span, st);
      }
      case 'drop_column': {
        const t = need(arg(c, 0, 'table_name'), 'a table name');
        const col = need(arg(c, 1, 'column_name'), 'a column name');
        if (t === undefined || col === undefined) return;
        return this.emit([{ kind: 'dropColumn', table: ref(t, schema), column: col, ifExists: boolOf(c.kwargs.get('if_exists')) ?? false, cascade: false, span }], st);
      }
      case 'alter_column': {
        const t = need(arg(c, 0, 'table_name'), 'a table name');
        const col = need(arg(c, 1, 'column_name'), 'a column name');
        if (t === undefined || col === undefined) return;
        return this.emit(this.alterColumn(ref(t, schema), col, c, span), st);
      }
      case 'create_index': {
        const t = need(arg(c, 1, 'table_name'), 'a table name');
        if (t === undefined) return;
        return this.emit([this.createIndex(strOf(arg(c, 0, 'index_name')), ref(t, schema), arg(c, 2, 'columns'), c, span)], st);
      }
      case 'drop_index': {
        const i = need(arg(c, 0, 'index_name'), 'an index name');
        if (i === undefined) return;
        const t = strOf(arg(c, 1, 'table_name'));
        return this.emit([this.dropIndex(i, t === undefined ? undefined : ref(t, schema), schema, c, span)], st);
      }
      case 'create_foreign_key': {
        const t = need(arg(c, 1, 'source_table'), 'a table name');
        if (t === undefined) return;
        const k = this.foreignKey(strOf(arg(c, 0, 'constraint_name')), arg(c, 2, 'referent_table'), arg(c, 3, 'local_cols'), arg(c, 4, 'remote_cols'), c, strOf(c.kwargs.get('referent_schema')));
        return this.emit([{ kind: 'addConstraint', table: ref(t, strOf(c.kwargs.get('source_schema'))), constraint: k, span }], st);
      }
      case 'create_unique_constraint':
      case 'create_primary_key': {
        const t = need(arg(c, 1, 'table_name'), 'a table name');
        if (t === undefined) return;
        const k: ConstraintDef = { type: name === 'create_primary_key' ? 'primaryKey' : 'unique', columns: strListOf(arg(c, 2, 'columns')) ?? [], notValid: false, ...named(strOf(arg(c, 0, 'constraint_name'))) };
        return this.emit([{ kind: 'addConstraint', table: ref(t, schema), constraint: k, span }], st);
      }
      case 'create_check_constraint': {
        const t = need(arg(c, 1, 'table_name'), 'a table name');
        if (t === undefined) return;
        return this.emit([{ kind: 'addConstraint', table: ref(t, schema), constraint: this.check(strOf(arg(c, 0, 'constraint_name')), arg(c, 2, 'condition'), c), span }], st);
      }
      case 'create_exclude_constraint': {
        const t = need(arg(c, 1, 'table_name'), 'a table name');
        if (t === undefined) return;
        const k: ConstraintDef = { type: 'exclude', columns: [], notValid: false, expression: this.short(c.node, 200), ...named(strOf(arg(c, 0, 'constraint_name'))) };
        return this.emit([{ kind: 'addConstraint', table: ref(t, schema), constraint: k, span }], st);
      }
      case 'drop_constraint': {
        // Autogenerate writes `None` for constraints that had no name.
        const k = arg(c, 0, 'constraint_name')?.kind === 'none' ? '(unnamed)' : need(arg(c, 0, 'constraint_name'), 'a constraint name');
        const t = need(arg(c, 1, 'table_name'), 'a table name');
        if (k === undefined || t === undefined) return;
        return this.emit([{ kind: 'dropConstraint', table: ref(t, schema), name: k, ifExists: boolOf(c.kwargs.get('if_exists')) ?? false, cascade: false, span }], st);
      }
      case 'create_table_comment':
      case 'drop_table_comment': {
        const t = strOf(arg(c, 0, 'table_name'));
        return this.emit([{ kind: 'other', statement: 'CommentStmt', ...(t !== undefined && { table: ref(t, schema) }), span }], st);
      }
      case 'execute':
        return this.execute(c, st, arg(c, 0, 'sqltext'));
      case 'bulk_insert': {
        const t = tableOf(arg(c, 0, 'table'));
        return this.emit([{ kind: 'dataChange', action: 'insert', ...(t && { table: t }), hasWhere: false, span }], st);
      }
      default:
        this.opaque(span, `op.${name}(), which migralint does not interpret`, st);
    }
  }

  private batchOp(name: string, c: CallValue, batchCall: CallValue, st: WalkState<Frame>): void {
    const span = this.span(c.node);
    const t = strOf(arg(batchCall, 0, 'table_name'));
    if (t === undefined) return this.opaque(span, `batch_op.${name}() on a table known only at run time`, st);
    const table = ref(t, strOf(arg(batchCall, 1, 'schema')));
    const emit = (ops: DetachedOperation[], recreates = true) => this.emit(ops, st, name, recreates);
    switch (name) {
      case 'add_column': {
        const col = arg(c, 0, 'column');
        const sd = col?.kind === 'call' ? col.kwargs.get('server_default') : undefined;
        // SQLite can add a column in place unless its default is a SQL expression (SQLiteImpl.requires_recreate_in_batch).
        const recreates = sd?.kind === 'call';
        return this.addColumn(table, col, c, span, st, recreates);
      }
      case 'drop_column': {
        const col = strOf(arg(c, 0, 'column_name'));
        if (col === undefined) return this.opaque(span, 'batch_op.drop_column() with a column known only at run time', st);
        return emit([{ kind: 'dropColumn', table, column: col, ifExists: false, cascade: false, span }]);
      }
      case 'alter_column': {
        const col = strOf(arg(c, 0, 'column_name'));
        if (col === undefined) return this.opaque(span, 'batch_op.alter_column() with a column known only at run time', st);
        return emit(this.alterColumn(table, col, c, span));
      }
      case 'create_index':
        return emit([this.createIndex(strOf(arg(c, 0, 'index_name')), table, arg(c, 1, 'columns'), c, span)], false);
      case 'drop_index': {
        const i = strOf(arg(c, 0, 'index_name'));
        if (i === undefined) return this.opaque(span, 'batch_op.drop_index() with a name known only at run time', st);
        return emit([this.dropIndex(i, table, table.schema, c, span)], false);
      }
      case 'create_foreign_key': {
        const k = this.foreignKey(strOf(arg(c, 0, 'constraint_name')), arg(c, 1, 'referent_table'), arg(c, 2, 'local_cols'), arg(c, 3, 'remote_cols'), c, strOf(c.kwargs.get('referent_schema')));
        return emit([{ kind: 'addConstraint', table, constraint: k, span }]);
      }
      case 'create_unique_constraint':
      case 'create_primary_key': {
        const k: ConstraintDef = { type: name === 'create_primary_key' ? 'primaryKey' : 'unique', columns: strListOf(arg(c, 1, 'columns')) ?? [], notValid: false, ...named(strOf(arg(c, 0, 'constraint_name'))) };
        return emit([{ kind: 'addConstraint', table, constraint: k, span }]);
      }
      case 'create_check_constraint':
        return emit([{ kind: 'addConstraint', table, constraint: this.check(strOf(arg(c, 0, 'constraint_name')), arg(c, 1, 'condition'), c), span }]);
      case 'drop_constraint': {
        const k = strOf(arg(c, 0, 'constraint_name'));
        if (k === undefined) return this.opaque(span, 'batch_op.drop_constraint() with a name known only at run time', st);
        return emit([{ kind: 'dropConstraint', table, name: k, ifExists: false, cascade: false, span }]);
      }
      case 'create_table_comment':
      case 'drop_table_comment':
        return emit([{ kind: 'other', statement: 'CommentStmt', table, span }]);
      case 'execute':
        return this.execute(c, st, arg(c, 0, 'sqltext'));
      default:
        this.opaque(span, `batch_op.${name}(), which migralint does not interpret`, st);
    }
  }

  /** `op.execute()` / `connection.execute()`: SQL text is parsed; SQLAlchemy DML becomes a data change. */
  private execute(c: CallValue, st: WalkState<Frame>, sqlArg: PyValue | undefined): void {
    const span = this.span(c.node);
    let s = sqlArg;
    if (s?.kind === 'call' && ['text', 'literal_column'].includes(lastName(qualName(s.callee))) && isSqlalchemy(qualName(s.callee))) s = s.args[0];
    if (s?.kind === 'str') {
      const parsed = sqlInPython(this.info.module.source, this.engine, bindParams(s.str, this.engine), span);
      this.emit(parsed.operations, st);
      this.result.comments.push(...parsed.comments);
      for (const p of parsed.problems) {
        // In a branch that may not run (often one for another database), SQL of another dialect is expected.
        if (st.conditional) this.result.findings.push({ ruleId: 'opaque-code', message: `Not checked: SQL in a branch that may not run does not parse as ${this.engine} (${p.message}).`, span: p.span });
        else this.result.findings.push({ ruleId: 'syntax-error', message: `Syntax error in SQL: ${p.message}`, span: p.span });
      }
      if (s.str.placeholders.length) {
        this.result.findings.push({
          ruleId: 'opaque-code',
          message: `Checked with placeholders: this SQL is built at run time, and ${s.str.placeholders.join(', ')} ${s.str.placeholders.length > 1 ? 'are' : 'is'} known only then.`,
          span,
        });
      }
      return;
    }
    const dml = sqlArg && dmlOf(sqlArg);
    if (dml === 'select') return;
    if (dml) return this.emit([{ kind: 'dataChange', action: dml.action, ...(dml.table && { table: dml.table }), hasWhere: dml.hasWhere, span }], st);
    this.opaque(span, `SQL built at run time (\`${sqlArg ? this.short(sqlArg.node) : this.short(c.node)}\`)`, st);
  }

  private column(v: PyValue | undefined): { def: ColumnDef; index?: boolean; fks: ConstraintDef[]; checks: ConstraintDef[]; enumType?: { name: string; values: string[] }; autoincrement?: boolean } | undefined {
    if (v?.kind !== 'call' || lastName(qualName(v.callee)) !== 'Column' || !isSqlalchemy(qualName(v.callee))) return undefined;
    const pos = [...v.args];
    let name = strOf(v.kwargs.get('name'));
    if (name === undefined && pos[0] && strOf(pos[0]) !== undefined) name = strOf(pos.shift());
    if (name === undefined) return undefined;
    let typeValue = v.kwargs.get('type_');
    const fks: ConstraintDef[] = [];
    const checks: ConstraintDef[] = [];
    let identity = false;
    let generated: ColumnDef['generated'];
    let defaultValue = v.kwargs.get('server_default');
    for (const p of pos) {
      const pn = p.kind === 'call' ? lastName(qualName(p.callee)) : p.kind === 'ref' ? lastName(p.path) : '';
      if (pn === 'ForeignKey' && p.kind === 'call') {
        fks.push({ type: 'foreignKey', columns: [name], notValid: boolOf(p.kwargs.get('postgresql_not_valid')) ?? false, references: refTarget(strOf(arg(p, 0, 'column'))), ...named(strOf(p.kwargs.get('name'))) });
      } else if (pn === 'Identity') identity = true;
      else if (pn === 'Computed' && p.kind === 'call') generated = boolOf(p.kwargs.get('persisted')) === false ? 'virtual' : 'stored';
      else if (pn === 'CheckConstraint' && p.kind === 'call') checks.push(this.check(strOf(p.kwargs.get('name')), arg(p, 0, 'sqltext'), p));
      else if (pn === 'DefaultClause' && p.kind === 'call') defaultValue = p.args[0];
      else if (pn === 'Sequence' || pn === 'FetchedValue') continue;
      else typeValue ??= p;
    }
    const primaryKey = boolOf(v.kwargs.get('primary_key')) ?? false;
    const nullable = boolOf(v.kwargs.get('nullable'));
    const def: ColumnDef = {
      name,
      type: columnType(this.engine, typeValue),
      notNull: nullable === undefined ? primaryKey || identity : !nullable,
      primaryKey,
      unique: boolOf(v.kwargs.get('unique')) ?? false,
      identity,
      checks: [],
    };
    if (generated) def.generated = generated;
    if (defaultValue) {
      const d = serverDefault(this.engine, defaultValue, this.short(defaultValue.node));
      if (d) def.default = d;
    }
    const out: ReturnType<AlembicInterpreter['column']> = { def, fks, checks, index: boolOf(v.kwargs.get('index')) ?? false };
    const ai = v.kwargs.get('autoincrement');
    out.autoincrement = ai === undefined ? undefined : boolOf(ai) ?? (strOf(ai) === 'auto' ? undefined : false);
    if (typeValue && this.engine === 'postgresql') {
      const en = typeValue.kind === 'call' && lastName(qualName(typeValue.callee)).toLowerCase() === 'enum' ? typeValue : undefined;
      const enumName = en && strOf(en.kwargs.get('name'));
      if (en && enumName && boolOf(en.kwargs.get('create_type')) !== false) out.enumType = { name: enumName, values: en.args.map(strOf).filter((x): x is string => x !== undefined) };
    }
    return out;
  }

  /** SQLAlchemy renders an integer primary key that autoincrements as SERIAL on PostgreSQL. */
  private serialize(col: NonNullable<ReturnType<AlembicInterpreter['column']>>, typeValue: PyValue | undefined): void {
    if (this.engine !== 'postgresql' || col.def.identity || col.autoincrement === false || col.fks.length || col.def.default) return;
    const k = integerKind(typeValue);
    if (!k) return;
    col.def.type = typeFromSql(this.engine, k === 'bigint' ? 'bigserial' : k === 'smallint' ? 'smallserial' : 'serial');
  }

  private createTable(table: TableRef, items: PyValue[], c: CallValue, span: Span): DetachedOperation[] {
    const columns: ColumnDef[] = [];
    const constraints: ConstraintDef[] = [];
    const before: DetachedOperation[] = [];
    const after: DetachedOperation[] = [];
    const parsed: Array<{ col: NonNullable<ReturnType<AlembicInterpreter['column']>>; typeValue: PyValue | undefined }> = [];
    for (const item of items) {
      const col = this.column(item);
      if (col) {
        parsed.push({ col, typeValue: item.kind === 'call' ? columnTypeValue(item) : undefined });
        continue;
      }
      if (item.kind !== 'call') continue;
      const n = lastName(qualName(item.callee));
      if (n === 'PrimaryKeyConstraint') constraints.push({ type: 'primaryKey', columns: item.args.map(strOf).filter((x): x is string => x !== undefined), notValid: false, ...named(strOf(item.kwargs.get('name'))) });
      else if (n === 'UniqueConstraint') constraints.push({ type: 'unique', columns: item.args.map(strOf).filter((x): x is string => x !== undefined), notValid: false, ...named(strOf(item.kwargs.get('name'))) });
      else if (n === 'CheckConstraint') constraints.push(this.check(strOf(item.kwargs.get('name')), arg(item, 0, 'sqltext'), item));
      else if (n === 'ForeignKeyConstraint') constraints.push(this.foreignKey(strOf(item.kwargs.get('name')), undefined, arg(item, 0, 'columns'), arg(item, 1, 'refcolumns'), item));
      else if (n === 'Index') after.push(this.createIndex(strOf(item.args[0]), table, { kind: 'seq', node: item.node, type: 'list', items: item.args.slice(1) }, item, span));
    }
    const pkCount = parsed.filter((p) => p.col.def.primaryKey).length + (constraints.find((k) => k.type === 'primaryKey')?.columns.length ?? 0);
    for (const { col, typeValue } of parsed) {
      if (col.def.primaryKey && pkCount === 1) this.serialize(col, typeValue);
      if (col.index) {
        after.push({ kind: 'createIndex', name: `ix_${table.name}_${col.def.name}`, table, unique: col.def.unique, concurrently: false, ifNotExists: false, columns: [col.def.name], span });
        col.def.unique = false;
      }
      if (col.fks[0]?.references) col.def.references = col.fks[0].references;
      constraints.push(...col.fks.slice(1), ...col.checks);
      if (col.enumType) before.push({ kind: 'createType', name: { name: col.enumType.name }, variant: 'enum', values: col.enumType.values, span });
      columns.push(col.def);
    }
    const create: DetachedOperation = { kind: 'createTable', table, columns, constraints, ifNotExists: boolOf(c.kwargs.get('if_not_exists')) ?? false, asQuery: false, span };
    return [...before, create, ...after];
  }

  /** op.add_column: ADD COLUMN, then each foreign key, unique and check constraint and the index as statements of their own (toimpl.add_column). */
  private addColumn(table: TableRef, v: PyValue | undefined, c: CallValue, span: Span, st: WalkState<Frame>, recreates = false): void {
    const col = this.column(v);
    if (!col) return this.opaque(span, `add_column() with a column migralint cannot read (\`${v ? this.short(v.node) : 'missing'}\`)`, st);
    if (col.def.primaryKey) this.serialize(col, v?.kind === 'call' ? columnTypeValue(v) : undefined);
    const inline = boolOf(c.kwargs.get('inline_references')) === true && col.fks.length === 1;
    if (inline) col.def.references = col.fks[0]!.references;
    const unique = col.def.unique && !col.index;
    col.def.unique = false;
    const ops: DetachedOperation[] = [{ kind: 'addColumn', table, column: col.def, ifNotExists: boolOf(c.kwargs.get('if_not_exists')) ?? false, span }];
    for (const fk of inline ? [] : col.fks) ops.push({ kind: 'addConstraint', table, constraint: fk, span });
    if (unique) ops.push({ kind: 'addConstraint', table, constraint: { type: 'unique', columns: [col.def.name], notValid: false }, span });
    for (const k of col.checks) ops.push({ kind: 'addConstraint', table, constraint: k, span });
    if (col.index) ops.push({ kind: 'createIndex', name: `ix_${table.name}_${col.def.name}`, table, unique: (boolOf(v?.kind === 'call' ? v.kwargs.get('unique') : undefined) ?? false), concurrently: false, ifNotExists: false, columns: [col.def.name], span });
    this.emit(ops, st, 'add_column', recreates);
  }

  /** op.alter_column, in the order Alembic's PostgreSQL implementation emits: type, nullability, default, comment, name. */
  private alterColumn(table: TableRef, column: string, c: CallValue, span: Span): DetachedOperation[] {
    const ops: DetachedOperation[] = [];
    const typeValue = c.kwargs.get('type_');
    const typeOps: DetachedOperation[] = [];
    if (typeValue) {
      const t = columnType(this.engine, typeValue);
      const using = strOf(c.kwargs.get('postgresql_using'));
      typeOps.push({
        kind: 'alterColumnType',
        table,
        column,
        newType: t ?? { name: this.short(typeValue.node), args: [], array: false, text: this.short(typeValue.node) },
        ...(using !== undefined && { using }),
        span,
      });
    }
    if (this.engine === 'postgresql') ops.push(...typeOps);
    const nullable = boolOf(c.kwargs.get('nullable'));
    if (c.kwargs.has('nullable') && nullable !== undefined) ops.push({ kind: nullable ? 'dropNotNull' : 'setNotNull', table, column, span });
    if (c.kwargs.has('server_default')) {
      const sd = c.kwargs.get('server_default')!;
      if (!(sd.kind === 'bool' && sd.value === false)) {
        const d = serverDefault(this.engine, sd, this.short(sd.node));
        ops.push(d ? { kind: 'setDefault', table, column, default: d, span } : { kind: 'dropDefault', table, column, span });
      }
    }
    if (this.engine !== 'postgresql') ops.push(...typeOps);
    if (c.kwargs.has('comment')) ops.push({ kind: 'other', statement: 'CommentStmt', table, span });
    const newName = strOf(c.kwargs.get('new_column_name'));
    if (newName !== undefined) ops.push({ kind: 'renameColumn', table, column, newName, span });
    return ops;
  }

  private createIndex(name: string | undefined, table: TableRef, cols: PyValue | undefined, c: CallValue, span: Span): DetachedOperation {
    const items = cols?.kind === 'seq' ? cols.items : cols ? [cols] : [];
    const columns = items.map((i) => strOf(i) ?? sqlExpression(i)?.replace(/^'(.*)'$/, '$1') ?? this.short(i.node));
    const where = c.kwargs.get('postgresql_where') ?? c.kwargs.get('sqlite_where');
    const whereText = where ? (where.kind === 'str' ? strOf(where) : where.kind === 'call' && lastName(qualName(where.callee)) === 'text' ? strOf(where.args[0]) : undefined) ?? this.short(where.node) : undefined;
    const method = strOf(c.kwargs.get('postgresql_using'));
    return {
      kind: 'createIndex',
      ...(name !== undefined && { name }),
      table,
      unique: boolOf(c.kwargs.get('unique')) ?? false,
      concurrently: this.engine === 'postgresql' && (boolOf(c.kwargs.get('postgresql_concurrently')) ?? false),
      ifNotExists: boolOf(c.kwargs.get('if_not_exists')) ?? false,
      columns,
      ...(whereText !== undefined && { where: whereText }),
      ...(method !== undefined && { method }),
      span,
    };
  }

  private dropIndex(name: string, table: TableRef | undefined, schema: string | undefined, c: CallValue, span: Span): DetachedOperation {
    return {
      kind: 'dropIndex',
      indexes: [schema ? { schema, name } : { name }],
      ...(table && { table }),
      concurrently: this.engine === 'postgresql' && (boolOf(c.kwargs.get('postgresql_concurrently')) ?? false),
      ifExists: boolOf(c.kwargs.get('if_exists')) ?? false,
      cascade: false,
      span,
    };
  }

  private foreignKey(name: string | undefined, referent: PyValue | undefined, local: PyValue | undefined, remote: PyValue | undefined, c: CallValue, referentSchema?: string): ConstraintDef {
    const remoteCols = strListOf(remote) ?? [];
    let refTable: ObjectRef | undefined;
    let refCols = remoteCols;
    const rt = strOf(referent);
    if (rt !== undefined) refTable = ref(rt, referentSchema);
    else if (remoteCols.length) {
      // ForeignKeyConstraint(["user_id"], ["users.id"])
      const target = refTarget(remoteCols[0]);
      refTable = target?.table;
      refCols = remoteCols.map((r) => r.slice(r.lastIndexOf('.') + 1));
    }
    return {
      type: 'foreignKey',
      columns: strListOf(local) ?? [],
      notValid: boolOf(c.kwargs.get('postgresql_not_valid')) ?? false,
      ...(refTable && { references: { table: refTable, columns: refCols } }),
      ...named(name),
    };
  }

  private check(name: string | undefined, condition: PyValue | undefined, c: CallValue): ConstraintDef {
    const expr = condition ? (strOf(condition) ?? (condition.kind === 'call' && lastName(qualName(condition.callee)) === 'text' ? strOf(condition.args[0]) : undefined) ?? this.short(condition.node, 200)) : '';
    const m = /^\s*\(?\s*"?([A-Za-z_][\w$]*)"?\s+IS\s+NOT\s+NULL\s*\)?\s*$/i.exec(expr);
    return {
      type: 'check',
      columns: [],
      notValid: boolOf(c.kwargs.get('postgresql_not_valid')) ?? false,
      expression: expr,
      ...(m && { checksNotNullOf: m[1]! }),
      ...named(name),
    };
  }

  /** Decides `op.get_bind().dialect.name == "postgresql"` and friends against the engine being linted. */
  private decide(node: PyNode, scope: Scope): boolean | undefined {
    const ev = this.info.evaluator;
    const parts = children(node);
    if (node.name === 'ParenthesizedExpression' && parts[0]) return this.decide(parts[0], scope);
    if (node.name === 'UnaryExpression' && parts.length === 2 && ev.text(parts[0]!) === 'not') {
      // lezer-python reads `not a or b` as `not (a or b)`: only negate simple operands.
      if (parts[1]!.name === 'BinaryExpression' && children(parts[1]!).some((p) => p.name === 'and' || p.name === 'or')) return undefined;
      const v = this.decide(parts[1]!, scope);
      return v === undefined ? undefined : !v;
    }
    if (node.name === 'CallExpression') {
      // str(bind.engine.url).startswith("mysql")
      const v = ev.evaluate(node, scope);
      if (v.kind !== 'call' || v.callee.kind !== 'attr' || v.callee.name !== 'startswith') return undefined;
      let target = v.callee.object;
      if (target.kind === 'call' && qualName(target.callee) === 'str' && target.args[0]) target = target.args[0];
      const prefixes = strListOf(v.args[0]);
      if (!prefixes || !/(?:get_bind\(\)|get_context\(\)|\.bind|connection)\.(?:engine\.)?url$/.test(qualName(target))) return undefined;
      const scheme = this.engine === 'postgresql' ? 'postgresql' : this.engine;
      return prefixes.some((p) => scheme.startsWith(p) || p.startsWith(scheme)) ? true : prefixes.every((p) => !['postgres', 'mysql', 'sqlite', 'mariadb'].some((k) => p.startsWith(k) || k.startsWith(p))) ? undefined : false;
    }
    if (node.name !== 'BinaryExpression') return undefined;
    const ops = parts.map((p) => ev.text(p));
    if (parts.length === 3 && (ops[1] === 'and' || ops[1] === 'or')) {
      const a = this.decide(parts[0]!, scope);
      const b = this.decide(parts[2]!, scope);
      if (ops[1] === 'and') return a === false || b === false ? false : a === true && b === true ? true : undefined;
      return a === true || b === true ? true : a === false && b === false ? false : undefined;
    }
    const negated = ops.includes('not') && ops.includes('in');
    const op = ops.includes('in') ? 'in' : parts.length === 3 ? ops[1] : undefined;
    if (!op || !['==', '!=', 'in'].includes(op)) return undefined;
    const left = parts[0]!;
    const right = parts[parts.length - 1]!;
    const dialectOf = (n: PyNode) => /(?:get_bind\(\)|get_context\(\)|\.bind|connection|\.engine)\.(?:engine\.)?(?:dialect\.)?name$/.test(qualName(ev.evaluate(n, scope)));
    const side = dialectOf(left) ? right : dialectOf(right) ? left : undefined;
    if (!side) return undefined;
    const names = strListOf(ev.evaluate(side, scope));
    if (!names) return undefined;
    const current = this.engine === 'mysql' ? ['mysql', 'mariadb'] : [this.engine];
    const hit = names.some((n) => current.includes(n));
    if (op === '==') return names.length === 1 ? hit : undefined;
    if (op === '!=') return names.length === 1 ? !hit : undefined;
    return negated ? !hit : hit;
  }
}

function ref(name: string, schema: string | undefined): TableRef {
  return schema ? { schema, name } : { name };
}

function named(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

/** `"users.id"` / `"auth.users.id"` as the table and column a ForeignKey points at. */
function refTarget(target: string | undefined): { table: ObjectRef; columns: string[] } | undefined {
  if (!target) return undefined;
  const parts = target.split('.');
  if (parts.length < 2) return { table: { name: target }, columns: [] };
  const column = parts.pop()!;
  const name = parts.pop()!;
  return { table: parts.length ? { schema: parts.join('.'), name } : { name }, columns: [column] };
}

function columnTypeValue(v: CallValue): PyValue | undefined {
  const t = v.kwargs.get('type_');
  if (t) return t;
  const pos = strOf(v.args[0]) !== undefined ? v.args.slice(1) : v.args;
  return pos.find((p) => {
    const n = p.kind === 'call' ? lastName(qualName(p.callee)) : p.kind === 'ref' ? lastName(p.path) : '';
    return !['ForeignKey', 'Identity', 'Computed', 'CheckConstraint', 'DefaultClause', 'Sequence', 'FetchedValue'].includes(n);
  });
}

/** The table a `sa.table("t", …)` / `sa.Table("t", meta, …)` / `op.create_table("t", …)` value names. */
export function tableOf(v: PyValue | undefined): TableRef | undefined {
  if (v?.kind !== 'call') return undefined;
  const n = qualName(v.callee);
  if ((isSqlalchemy(n) && ['table', 'Table'].includes(lastName(n))) || n === 'alembic.op.create_table') {
    const name = strOf(v.args[0]);
    const schema = strOf(v.kwargs.get('schema'));
    return name === undefined ? undefined : schema ? { schema, name } : { name };
  }
  return undefined;
}

/** `table.update().where(…).values(…)`, `sa.delete(table)`, `sa.insert(table)` as a data change. */
export function dmlOf(v: PyValue): { action: 'update' | 'delete' | 'insert'; table?: TableRef; hasWhere: boolean } | 'select' | undefined {
  let hasWhere = false;
  let cur: PyValue | undefined = v;
  while (cur?.kind === 'call' && cur.callee.kind === 'attr') {
    const m = cur.callee.name;
    if (m === 'select') return 'select';
    if (m === 'where' || m === 'filter' || m === 'filter_by') hasWhere = true;
    if (m === 'update' || m === 'delete' || m === 'insert') return { action: m, ...optTable(tableOf(cur.callee.object)), hasWhere };
    cur = cur.callee.object;
  }
  if (cur?.kind === 'call' && isSqlalchemy(qualName(cur.callee))) {
    const m = lastName(qualName(cur.callee));
    if (m === 'update' || m === 'delete' || m === 'insert') return { action: m, ...optTable(tableOf(cur.args[0])), hasWhere };
    if (m === 'select') return 'select';
  }
  return undefined;
}

function optTable(t: TableRef | undefined): { table?: TableRef } {
  return t ? { table: t } : {};
}

/**
 * `sa.text()` bind parameters (`:name`) are not SQL: they become `$n` (PostgreSQL) or `?`
 * so that the statement parses. `::type` casts and `\:` escapes stay as they are.
 */
function bindParams(s: PyString, engine: Engine): PyString {
  const re = /(?<![:\\\w]):([A-Za-z_]\w*)/g;
  if (!re.test(s.value)) return s;
  let n = 0;
  return replaceInString(s, re, () => (engine === 'postgresql' ? `$${++n}` : '?'));
}
