/**
 * Django migration operations turned into what Django's schema editor sends to the database
 * (django/db/backends/base/schema.py and postgresql/schema.py, Django 5.2): AddField adds the
 * column with the effective default and drops that default again, ForeignKey columns get their
 * constraint and an index, indexes are created at the end of the migration (deferred SQL).
 * Migration code is read, never run.
 */
import type { Engine } from '../../model/migration.js';
import type { ColumnDef, ConstraintDef, DetachedOperation, TableRef } from '../../model/operation.js';
import type { Comment, Span } from '../../model/source.js';
import { arg, boolOf, calleeName, lastName, qualName, strListOf, strOf, type CallValue, type PyValue } from '../python/evaluate.js';
import type { ModuleInfo } from '../python/module.js';
import { sqlInPython } from '../python/sql.js';
import { replaceInString, type PyString } from '../python/strings.js';
import { headSpan } from '../python/tree.js';
import {
  columnChecks,
  columnName,
  dbConstraint,
  dbDefault,
  dbIndex,
  dbSignature,
  dbType,
  dbTypeText,
  effectiveDefault,
  fieldOf,
  isAutoField,
  isManyToMany,
  isNull,
  isPrimaryKey,
  isRelation,
  isUnique,
  type Field,
} from './fields.js';
import { createIndexName, truncateName, maxNameLength } from './names.js';
import { DjangoState, type ModelState } from './state.js';

export interface Finding {
  ruleId: 'syntax-error' | 'opaque-code';
  message: string;
  span: Span;
  /** Found in reverse_sql (down code). */
  down?: boolean;
}

export interface DjangoResult {
  /** What `migrate` runs, deferred SQL (indexes, foreign keys of new tables) last. */
  up: DetachedOperation[];
  /** RunSQL `reverse_sql`, in the order `migrate <app> <earlier>` runs it (last operation first). */
  down: DetachedOperation[];
  comments: Comment[];
  findings: Finding[];
}

const INDEX_METHODS: Record<string, string> = { GinIndex: 'gin', GistIndex: 'gist', BrinIndex: 'brin', HashIndex: 'hash', SpGistIndex: 'spgist', BloomIndex: 'bloom', BTreeIndex: 'btree' };
const EXTENSIONS = new Set(['CreateExtension', 'BloomExtension', 'BtreeGinExtension', 'BtreeGistExtension', 'CITextExtension', 'CryptoExtension', 'HStoreExtension', 'TrigramExtension', 'UnaccentExtension']);
// Operations whose database_forwards does nothing (Django 5.2): they change the state only.
const STATE_ONLY = new Set(['AlterModelOptions', 'AlterModelManagers']);

export class DjangoInterpreter {
  readonly result: DjangoResult = { up: [], down: [], comments: [], findings: [] };
  private deferred: DetachedOperation[] = [];
  private downGroups: DetachedOperation[][] = [];

  constructor(
    readonly info: ModuleInfo,
    readonly app: string,
    readonly engine: Engine,
    /** The project state before this migration; updated in place. */
    public state: DjangoState,
  ) {}

  private get ev() {
    return this.info.evaluator;
  }

  /** Operations and notes point at the first line of the operation that causes them. */
  private span(v: PyValue): Span {
    return headSpan(this.info.module, v.node);
  }

  run(operations: PyValue | undefined, at: Span): DjangoResult {
    if (operations) this.operations(operations, true);
    else this.opaqueAt(at, 'a Migration class without `operations`');
    this.result.up.push(...this.deferred);
    this.result.down = this.downGroups.reverse().flat();
    return this.result;
  }

  private operations(list: PyValue, emit: boolean): void {
    if (list.kind !== 'seq') {
      if (emit) this.opaqueAt(this.span(list), `operations built at run time (\`${this.ev.short(list.node)}\`)`);
      return;
    }
    for (const item of list.items) this.operation(item, emit);
  }

  private opaqueAt(span: Span, reason: string): void {
    this.result.up.push({ kind: 'opaque', reason, span });
    this.result.findings.push({ ruleId: 'opaque-code', message: `Not checked: ${reason}. migralint reads migrations without running them and cannot tell what this does to the schema.`, span });
  }

  private emit(ops: DetachedOperation[], emit: boolean): void {
    if (emit) this.result.up.push(...ops);
  }

  private model(name: string | undefined): ModelState | undefined {
    return name === undefined ? undefined : this.state.get(this.app, name);
  }

  /** `to=`: "app.Model", "Model" (same app) or settings.AUTH_USER_MODEL (assumed auth.User). */
  private target(f: Field): { app: string; model: string } | undefined {
    const to = f.kwargs.get('to') ?? f.args[0];
    const s = strOf(to);
    if (s !== undefined) {
      if (s === 'self') return undefined;
      const dot = s.indexOf('.');
      return dot < 0 ? { app: this.app, model: s } : { app: s.slice(0, dot), model: s.slice(dot + 1) };
    }
    if (to && /AUTH_USER_MODEL$/.test(qualName(to))) return { app: 'auth', model: 'User' };
    return undefined;
  }

