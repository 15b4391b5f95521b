import type { Diagnostic } from '../../model/diagnostic.js';
import type { Engine } from '../../model/migration.js';
import type { ColumnDef, ConstraintDef, DetachedOperation, ObjectRef } from '../../model/operation.js';
import type { Comment, SourceFile, Span } from '../../model/source.js';
import { layoutDiagnostic } from '../layout.js';
import { columnDef, DEFAULT_KINDS, defaultExpr, defaultSql, typeRef } from './columns.js';
import { dbType } from './datatypes.js';
import { dbmsMatches } from './filters.js';
import { child, elements, elementsNamed, headSpan, type PNode } from './node.js';
import { resolvePath } from './paths.js';
import type { Lookup } from './properties.js';
import { parseMappedSql, type SqlOptions } from './sql-change.js';
import { MappedText } from './text.js';
import { isFalse, isTrue, type Walk } from './tree.js';

/*
 * Liquibase change types as operations of the common model, with what Liquibase's SQL generators
 * really send (see README.md): createIndex is a plain CREATE INDEX, addForeignKeyConstraint
 * validates unless validate="false" (then NOT VALID on PostgreSQL), addNotNullConstraint with
 * defaultNullValue first UPDATEs the NULL rows, addColumn's unique and foreign-key constraints are
 * separate ALTER TABLE … ADD CONSTRAINT statements, modifyDataType adds USING (col::type) on
 * PostgreSQL. Code migralint cannot see into (customChange, createProcedure, executeCommand) is opaque.
 */

/** One file's share of a changeSet: the changelog itself, or a file that `sqlFile` names. */
export interface Part {
  source: SourceFile;
  operations: DetachedOperation[];
  comments: Comment[];
}

export interface ConvertContext {
  engine: Engine;
  /** Liquibase short name of the database, for `dbms` on changes. */
  database: string;
  lookup: Lookup;
  source: SourceFile;
  /** Path of the changelog holding the changeSet (for relative sqlFile paths). */
  changelog: string;
  objectQuotingStrategy?: string;
  walk: Pick<Walk, 'sqlFiles' | 'search'>;
  /** modifySql rewrites CREATE/DROP INDEX into … CONCURRENTLY. */
  concurrentIndexes: boolean;
  /** addColumn properties removed by `<removeChangeSetProperty>`. */
  removedProperties?: ReadonlySet<string>;
  /** The changeSet has preconditions: its changes may not run. */
  conditional: boolean;
  /** Where opaque-code, syntax and layout diagnostics about the changes go. */
  diagnostics: Diagnostic[];
}

/** Change types that do nothing to the schema or data. */
const NO_OPS = new Set(['tagDatabase', 'empty', 'output', 'stop', 'comment', 'setTableRemarks', 'setColumnRemarks', 'validCheckSum', 'preConditions', 'preconditions', 'modifySql', 'rollback']);
/** Change types migralint cannot see into: they run code. */
const OPAQUE: Record<string, string> = {
  customChange: 'a customChange runs Java code that migralint does not execute',
  createProcedure: 'createProcedure bodies are not analysed',
  createFunction: 'createFunction bodies are not analysed',
  createPackage: 'createPackage bodies are not analysed',
  createPackageBody: 'createPackageBody bodies are not analysed',
  createTrigger: 'createTrigger bodies are not analysed',
  executeCommand: 'executeCommand runs an operating-system command',
  dropAllForeignKeyConstraints: 'dropAllForeignKeyConstraints depends on the foreign keys the database has',
  addLookupTable: 'addLookupTable creates and fills a table from existing data',
  sqlPlus: 'sqlPlus runs a script through SQL*Plus',
};
/** Schema changes with no kind of their own in the model (statement kind as PostgreSQL names it). */
const OTHER: Record<string, string> = {
  createSequence: 'CreateSeqStmt',
  alterSequence: 'AlterSeqStmt',
  dropSequence: 'DropStmt',
  renameSequence: 'RenameStmt',
  createView: 'ViewStmt',
  dropView: 'DropStmt',
  renameView: 'RenameStmt',
  dropProcedure: 'DropStmt',
  dropFunction: 'DropStmt',
  dropTrigger: 'DropStmt',
  enableTrigger: 'AlterTableStmt',
  disableTrigger: 'AlterTableStmt',
};

export class ChangeConverter {
  readonly parts: Part[] = [];

  constructor(readonly ctx: ConvertContext) {}

  private part(source: SourceFile): Part {
    const last = this.parts[this.parts.length - 1];
    if (last && last.source === source) return last;
    const p: Part = { source, operations: [], comments: [] };
    this.parts.push(p);
    return p;
  }

  private emit(op: DetachedOperation, source = this.ctx.source): void {
    if (this.ctx.conditional) op.conditional = true;
    this.part(source).operations.push(op);
  }

  private note(ruleId: 'opaque-code' | 'layout-error' | 'syntax-error', file: string, message: string, span: Span): void {
    this.ctx.diagnostics.push(layoutDiagnostic(ruleId, file, message, span));
  }

  // ---- values -------------------------------------------------------------------------------

  mapped(n: PNode | undefined): MappedText | undefined {
    return n?.value?.expand(this.ctx.lookup);
  }

  str(n: PNode, name: string): string | undefined {
    const v = this.mapped(child(n, name))?.text.trim();
    return v === '' ? undefined : v;
  }

  /** A name as the database resolves it: Liquibase quotes mixed-case names on PostgreSQL (LEGACY quoting). */
  ident(raw: string): string {
    const name = raw.trim();
    if (this.ctx.engine !== 'postgresql') return name;
    const q = this.ctx.objectQuotingStrategy;
    if (q === 'QUOTE_ALL_OBJECTS') return name;
    const mixed = /[A-Z]/.test(name) && /[a-z]/.test(name);
    return q !== 'QUOTE_ONLY_RESERVED_WORDS' && mixed ? name : name.toLowerCase();
  }

  table(n: PNode, key = 'tableName', schemaKey = 'schemaName'): ObjectRef {
    const name = this.ident(this.str(n, key) ?? '?');
    const schema = this.str(n, schemaKey);
    return schema ? { schema: this.ident(schema), name } : { name };
  }

  list(v: string | undefined): string[] {
    return (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => this.ident(s));
  }

  defaultOf(n: PNode): string | undefined {
    for (const kind of DEFAULT_KINDS) {
      const v = this.mapped(child(n, kind))?.text;
      if (v !== undefined) return defaultSql(kind, v, this.ctx.engine);
    }
    return undefined;
  }

  /** A `<column>` with its `<constraints>`, as the model's ColumnDef plus its foreign key. */
  column(c: PNode): { def: ColumnDef; fk?: ConstraintDef; uniqueName?: string } {
    const k = elementsNamed(c, 'constraints')[0];
    const ks = (name: string) => (k ? this.str(k, name) : undefined);
    const notNull = isFalse(ks('nullable'));
    const primaryKey = isTrue(ks('primaryKey'));
    const spec = {
      name: this.ident(this.str(c, 'name') ?? '?'),
      autoIncrement: isTrue(this.str(c, 'autoIncrement')),
      notNull,
      primaryKey,
    } as Parameters<typeof columnDef>[1];
    const type = this.str(c, 'type');
    if (type) spec.type = type;
    const d = this.defaultOf(c);
    if (d !== undefined) spec.defaultSql = d;
    const def = columnDef(this.ctx.engine, spec);
    if (isTrue(ks('unique'))) def.unique = true;
    const check = ks('checkConstraint');
    if (check) def.checks.push(check);
    let fk: ConstraintDef | undefined;
    const refs = ks('references');
    const refTable = ks('referencedTableName');
    if (refs || refTable) {
      let table: ObjectRef;
      let columns: string[];
      if (refs) {
        const m = /^\s*([^(\s]+)\s*\(([^)]*)\)\s*$/.exec(refs);
        const t = (m?.[1] ?? refs).split('.');
        table = t.length > 1 ? { schema: this.ident(t[0]!), name: this.ident(t[1]!) } : { name: this.ident(t[0]!) };
        columns = this.list(m?.[2]);
      } else {
        const schema = ks('referencedTableSchemaName');
        table = schema ? { schema: this.ident(schema), name: this.ident(refTable!) } : { name: this.ident(refTable!) };
        columns = this.list(ks('referencedColumnNames'));
      }
      def.references = { table, columns };
      fk = {
        type: 'foreignKey',
        columns: [def.name],
        notValid: this.ctx.engine === 'postgresql' && isFalse(ks('validateForeignKey')),
        references: { table, columns },
      };
      const fkName = ks('foreignKeyName');
      if (fkName) fk.name = this.ident(fkName);
    }
    const uniqueName = ks('uniqueConstraintName');
    return uniqueName ? { def, ...(fk && { fk }), uniqueName } : { def, ...(fk && { fk }) };
  }