  private targetTable(f: Field, self?: ModelState): { table: string; column: string; type?: string } {
    const t = this.target(f);
    const m = t ? this.state.get(t.app, t.model) : self;
    const table = m?.table ?? (t ? this.state.defaultTable(t.app, t.model) : self?.table ?? '?');
    const toField = strOf(f.kwargs.get('to_field'));
    let pk: { name: string; field: Field } | undefined;
    if (m) pk = toField ? m.fields.get(toField.toLowerCase()) : [...m.fields.values()].find((x) => isPrimaryKey(x.field));
    const column = pk ? columnName(pk.name, pk.field) : toField ?? 'id';
    // rel_db_type: an AutoField target makes the column a plain integer of the same size.
    const auto: Record<string, string> = { AutoField: 'integer', BigAutoField: 'bigint', SmallAutoField: 'smallint' };
    const type = pk ? (auto[pk.field.cls] ?? dbTypeText(this.engine, pk.field, undefined, this.ev)) : undefined;
    return { table, column, ...(type && { type }) };
  }

  private column(m: ModelState, name: string, f: Field, withDefault: boolean): ColumnDef {
    const col = columnName(name, f);
    const pk = isPrimaryKey(f);
    const type = dbType(this.engine, f, () => this.targetTable(f, m).type, this.ev);
    const def: ColumnDef = {
      name: col,
      ...(type && { type }),
      notNull: !isNull(f) || pk,
      primaryKey: pk,
      unique: isUnique(f) && !pk,
      identity: this.engine === 'postgresql' && isAutoField(f),
      checks: columnChecks(f, col),
    };
    const dbd = dbDefault(this.engine, f, this.ev);
    const eff = withDefault ? effectiveDefault(f, this.ev) : undefined;
    if (dbd) def.default = dbd;
    else if (eff) def.default = eff;
    if (f.cls === 'GeneratedField') def.generated = boolOf(f.kwargs.get('db_persist')) === false ? 'virtual' : 'stored';
    return def;
  }

  private tableRef(m: { table: string }): TableRef {
    return { name: m.table };
  }

  /** Indexes Django creates for a field (deferred): db_index, and on PostgreSQL the `_like` index for varchar/text. */
  private fieldIndexes(m: ModelState, name: string, f: Field, span: Span): DetachedOperation[] {
    const out: DetachedOperation[] = [];
    const col = columnName(name, f);
    if (dbIndex(f) && !isUnique(f)) out.push(this.index(createIndexName(this.engine, m.table, [col]), this.tableRef(m), [col], false, span));
    const like = this.likeIndex(m, name, f, span);
    if (like) out.push(like);
    return out;
  }

  /** PostgreSQL's second index for LIKE on varchar/text columns that are indexed or unique (`_create_like_index_sql`). */
  private likeIndex(m: ModelState, name: string, f: Field, span: Span): DetachedOperation | undefined {
    if (this.engine !== 'postgresql' || !(dbIndex(f) || isUnique(f)) || isPrimaryKey(f)) return undefined;
    const t = dbTypeText(this.engine, f, () => this.targetTable(f, m).type, this.ev);
    if (!t || t.includes('[') || !(t.startsWith('varchar') || t === 'text')) return undefined;
    const col = columnName(name, f);
    return this.index(createIndexName(this.engine, m.table, [col], '_like'), this.tableRef(m), [col], false, span);
  }

  private index(name: string, table: TableRef, columns: string[], unique: boolean, span: Span, extra: { concurrently?: boolean; where?: string; method?: string } = {}): DetachedOperation {
    return {
      kind: 'createIndex',
      name,
      table,
      unique,
      concurrently: extra.concurrently ?? false,
      ifNotExists: false,
      columns,
      ...(extra.where !== undefined && { where: extra.where }),
      ...(extra.method !== undefined && { method: extra.method }),
      span,
    };
  }

  private fkConstraint(m: ModelState, name: string, f: Field): ConstraintDef {
    const col = columnName(name, f);
    const t = this.targetTable(f, m);
    return {
      name: createIndexName(this.engine, m.table, [col], `_fk_${t.table}_${t.column}`),
      type: 'foreignKey',
      columns: [col],
      notValid: false,
      references: { table: { name: t.table }, columns: [t.column] },
    };
  }

  private throughTable(m: ModelState, name: string, f: Field, span: Span): DetachedOperation | undefined {
    if (f.kwargs.has('through')) return undefined;
    const t = this.target(f);
    const table = truncateName(`${m.table}_${name}`, maxNameLength(this.engine));
    const from = m.name.toLowerCase();
    const to = (t?.model ?? m.name).toLowerCase();
    const [a, b] = from === to ? [`from_${from}`, `to_${to}`] : [from, to];
    const idCol = (c: string): ColumnDef => ({ name: `${c}_id`, notNull: true, primaryKey: false, unique: false, identity: false, checks: [] });
    return {
      kind: 'createTable',
      table: { name: table },
      columns: [{ name: 'id', notNull: true, primaryKey: true, unique: false, identity: this.engine === 'postgresql', checks: [] }, idCol(a), idCol(b)],
      constraints: [{ type: 'unique', columns: [`${a}_id`, `${b}_id`], notValid: false }],
      ifNotExists: false,
      asQuery: false,
      span,
    };
  }