  // ---- changes ------------------------------------------------------------------------------

  /** Converts the changes of a changeSet (or a rollback block) in order. */
  changes(nodes: readonly PNode[]): void {
    for (const n of nodes) this.change(n);
  }

  change(n: PNode): void {
    const span = headSpan(n);
    if (n.prefix) {
      this.opaque(n, `<${n.prefix}:${n.name}> is an extension change type; migralint cannot see what it does`);
      return;
    }
    if (NO_OPS.has(n.name)) return;
    const dbms = this.str(n, 'dbms');
    if (dbms !== undefined && !dbmsMatches(dbms, this.ctx.database)) return;
    if (OPAQUE[n.name]) return this.opaque(n, `${OPAQUE[n.name]} (${n.name})`);
    if (OTHER[n.name]) {
      const t = this.str(n, 'viewName') ?? this.str(n, 'tableName');
      this.emit({ kind: 'other', statement: OTHER[n.name]!, span, ...(t && { table: { name: this.ident(t) } }) });
      return;
    }
    switch (n.name) {
      case 'createTable':
        return this.createTable(n, span);
      case 'dropTable':
        return this.emit({ kind: 'dropTable', tables: [this.table(n)], ifExists: false, cascade: isTrue(this.str(n, 'cascadeConstraints')), span });
      case 'renameTable':
        return this.emit({ kind: 'renameTable', table: this.table(n, 'oldTableName'), newName: this.ident(this.str(n, 'newTableName') ?? '?'), span });
      case 'addColumn':
        return this.addColumn(n, span);
      case 'dropColumn': {
        const table = this.table(n);
        const names = [this.str(n, 'columnName'), ...elementsNamed(n, 'column').map((c) => this.str(c, 'name'))].filter((x): x is string => Boolean(x));
        for (const c of names) this.emit({ kind: 'dropColumn', table, column: this.ident(c), ifExists: false, cascade: false, span });
        return;
      }
      case 'renameColumn':
        return this.emit({
          kind: 'renameColumn',
          table: this.table(n),
          column: this.ident(this.str(n, 'oldColumnName') ?? '?'),
          newName: this.ident(this.str(n, 'newColumnName') ?? '?'),
          span,
        });
      case 'modifyDataType':
        return this.modifyDataType(n, span);
      case 'addNotNullConstraint': {
        const table = this.table(n);
        const column = this.ident(this.str(n, 'columnName') ?? '?');
        const fill = this.str(n, 'defaultNullValue');
        // Liquibase first runs UPDATE t SET col = <defaultNullValue> WHERE col IS NULL: every NULL row is rewritten.
        if (fill !== undefined && fill.toLowerCase() !== 'null') this.emit({ kind: 'dataChange', action: 'update', table, hasWhere: true, span });
        return this.emit({ kind: 'setNotNull', table, column, span });
      }
      case 'dropNotNullConstraint':
        return this.emit({ kind: 'dropNotNull', table: this.table(n), column: this.ident(this.str(n, 'columnName') ?? '?'), span });
      case 'addDefaultValue': {
        const d = this.defaultOf(n);
        return this.emit({
          kind: 'setDefault',
          table: this.table(n),
          column: this.ident(this.str(n, 'columnName') ?? '?'),
          default: d === undefined ? { text: 'NULL', volatility: 'immutable', isNull: true } : defaultExpr(this.ctx.engine, d),
          span,
        });
      }
      case 'dropDefaultValue':
        return this.emit({ kind: 'dropDefault', table: this.table(n), column: this.ident(this.str(n, 'columnName') ?? '?'), span });
      case 'createIndex':
        return this.createIndex(n, span);
      case 'dropIndex': {
        const table = this.table(n);
        const name = this.ident(this.str(n, 'indexName') ?? '?');
        const schema = this.str(n, 'schemaName');
        return this.emit({
          kind: 'dropIndex',
          indexes: [schema ? { schema: this.ident(schema), name } : { name }],
          ...(this.ctx.engine === 'mysql' && { table }),
          concurrently: this.ctx.concurrentIndexes,
          ifExists: false,
          cascade: false,
          span,
        });
      }
      case 'addForeignKeyConstraint': {
        const constraint: ConstraintDef = {
          type: 'foreignKey',
          columns: this.list(this.str(n, 'baseColumnNames')),
          // validate="false" makes Liquibase write NOT VALID on PostgreSQL.
          notValid: this.ctx.engine === 'postgresql' && isFalse(this.str(n, 'validate')),
          references: { table: this.table(n, 'referencedTableName', 'referencedTableSchemaName'), columns: this.list(this.str(n, 'referencedColumnNames')) },
        };
        const name = this.str(n, 'constraintName');
        if (name) constraint.name = this.ident(name);
        return this.emit({ kind: 'addConstraint', table: this.table(n, 'baseTableName', 'baseTableSchemaName'), constraint, span });
      }
      case 'dropForeignKeyConstraint':
        return this.dropConstraint(n, this.table(n, 'baseTableName', 'baseTableSchemaName'), span);
      case 'addUniqueConstraint':
      case 'addPrimaryKey': {
        const constraint: ConstraintDef = { type: n.name === 'addPrimaryKey' ? 'primaryKey' : 'unique', columns: this.list(this.str(n, 'columnNames')), notValid: false };
        const name = this.str(n, 'constraintName');
        if (name) constraint.name = this.ident(name);
        const idx = this.str(n, 'forIndexName');
        if (idx && this.ctx.engine === 'postgresql') constraint.usingIndex = this.ident(idx);
        return this.emit({ kind: 'addConstraint', table: this.table(n), constraint, span });
      }
      case 'addCheckConstraint': {
        const expression = this.str(n, 'constraintBody') ?? this.mapped(n)?.text.trim() ?? '';
        const constraint: ConstraintDef = { type: 'check', columns: [], notValid: this.ctx.engine === 'postgresql' && isFalse(this.str(n, 'validate')), expression };
        const name = this.str(n, 'constraintName');
        if (name) constraint.name = this.ident(name);
        return this.emit({ kind: 'addConstraint', table: this.table(n), constraint, span });
      }
      case 'dropUniqueConstraint':
      case 'dropCheckConstraint':
        return this.dropConstraint(n, this.table(n), span);
      case 'dropPrimaryKey': {
        const table = this.table(n);
        const name = this.str(n, 'constraintName');
        return this.emit({ kind: 'dropConstraint', table, name: name ? this.ident(name) : `${table.name}_pkey`, ifExists: false, cascade: false, span });
      }
      case 'addAutoIncrement':
        return this.addAutoIncrement(n, span);
      case 'update':
      case 'delete': {
        const where = this.mapped(child(n, 'where'))?.text.trim();
        return this.emit({ kind: 'dataChange', action: n.name, table: this.table(n), hasWhere: Boolean(where), span });
      }
      case 'insert':
      case 'loadData':
      case 'loadUpdateData':
        return this.emit({ kind: 'dataChange', action: 'insert', table: this.table(n), hasWhere: false, span });
      case 'mergeColumns': {
        const table = this.table(n);
        const final = this.str(n, 'finalColumnName') ?? '?';
        const def = columnDef(this.ctx.engine, { name: this.ident(final), type: this.str(n, 'finalColumnType') ?? 'text' });
        this.emit({ kind: 'addColumn', table, column: def, ifNotExists: false, span });
        this.emit({ kind: 'dataChange', action: 'update', table, hasWhere: false, span });
        for (const c of [this.str(n, 'column1Name'), this.str(n, 'column2Name')]) {
          if (c) this.emit({ kind: 'dropColumn', table, column: this.ident(c), ifExists: false, cascade: false, span });
        }
        return;
      }
      case 'sql':
        return this.sql(n);
      case 'sqlFile':
        return this.sqlFile(n, span);
      default:
        this.opaque(n, `Unknown change type '${n.name}': migralint cannot see what it does`, 'unknown');
    }
  }

  private opaque(n: PNode, reason: string, kind: 'opaque' | 'unknown' = 'opaque'): void {
    const span = headSpan(n);
    this.emit({ kind: 'opaque', reason, span });
    this.note('opaque-code', this.ctx.source.path, kind === 'unknown' ? reason : `Not linted: ${reason}.`, span);
  }

  private dropConstraint(n: PNode, table: ObjectRef, span: Span): void {
    this.emit({ kind: 'dropConstraint', table, name: this.ident(this.str(n, 'constraintName') ?? '?'), ifExists: false, cascade: false, span });
  }

  private createTable(n: PNode, span: Span): void {
    const table = this.table(n);
    const columns = elementsNamed(n, 'column').map((c) => this.column(c).def);
    this.emit({ kind: 'createTable', table, columns, constraints: [], ifNotExists: isTrue(this.str(n, 'ifNotExists')), asQuery: false, span });
  }

  private addColumn(n: PNode, span: Span): void {
    const table = this.table(n);
    for (const c of elementsNamed(n, 'column')) {
      const cspan = headSpan(c);
      for (const pos of ['afterColumn', 'beforeColumn', 'position']) {
        const p = child(c, pos);
        if (!p || this.ctx.removedProperties?.has(pos)) continue;
        const ok = pos === 'afterColumn' ? this.ctx.engine === 'mysql' : false;
        if (!ok) this.note('layout-error', this.ctx.source.path, `Liquibase rejects ${pos} on ${this.ctx.database} ("${pos} is not allowed on ${this.ctx.database}"): this changeSet fails validation.`, headSpan(p));
      }
      const { def, fk, uniqueName } = this.column(c);
      // Liquibase writes UNIQUE and REFERENCES as separate ALTER TABLE … ADD CONSTRAINT statements.
      const unique = def.unique;
      def.unique = false;
      delete def.references;
      this.emit({ kind: 'addColumn', table, column: def, ifNotExists: false, span });
      if (unique) {
        const k: ConstraintDef = { type: 'unique', columns: [def.name], notValid: false };
        if (uniqueName) k.name = this.ident(uniqueName);
        this.emit({ kind: 'addConstraint', table, constraint: k, span: cspan });
      }
      if (fk) this.emit({ kind: 'addConstraint', table, constraint: fk, span: cspan });
    }
  }