  private operation(v: PyValue, emit: boolean): void {
    if (v.kind !== 'call') {
      if (emit) this.opaqueAt(this.span(v), `an operation built at run time (\`${this.ev.short(v.node)}\`)`);
      return;
    }
    const path = calleeName(v);
    const cls = lastName(path);
    const span = this.span(v);
    if (!path.startsWith('django.')) {
      if (emit) this.opaqueAt(span, `${cls}, which is not one of Django's operations (its SQL is not known)`);
      return;
    }
    const c = v;
    const byName = ['CreateModel', 'DeleteModel', 'AlterModelTable', 'AlterModelTableComment', 'AlterUniqueTogether', 'AlterIndexTogether', 'AlterOrderWithRespectTo', 'AlterModelOptions', 'AlterModelManagers'];
    const modelName = strOf(arg(c, 0, byName.includes(cls) ? 'name' : 'model_name'));
    switch (cls) {
      case 'CreateModel':
        return this.createModel(c, span, emit);
      case 'DeleteModel': {
        const m = this.model(modelName);
        if (m && emit && m.managed && !m.proxy) {
          const ops: DetachedOperation[] = [];
          for (const { name, field } of m.fields.values()) {
            if (isManyToMany(field) && !field.kwargs.has('through')) ops.push({ kind: 'dropTable', tables: [{ name: truncateName(`${m.table}_${name}`, maxNameLength(this.engine)) }], ifExists: false, cascade: true, span });
          }
          ops.push({ kind: 'dropTable', tables: [this.tableRef(m)], ifExists: false, cascade: true, span });
          this.emit(ops, emit);
          this.deferred = this.deferred.filter((d) => !('table' in d && d.table?.name === m.table));
        } else if (!m && emit) this.emit([{ kind: 'dropTable', tables: [{ name: this.state.defaultTable(this.app, modelName ?? '?') }], ifExists: false, cascade: true, span }], emit);
        if (modelName) this.state.remove(this.app, modelName);
        return;
      }
      case 'RenameModel': {
        const oldName = strOf(arg(c, 0, 'old_name'));
        const newName = strOf(arg(c, 1, 'new_name'));
        const m = this.model(oldName);
        if (!oldName || !newName) return emit ? this.opaqueAt(span, 'RenameModel with names known only at run time') : undefined;
        const oldTable = m?.table ?? this.state.defaultTable(this.app, oldName);
        const explicit = m?.explicitTable ?? false;
        const newTable = explicit ? oldTable : this.state.defaultTable(this.app, newName);
        if (oldTable !== newTable && (!m || (m.managed && !m.proxy))) this.emit([{ kind: 'renameTable', table: { name: oldTable }, newName: newTable, span }], emit);
        if (m) {
          this.state.remove(this.app, oldName);
          this.state.add({ ...m, name: newName, table: newTable });
        }
        return;
      }
      case 'AlterModelTable': {
        const m = this.model(modelName);
        const table = strOf(arg(c, 1, 'table'));
        const oldTable = m?.table ?? this.state.defaultTable(this.app, modelName ?? '?');
        const newTable = table ?? this.state.defaultTable(this.app, modelName ?? '?');
        if (oldTable !== newTable && (!m || (m.managed && !m.proxy))) this.emit([{ kind: 'renameTable', table: { name: oldTable }, newName: newTable, span }], emit);
        if (m) {
          m.table = newTable;
          m.explicitTable = table !== undefined;
        }
        return;
      }
      case 'AlterModelTableComment':
        return this.emit([{ kind: 'other', statement: 'CommentStmt', table: { name: this.state.tableOf(this.app, modelName ?? '?') }, span }], emit);
      case 'AddField':
        return this.addField(c, span, emit);
      case 'RemoveField':
        return this.removeField(c, span, emit);
      case 'AlterField':
        return this.alterField(c, span, emit);
      case 'RenameField': {
        const m = this.model(modelName);
        const oldName = strOf(arg(c, 1, 'old_name'));
        const newName = strOf(arg(c, 2, 'new_name'));
        if (!oldName || !newName) return emit ? this.opaqueAt(span, 'RenameField with names known only at run time') : undefined;
        const f = m?.fields.get(oldName.toLowerCase());
        const oldCol = f ? columnName(oldName, f.field) : oldName;
        const newCol = f ? columnName(newName, f.field) : newName;
        if (oldCol !== newCol) this.emit([{ kind: 'renameColumn', table: { name: m?.table ?? this.state.defaultTable(this.app, modelName ?? '?') }, column: oldCol, newName: newCol, span }], emit);
        if (m && f) {
          const fields = [...m.fields].map(([k, x]): [string, { name: string; field: Field }] => (k === oldName.toLowerCase() ? [newName.toLowerCase(), { name: newName, field: x.field }] : [k, x]));
          m.fields = new Map(fields);
        }
        return;
      }
      case 'AlterUniqueTogether':
      case 'AlterIndexTogether':
        return this.alterTogether(c, cls === 'AlterUniqueTogether', span, emit);
      case 'AlterOrderWithRespectTo': {
        const m = this.model(modelName);
        const order = arg(c, 1, 'order_with_respect_to');
        if (!m || !emit) return;
        const has = m.fields.has('_order');
        if (strOf(order) !== undefined && !has) {
          const f: Field = { cls: 'IntegerField', path: 'django.db.models.IntegerField', kwargs: new Map([['default', { kind: 'num', node: c.node, value: 0 }]]), args: [], text: 'IntegerField(default=0)' };
          this.emit([{ kind: 'addColumn', table: this.tableRef(m), column: this.column(m, '_order', f, true), ifNotExists: false, span }, { kind: 'dropDefault', table: this.tableRef(m), column: '_order', span }], emit);
          m.fields.set('_order', { name: '_order', field: f });
        } else if (strOf(order) === undefined && has) {
          this.emit([{ kind: 'dropColumn', table: this.tableRef(m), column: '_order', ifExists: false, cascade: true, span }], emit);
          m.fields.delete('_order');
        }
        return;
      }
      case 'AddIndex':
      case 'AddIndexConcurrently':
        return this.addIndex(c, span, emit, cls === 'AddIndexConcurrently');
      case 'RemoveIndex':
      case 'RemoveIndexConcurrently': {
        const m = this.model(modelName);
        const name = strOf(arg(c, 1, 'name'));
        if (!name) return emit ? this.opaqueAt(span, `${cls} with a name known only at run time`) : undefined;
        if (!m || (m.managed && !m.proxy)) {
          this.emit([{ kind: 'dropIndex', indexes: [{ name }], table: { name: m?.table ?? this.state.defaultTable(this.app, modelName ?? '?') }, concurrently: cls === 'RemoveIndexConcurrently', ifExists: this.engine === 'postgresql', cascade: false, span }], emit);
        }
        m?.indexes.delete(name);
        return;
      }
      case 'RenameIndex':
        return this.emit([{ kind: 'other', statement: 'RenameIndex (ALTER INDEX … RENAME TO …)', table: { name: this.state.tableOf(this.app, modelName ?? '?') }, span }], emit);
      case 'AddConstraint':
      case 'AddConstraintNotValid':
        return this.addConstraint(c, span, emit, cls === 'AddConstraintNotValid');
      case 'RemoveConstraint': {
        const m = this.model(modelName);
        const name = strOf(arg(c, 1, 'name'));
        if (!name) return emit ? this.opaqueAt(span, 'RemoveConstraint with a name known only at run time') : undefined;
        const k = m?.constraints.get(name);
        const table = { name: m?.table ?? this.state.defaultTable(this.app, modelName ?? '?') };
        if (k && this.uniqueAsIndex(k)) this.emit([{ kind: 'dropIndex', indexes: [{ name }], table, concurrently: false, ifExists: this.engine === 'postgresql', cascade: false, span }], emit);
        else this.emit([{ kind: 'dropConstraint', table, name, ifExists: false, cascade: false, span }], emit);
        m?.constraints.delete(name);
        return;
      }
      case 'AlterConstraint': {
        // Django 5.2: only non-database attributes of a constraint change (database_forwards is a no-op).
        const m = this.model(modelName);
        const name = strOf(arg(c, 1, 'name'));
        const k = arg(c, 2, 'constraint');
        if (m && name && k) m.constraints.set(name, k);
        return;
      }
      case 'ValidateConstraint': {
        const name = strOf(arg(c, 1, 'name'));
        if (!name) return emit ? this.opaqueAt(span, 'ValidateConstraint with a name known only at run time') : undefined;
        return this.emit([{ kind: 'validateConstraint', table: { name: this.state.tableOf(this.app, modelName ?? '?') }, name, span }], emit);
      }
      case 'RunSQL':
        return this.runSql(c, span, emit);
      case 'RunPython': {
        const code = arg(c, 0, 'code');
        if (!code || /RunPython\.noop$/.test(qualName(code))) return;
        if (emit) this.opaqueAt(span, `RunPython(${code.kind === 'func' ? code.name : this.ev.short(code.node, 40)}) runs Python code (a data migration)`);
        return;
      }
      case 'SeparateDatabaseAndState': {
        const before = this.state;
        this.state = before.clone();
        const db = arg(c, 0, 'database_operations');
        if (db) this.operations(db, emit);
        this.state = before;
        const st = arg(c, 1, 'state_operations');
        if (st) this.operations(st, false);
        return;
      }
      case 'CreateCollation':
      case 'RemoveCollation':
        if (this.engine === 'postgresql') this.emit([{ kind: 'other', statement: cls === 'CreateCollation' ? 'CREATE COLLATION' : 'DROP COLLATION', span }], emit);
        return;
      default:
        if (EXTENSIONS.has(cls)) {
          if (this.engine === 'postgresql') this.emit([{ kind: 'other', statement: 'CreateExtensionStmt', span }], emit);
          return;
        }
        if (STATE_ONLY.has(cls)) return;
        if (emit) this.opaqueAt(span, `${cls}, an operation migralint does not interpret`);
    }
  }

  private fieldsOfCreate(c: CallValue): Array<{ name: string; field: Field }> | undefined {
    const list = arg(c, 1, 'fields');
    if (list?.kind !== 'seq') return undefined;
    const out: Array<{ name: string; field: Field }> = [];
    for (const item of list.items) {
      if (item.kind !== 'seq' || item.items.length < 2) return undefined;
      const name = strOf(item.items[0]);
      const field = fieldOf(item.items[1], this.ev);
      if (name === undefined || !field) return undefined;
      out.push({ name, field });
    }
    return out;
  }

  private createModel(c: CallValue, span: Span, emit: boolean): void {
    const name = strOf(arg(c, 0, 'name'));
    const fields = this.fieldsOfCreate(c);
    if (name === undefined || !fields) {
      if (emit) this.opaqueAt(span, 'CreateModel whose name or fields migralint cannot read');
      return;
    }
    const options = arg(c, 2, 'options');
    const opt = (k: string) => (options?.kind === 'dict' ? options.entries.find(([key]) => strOf(key) === k)?.[1] : undefined);
    const dbTable = strOf(opt('db_table'));
    const m: ModelState = {
      app: this.app,
      name,
      table: dbTable ?? this.state.defaultTable(this.app, name),
      explicitTable: dbTable !== undefined,
      fields: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
      managed: boolOf(opt('managed')) ?? true,
      proxy: boolOf(opt('proxy')) ?? false,
      uniqueTogether: together(opt('unique_together')),
      indexTogether: together(opt('index_together')),
      indexes: new Map(),
      constraints: new Map(),
    };
    for (const i of seqItems(opt('indexes'))) m.indexes.set(strOf(i.kind === 'call' ? i.kwargs.get('name') : undefined) ?? `?${m.indexes.size}`, i);
    for (const k of seqItems(opt('constraints'))) m.constraints.set(strOf(k.kind === 'call' ? k.kwargs.get('name') : undefined) ?? `?${m.constraints.size}`, k);
    this.state.add(m);
    if (!emit || !m.managed || m.proxy) return;
    const table = this.tableRef(m);
    const columns: ColumnDef[] = [];
    const constraints: ConstraintDef[] = [];
    const after: DetachedOperation[] = [];
    for (const { name: fname, field } of fields) {
      if (isManyToMany(field)) {
        const through = this.throughTable(m, fname, field, span);
        if (through) after.push(through);
        continue;
      }
      columns.push(this.column(m, fname, field, false));
      if (isRelation(field) && dbConstraint(field)) this.deferred.push({ kind: 'addConstraint', table, constraint: this.fkConstraint(m, fname, field), span });
      this.deferred.push(...this.fieldIndexes(m, fname, field, span));
    }
    for (const k of m.constraints.values()) {
      const def = this.constraintDef(m, k);
      if (def === 'index') after.push(this.constraintIndex(m, k, span));
      else if (def) constraints.push(def);
    }
    for (const cols of m.uniqueTogether) this.deferred.push({ kind: 'addConstraint', table, constraint: { name: createIndexName(this.engine, m.table, this.columns(m, cols), '_uniq'), type: 'unique', columns: this.columns(m, cols), notValid: false }, span });
    for (const cols of m.indexTogether) this.deferred.push(this.index(createIndexName(this.engine, m.table, this.columns(m, cols), '_idx'), table, this.columns(m, cols), false, span));
    for (const i of m.indexes.values()) {
      const op = this.indexOp(m, i, span, false);
      if (op) this.deferred.push(op);
    }
    this.emit([{ kind: 'createTable', table, columns, constraints, ifNotExists: false, asQuery: false, span }, ...after], emit);
  }