  private modifyDataType(n: PNode, span: Span): void {
    const raw = this.str(n, 'newDataType') ?? '?';
    const column = this.ident(this.str(n, 'columnName') ?? '?');
    const newType = typeRef(this.ctx.engine, raw);
    const op: DetachedOperation = { kind: 'alterColumnType', table: this.table(n), column, newType, span };
    if (this.ctx.engine === 'postgresql') op.using = `${column}::${dbType('postgresql', raw).text}`;
    // MySQL: Liquibase writes MODIFY col <type>, which drops NOT NULL unless the type repeats it.
    if (this.ctx.engine === 'mysql') op.notNull = /\bnot\s+null\b/i.test(raw);
    this.emit(op);
  }

  private createIndex(n: PNode, span: Span): void {
    const table = this.table(n);
    const columns = elementsNamed(n, 'column').map((c) => {
      const name = this.str(c, 'name') ?? '?';
      return isTrue(this.str(c, 'computed')) ? name : this.ident(name);
    });
    const name = this.str(n, 'indexName');
    const method = this.str(n, 'using');
    this.emit({
      kind: 'createIndex',
      ...(name && { name: this.ident(name) }),
      table,
      unique: isTrue(this.str(n, 'unique')),
      concurrently: this.ctx.concurrentIndexes,
      ifNotExists: false,
      columns,
      ...(method && { method: method.toLowerCase() }),
      span,
    });
    if (this.ctx.engine === 'postgresql' && isTrue(this.str(n, 'clustered'))) {
      this.emit({ kind: 'maintenance', action: 'cluster', tables: [table], concurrently: false, span });
    }
  }