  private columns(m: ModelState, names: readonly string[]): string[] {
    return names.map((n) => {
      const f = m.fields.get(n.replace(/^-/, '').toLowerCase());
      return f ? columnName(f.name, f.field) : n.replace(/^-/, '');
    });
  }

  private addField(c: CallValue, span: Span, emit: boolean): void {
    const modelName = strOf(arg(c, 0, 'model_name'));
    const name = strOf(arg(c, 1, 'name'));
    const field = fieldOf(arg(c, 2, 'field'), this.ev);
    if (!modelName || !name || !field) {
      if (emit) this.opaqueAt(span, 'AddField whose model, name or field migralint cannot read');
      return;
    }
    let m = this.model(modelName);
    if (!m) {
      // A model from outside the migrations read: Django's default table name.
      m = { app: this.app, name: modelName, table: this.state.defaultTable(this.app, modelName), explicitTable: false, fields: new Map(), managed: true, proxy: false, uniqueTogether: [], indexTogether: [], indexes: new Map(), constraints: new Map() };
      this.state.add(m);
    }
    m.fields.set(name.toLowerCase(), { name, field });
    if (!emit || !m.managed || m.proxy) return;
    const table = this.tableRef(m);
    if (isManyToMany(field)) {
      const through = this.throughTable(m, name, field, span);
      if (through) this.emit([through], emit);
      return;
    }
    const column = this.column(m, name, field, true);
    // PostgreSQL: the foreign key goes inline in ADD COLUMN (sql_create_column_inline_fk), then SET CONSTRAINTS … IMMEDIATE.
    if (isRelation(field) && dbConstraint(field)) {
      const t = this.targetTable(field, m);
      column.references = { table: { name: t.table }, columns: [t.column] };
    }
    const ops: DetachedOperation[] = [{ kind: 'addColumn', table, column, ifNotExists: false, span }];
    // "Drop the default if we need to": Django keeps no database default unless db_default is set.
    if (!field.kwargs.has('db_default') && effectiveDefault(field, this.ev)) ops.push({ kind: 'dropDefault', table, column: column.name, span });
    this.emit(ops, emit);
    this.deferred.push(...this.fieldIndexes(m, name, field, span));
  }

  private removeField(c: CallValue, span: Span, emit: boolean): void {
    const modelName = strOf(arg(c, 0, 'model_name'));
    const name = strOf(arg(c, 1, 'name'));
    if (!modelName || !name) {
      if (emit) this.opaqueAt(span, 'RemoveField whose model or name migralint cannot read');
      return;
    }
    const m = this.model(modelName);
    const f = m?.fields.get(name.toLowerCase());
    const table = { name: m?.table ?? this.state.defaultTable(this.app, modelName) };
    if (m) m.fields.delete(name.toLowerCase());
    if (!emit || (m && (!m.managed || m.proxy))) return;
    if (f && isManyToMany(f.field)) {
      if (!f.field.kwargs.has('through')) this.emit([{ kind: 'dropTable', tables: [{ name: truncateName(`${table.name}_${name}`, maxNameLength(this.engine)) }], ifExists: false, cascade: true, span }], emit);
      return;
    }
    const column = f ? columnName(name, f.field) : name;
    this.emit([{ kind: 'dropColumn', table, column, ifExists: false, cascade: true, span }], emit);
    // Deferred statements that reference the removed column are dropped (BaseDatabaseSchemaEditor.remove_field).
    this.deferred = this.deferred.filter((d) => !(d.kind === 'createIndex' && d.table.name === table.name && d.columns.includes(column)));
  }

  private alterField(c: CallValue, span: Span, emit: boolean): void {
    const modelName = strOf(arg(c, 0, 'model_name'));
    const name = strOf(arg(c, 1, 'name'));
    const field = fieldOf(arg(c, 2, 'field'), this.ev);
    if (!modelName || !name || !field) {
      if (emit) this.opaqueAt(span, 'AlterField whose model, name or field migralint cannot read');
      return;
    }
    const m = this.model(modelName);
    const old = m?.fields.get(name.toLowerCase());
    if (m) m.fields.set(name.toLowerCase(), { name, field });
    if (!emit || (m && (!m.managed || m.proxy))) return;
    const table = { name: m?.table ?? this.state.defaultTable(this.app, modelName) };
    const col = columnName(name, field);
    if (!old || !m) {
      // The field's earlier definition is not in the migrations read: assume the risky case.
      const t = dbType(this.engine, field, undefined, this.ev);
      const ops: DetachedOperation[] = [];
      if (t) ops.push({ kind: 'alterColumnType', table, column: col, newType: t, span });
      if (!isNull(field)) ops.push({ kind: 'setNotNull', table, column: col, span });
      this.emit(ops, emit);
      this.result.findings.push({
        ruleId: 'opaque-code',
        message: `Checked as a change of type and nullability: the earlier definition of ${modelName}.${name} is not in the migrations migralint read.`,
        span,
      });
      return;
    }
    this.emit(this.alterOps(m, table, old, { name, field }, span), emit);
  }

  /** `_alter_field` of the schema editor, the parts that lock or rewrite. */
  private alterOps(m: ModelState, table: TableRef, old: { name: string; field: Field }, next: { name: string; field: Field }, span: Span): DetachedOperation[] {
    const ev = this.ev;
    const o = old.field;
    const n = next.field;
    if (dbSignature(o, ev) === dbSignature(n, ev) && columnName(old.name, o) === columnName(next.name, n)) return [];
    const ops: DetachedOperation[] = [];
    const oldCol = columnName(old.name, o);
    const col = columnName(next.name, n);
    const fkDropped = isRelation(o) && dbConstraint(o);
    if (fkDropped) ops.push({ kind: 'dropConstraint', table, name: this.fkConstraint(m, old.name, o).name!, ifExists: false, cascade: false, span });
    if (isUnique(o) && !isPrimaryKey(o) && !isUnique(n)) ops.push({ kind: 'dropConstraint', table, name: `${m.table}_${oldCol}_key`, ifExists: false, cascade: false, span });
    if (dbIndex(o) && !isUnique(o) && (!dbIndex(n) || isUnique(n))) ops.push({ kind: 'dropIndex', indexes: [{ name: createIndexName(this.engine, m.table, [oldCol]) }], table, concurrently: false, ifExists: this.engine === 'postgresql', cascade: false, span });
    if (oldCol !== col) ops.push({ kind: 'renameColumn', table, column: oldCol, newName: col, span });
    const oldType = dbTypeText(this.engine, o, () => this.targetTable(o, m).type, ev);
    const newType = dbTypeText(this.engine, n, () => this.targetTable(n, m).type, ev);
    if (newType && oldType !== newType) {
      const t = dbType(this.engine, n, () => this.targetTable(n, m).type, ev)!;
      ops.push({ kind: 'alterColumnType', table, column: col, newType: t, ...(this.engine === 'postgresql' && { using: `"${col}"::${newType}` }), span });
    }
    const newDbDefault = dbDefault(this.engine, n, ev);
    const oldDbDefault = dbDefault(this.engine, o, ev);
    if (newDbDefault && newDbDefault.text !== oldDbDefault?.text) ops.push({ kind: 'setDefault', table, column: col, default: newDbDefault, span });
    else if (!newDbDefault && oldDbDefault) ops.push({ kind: 'dropDefault', table, column: col, span });
    const toNotNull = isNull(o) && !isNull(n);
    const eff = effectiveDefault(n, ev);
    if (toNotNull && (eff || newDbDefault)) {
      // Four steps: a default for new writes, UPDATE existing NULLs, SET NOT NULL, drop the default.
      if (eff && !newDbDefault) ops.push({ kind: 'setDefault', table, column: col, default: eff, span });
      ops.push({ kind: 'dataChange', action: 'update', table, hasWhere: true, span });
      ops.push({ kind: 'setNotNull', table, column: col, span });
    } else if (toNotNull) ops.push({ kind: 'setNotNull', table, column: col, span });
    else if (!isNull(o) && isNull(n)) ops.push({ kind: 'dropNotNull', table, column: col, span });
    if (!isUnique(o) && isUnique(n) && !isPrimaryKey(n)) {
      ops.push({ kind: 'addConstraint', table, constraint: { name: createIndexName(this.engine, m.table, [col], '_uniq'), type: 'unique', columns: [col], notValid: false }, span });
    }
    if ((!dbIndex(o) || isUnique(o)) && dbIndex(n) && !isUnique(n)) ops.push(this.index(createIndexName(this.engine, m.table, [col]), table, [col], false, span));
    if (isRelation(n) && dbConstraint(n) && (fkDropped || !isRelation(o) || !dbConstraint(o))) {
      ops.push({ kind: 'addConstraint', table, constraint: this.fkConstraint(m, next.name, n), span });
    }
    if (toNotNull && eff && !newDbDefault) ops.push({ kind: 'dropDefault', table, column: col, span });
    // PostgreSQL's own _alter_field: the `_like` index follows the field's index and uniqueness.
    const textType = (t: string | undefined) => !!t && (t.startsWith('varchar') || t === 'text');
    const indexed = (f: Field) => dbIndex(f) || isUnique(f);
    if ((!indexed(o) && dbIndex(n)) || (!isUnique(o) && isUnique(n)) || (indexed(o) && textType(oldType) && oldType !== newType)) {
      const like = this.likeIndex(m, next.name, n, span);
      if (like) ops.push(like);
    }
    if (this.engine === 'postgresql' && isUnique(o) && !isPrimaryKey(o) && !indexed(n)) {
      ops.push({ kind: 'dropIndex', indexes: [{ name: createIndexName(this.engine, m.table, [oldCol], '_like') }], table, concurrently: false, ifExists: true, cascade: false, span });
    }
    return ops;
  }