  private addAutoIncrement(n: PNode, span: Span): void {
    const table = this.table(n);
    const column = this.ident(this.str(n, 'columnName') ?? '?');
    if (this.ctx.engine === 'postgresql') {
      // Liquibase on PostgreSQL: CREATE SEQUENCE t_c_seq; ALTER COLUMN c SET NOT NULL; SET DEFAULT nextval('t_c_seq').
      const seq = `${table.name}_${column}_seq`;
      this.emit({ kind: 'other', statement: 'CreateSeqStmt', span });
      this.emit({ kind: 'setNotNull', table, column, span });
      this.emit({ kind: 'setDefault', table, column, default: defaultExpr('postgresql', `nextval('${seq}')`), span });
      return;
    }
    const raw = this.str(n, 'columnDataType') ?? 'int';
    this.emit({ kind: 'alterColumnType', table, column, newType: typeRef(this.ctx.engine, raw), span });
  }

  /** SQL options of a `sql` or `sqlFile` change (splitStatements defaults to true). */
  private sqlOptions(n: PNode): SqlOptions {
    const opts: SqlOptions = { splitStatements: !isFalse(this.str(n, 'splitStatements')) };
    const d = this.mapped(child(n, 'endDelimiter'))?.text;
    if (d !== undefined && d !== '') opts.endDelimiter = d;
    return opts;
  }

  private parsed(source: SourceFile, sql: MappedText, opts: SqlOptions): void {
    const r = parseMappedSql(this.ctx.engine, source, sql, opts);
    const part = this.part(source);
    for (const op of r.operations) this.emit(op, source);
    part.comments.push(...r.comments);
    for (const p of r.problems) this.note('syntax-error', source.path, `Syntax error: ${p.message}`, p.span);
  }

  private sql(n: PNode): void {
    // XML: the element's text; YAML/JSON: a `sql` key inside the change (or the change's own value).
    const inner = child(n, 'sql');
    const text = this.mapped(inner?.value ? inner : n);
    if (!text || !text.text.trim()) return;
    this.parsed(this.ctx.source, text, this.sqlOptions(n));
  }

  /** Raw SQL given directly (formatted SQL changeSets, rollback text). */
  rawSql(sql: MappedText, opts: SqlOptions): void {
    if (sql.text.trim()) this.parsed(this.ctx.source, sql, opts);
  }

  private sqlFile(n: PNode, span: Span): void {
    const spec = this.str(n, 'path');
    if (!spec) {
      this.note('layout-error', this.ctx.source.path, "sqlFile has no 'path' (Liquibase fails validation).", span);
      return;
    }
    const res = resolvePath(this.ctx.walk.search, spec, isTrue(this.str(n, 'relativeToChangelogFile')), this.ctx.changelog);
    const file = res.path ? this.ctx.walk.sqlFiles.get(res.path) : undefined;
    if (!res.path || !file) {
      const why = res.escapes !== undefined ? `resolves to ${res.escapes}, outside the project root; it is not read` : 'was not found (Liquibase fails: "file not found")';
      this.note('layout-error', this.ctx.source.path, `The sqlFile '${spec}' ${why}.`, span);
      return;
    }
    if ('reason' in file) {
      this.note('layout-error', this.ctx.source.path, `Cannot lint sqlFile ${res.path}: ${file.reason}`, span);
      return;
    }
    // Liquibase expands ${properties} in sqlFile contents; offsets map to the reference.
    const sql = MappedText.verbatim(file.source.text, 0).expand(this.ctx.lookup);
    this.parsed(file.source, sql, this.sqlOptions(n));
  }

  /** The changes of a `rollback` block: child changes, or SQL text. */
  rollback(rb: PNode): void {
    const kids = elements(rb).filter((c) => !c.item);
    if (kids.length) this.changes(kids);
    const text = this.mapped(rb);
    if (text && text.text.trim()) this.rawSql(text, { splitStatements: true });
    for (const item of rb.children.filter((c) => c.item)) {
      const t = this.mapped(item);
      if (t && t.text.trim()) this.rawSql(t, { splitStatements: true });
    }
  }
}