  private alterTogether(c: CallValue, unique: boolean, span: Span, emit: boolean): void {
    const m = this.model(strOf(arg(c, 0, 'name')));
    const value = arg(c, 1, unique ? 'unique_together' : 'index_together');
    if (!m) return;
    const next = together(value);
    const prev = unique ? m.uniqueTogether : m.indexTogether;
    const key = (x: string[]) => x.join('\0');
    const removed = prev.filter((x) => !next.some((y) => key(y) === key(x)));
    const added = next.filter((x) => !prev.some((y) => key(y) === key(x)));
    if (unique) m.uniqueTogether = next;
    else m.indexTogether = next;
    if (!emit || !m.managed || m.proxy) return;
    const table = this.tableRef(m);
    const ops: DetachedOperation[] = [];
    for (const r of removed) {
      const cols = this.columns(m, r);
      ops.push(
        unique
          ? { kind: 'dropConstraint', table, name: createIndexName(this.engine, m.table, cols, '_uniq'), ifExists: false, cascade: false, span }
          : { kind: 'dropIndex', indexes: [{ name: createIndexName(this.engine, m.table, cols, '_idx') }], table, concurrently: false, ifExists: this.engine === 'postgresql', cascade: false, span },
      );
    }
    for (const a of added) {
      const cols = this.columns(m, a);
      ops.push(
        unique
          ? { kind: 'addConstraint', table, constraint: { name: createIndexName(this.engine, m.table, cols, '_uniq'), type: 'unique', columns: cols, notValid: false }, span }
          : this.index(createIndexName(this.engine, m.table, cols, '_idx'), table, cols, false, span),
      );
    }
    this.emit(ops, emit);
  }

  private indexOp(m: ModelState, i: PyValue, span: Span, concurrently: boolean): DetachedOperation | undefined {
    if (i.kind !== 'call') return undefined;
    const name = strOf(i.kwargs.get('name'));
    const fields = strListOf(i.kwargs.get('fields'));
    const columns = fields ? this.columns(m, fields) : i.args.map((a) => this.ev.short(a.node));
    const cond = i.kwargs.get('condition');
    const method = INDEX_METHODS[lastName(qualName(i.callee))];
    return this.index(name ?? '?', this.tableRef(m), columns, false, span, {
      concurrently,
      ...(cond && { where: this.ev.short(cond.node, 200) }),
      ...(method && method !== 'btree' && { method }),
    });
  }

  private addIndex(c: CallValue, span: Span, emit: boolean, concurrently: boolean): void {
    const modelName = strOf(arg(c, 0, 'model_name'));
    const index = arg(c, 1, 'index');
    const m = this.model(modelName) ?? (modelName ? this.placeholderModel(modelName) : undefined);
    if (!m || !index) {
      if (emit) this.opaqueAt(span, 'AddIndex whose model or index migralint cannot read');
      return;
    }
    m.indexes.set(strOf(index.kind === 'call' ? index.kwargs.get('name') : undefined) ?? '?', index);
    if (!emit || !m.managed || m.proxy) return;
    const op = this.indexOp(m, index, span, concurrently);
    if (op) this.emit([op], emit);
    else this.opaqueAt(span, `an index migralint cannot read (\`${this.ev.short(index.node)}\`)`);
  }

  private placeholderModel(name: string): ModelState {
    const m: ModelState = { app: this.app, name, table: this.state.defaultTable(this.app, name), explicitTable: false, fields: new Map(), managed: true, proxy: false, uniqueTogether: [], indexTogether: [], indexes: new Map(), constraints: new Map() };
    this.state.add(m);
    return m;
  }

  /** A UniqueConstraint with a condition, expressions, include or opclasses is a unique index. */
  private uniqueAsIndex(k: PyValue): boolean {
    return k.kind === 'call' && lastName(qualName(k.callee)) === 'UniqueConstraint' && (k.args.length > 0 || ['condition', 'expressions', 'include', 'opclasses'].some((x) => k.kwargs.has(x)));
  }

  private constraintIndex(m: ModelState, k: CallValue | PyValue, span: Span): DetachedOperation {
    const call = k as CallValue;
    const fields = strListOf(call.kwargs.get('fields'));
    const cond = call.kwargs.get('condition');
    return this.index(strOf(call.kwargs.get('name')) ?? '?', this.tableRef(m), fields ? this.columns(m, fields) : call.args.map((a) => this.ev.short(a.node)), true, span, cond ? { where: this.ev.short(cond.node, 200) } : {});
  }

  private constraintDef(m: ModelState, k: PyValue, notValid = false): ConstraintDef | 'index' | undefined {
    if (k.kind !== 'call') return undefined;
    const cls = lastName(qualName(k.callee));
    const name = strOf(k.kwargs.get('name'));
    if (cls === 'CheckConstraint') {
      const cond = k.kwargs.get('condition') ?? k.kwargs.get('check');
      return { type: 'check', columns: [], notValid, ...(name !== undefined && { name }), ...(cond && { expression: this.ev.short(cond.node, 200) }) };
    }
    if (cls === 'UniqueConstraint') {
      if (this.uniqueAsIndex(k)) return 'index';
      return { type: 'unique', columns: this.columns(m, strListOf(k.kwargs.get('fields')) ?? []), notValid: false, ...(name !== undefined && { name }) };
    }
    if (cls === 'ExclusionConstraint') return { type: 'exclude', columns: [], notValid: false, ...(name !== undefined && { name }), expression: this.ev.short(k.node, 200) };
    return undefined;
  }

  private addConstraint(c: CallValue, span: Span, emit: boolean, notValid: boolean): void {
    const modelName = strOf(arg(c, 0, 'model_name'));
    const k = arg(c, 1, 'constraint');
    const m = this.model(modelName) ?? (modelName ? this.placeholderModel(modelName) : undefined);
    if (!m || !k) {
      if (emit) this.opaqueAt(span, 'AddConstraint whose model or constraint migralint cannot read');
      return;
    }
    m.constraints.set(strOf(k.kind === 'call' ? k.kwargs.get('name') : undefined) ?? '?', k);
    if (!emit || !m.managed || m.proxy) return;
    const def = this.constraintDef(m, k, notValid);
    if (def === 'index') return this.emit([this.constraintIndex(m, k, span)], emit);
    if (!def) return this.opaqueAt(span, `a constraint migralint does not interpret (\`${this.ev.short(k.node)}\`)`);
    this.emit([{ kind: 'addConstraint', table: this.tableRef(m), constraint: def, span }], emit);
  }

  private runSql(c: CallValue, span: Span, emit: boolean): void {
    const sql = arg(c, 0, 'sql');
    const reverse = arg(c, 1, 'reverse_sql');
    const stateOps = c.kwargs.get('state_operations');
    if (stateOps) this.operations(stateOps, false);
    if (!emit) return;
    if (sql) this.result.up.push(...this.sqlOps(sql, span, false));
    if (reverse) this.downGroups.push(this.sqlOps(reverse, span, true));
  }

  private sqlOps(v: PyValue, span: Span, down: boolean): DetachedOperation[] {
    if (/RunSQL\.noop$/.test(qualName(v)) || (v.kind === 'str' && v.str.value === '')) return [];
    const strings: PyString[] = [];
    const items = v.kind === 'seq' ? v.items : [v];
    for (const item of items) {
      // (sql, params) pairs run with their parameters: %s placeholders are not SQL.
      const s = item.kind === 'seq' ? item.items[0] : item;
      if (s?.kind !== 'str') {
        if (down) this.result.findings.push({ ruleId: 'opaque-code', message: `Not checked: reverse_sql built at run time (\`${this.ev.short((s ?? item).node)}\`).`, span: this.span(s ?? item), down });
        else this.opaqueAt(this.span(s ?? item), `SQL built at run time (\`${this.ev.short((s ?? item).node)}\`)`);
        continue;
      }
      strings.push(item.kind === 'seq' ? paramsToPlaceholders(s.str, this.engine) : s.str);
    }
    const ops: DetachedOperation[] = [];
    for (const s of strings) {
      const parsed = sqlInPython(this.info.module.source, this.engine, s, span);
      ops.push(...parsed.operations);
      this.result.comments.push(...parsed.comments);
      for (const p of parsed.problems) this.result.findings.push({ ruleId: 'syntax-error', message: `Syntax error in SQL: ${p.message}`, span: p.span, ...(down && { down }) });
      if (s.placeholders.length) {
        this.result.findings.push({ ruleId: 'opaque-code', message: `Checked with placeholders: this SQL is built at run time, and ${s.placeholders.join(', ')} ${s.placeholders.length > 1 ? 'are' : 'is'} known only then.`, span, ...(down && { down }) });
      }
    }
    return ops;
  }
}

/** unique_together / index_together: a set of tuples, or one tuple (which Django normalises). */
function together(v: PyValue | undefined): string[][] {
  if (!v || v.kind !== 'seq') return [];
  if (v.items.every((i) => i.kind === 'str')) return [strListOf(v) ?? []];
  return v.items.map((i) => strListOf(i)).filter((x): x is string[] => !!x);
}

function seqItems(v: PyValue | undefined): PyValue[] {
  return v?.kind === 'seq' ? v.items : [];
}

/** `%s` and `%(name)s` parameters become `$n` (PostgreSQL) or `?`; `%%` is a literal percent sign. */
function paramsToPlaceholders(s: PyString, engine: Engine): PyString {
  let n = 0;
  return replaceInString(s, /%%|%\([A-Za-z_]\w*\)s|%s/g, (m) => (m[0] === '%%' ? '%' : engine === 'postgresql' ? `$${++n}` : '?'));
}
