import { createRequire } from 'node:module';
import type { Parser as SqlParser } from 'node-sql-parser';
import type { ColumnDef, ConstraintDef, DefaultExpr, DetachedOperation, ObjectRef, SqlOrigin, TypeRef } from '../../model/operation.js';
import { spanMapper, type SqlInput, type SqlParseResult } from '../types.js';
import { splitMysql } from './split.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Partial = DetachedOperation extends infer O ? (O extends DetachedOperation ? Omit<O, 'span' | 'sql'> : never) : never;

// node-sql-parser bundles every dialect (~0.35 s to load): load it on the first MySQL or SQLite
// statement, so PostgreSQL-only runs never pay for it.
let parser: SqlParser | undefined;
function sqlParser(): SqlParser {
  if (!parser) {
    const mod = createRequire(import.meta.url)('node-sql-parser') as { Parser: new () => SqlParser };
    parser = new mod.Parser();
  }
  return parser;
}

function table(t: Any): ObjectRef {
  if (!t) return { name: '?' };
  return t.db ? { schema: String(t.db), name: String(t.table) } : { name: String(t.table) };
}

function colName(c: Any): string {
  const v = c?.column ?? c;
  return typeof v === 'string' ? v : String(v?.expr?.value ?? v?.value ?? '?');
}

function typeOf(def: Any): TypeRef | undefined {
  if (!def?.dataType) return undefined;
  const name = String(def.dataType).toLowerCase();
  const args: number[] = [];
  if (typeof def.length === 'number') args.push(def.length);
  if (typeof def.scale === 'number') args.push(def.scale);
  return { name, args, array: false, text: `${name}${args.length ? `(${args.join(', ')})` : ''}` };
}

const VOLATILE = new Set(['uuid', 'rand', 'uuid_short', 'sysdate']);

function defaultOf(d: Any): DefaultExpr | undefined {
  if (!d) return undefined;
  const v = d.value ?? d;
  if (v?.type === 'null') return { text: 'NULL', volatility: 'immutable', isNull: true };
  if (v?.type === 'function' || v?.type === 'expr_list' || v?.type === 'binary_expr') {
    const name = String(v.name?.name?.[0]?.value ?? v.name ?? '').toLowerCase();
    return { text: `${name}()`, volatility: VOLATILE.has(name) ? 'volatile' : 'stable', isNull: false };
  }
  return { text: String(v?.value ?? ''), volatility: 'immutable', isNull: false };
}

function column(def: Any): ColumnDef {
  return {
    name: colName(def.column),
    type: typeOf(def.definition),
    notNull: def.nullable?.type === 'not null' || !!def.primary_key,
    default: defaultOf(def.default_val),
    primaryKey: !!def.primary_key,
    unique: !!def.unique,
    identity: !!def.auto_increment,
    checks: [],
  };
}

function constraint(cd: Any): ConstraintDef {
  const kind = String(cd.constraint_type ?? '').toUpperCase();
  const type: ConstraintDef['type'] = kind.includes('PRIMARY') ? 'primaryKey' : kind.includes('FOREIGN') ? 'foreignKey' : kind.includes('UNIQUE') ? 'unique' : 'check';
  const def: ConstraintDef = { type, columns: ((cd.definition as Any[]) ?? []).map(colName), notValid: false };
  if (cd.constraint) def.name = String(cd.constraint);
  if (type === 'foreignKey' && cd.reference_definition) {
    def.references = { table: table(cd.reference_definition.table?.[0]), columns: (cd.reference_definition.definition ?? []).map(colName) };
  }
  return def;
}

function alter(ast: Any): Partial[] {
  const t = table(ast.table?.[0]);
  const ops: Partial[] = [];
  for (const e of (ast.expr as Any[]) ?? []) {
    if (e.resource === 'algorithm' || e.resource === 'lock') continue;
    const action = String(e.action ?? '').toLowerCase();
    if (e.resource === 'column' && action === 'add') ops.push({ kind: 'addColumn', table: t, column: column(e), ifNotExists: false });
    else if (e.resource === 'column' && action === 'drop') ops.push({ kind: 'dropColumn', table: t, column: colName(e.column), ifExists: false, cascade: false });
    else if (e.resource === 'column' && action === 'rename') ops.push({ kind: 'renameColumn', table: t, column: colName(e.old_column), newName: colName(e.column) });
    else if (e.resource === 'column' && (action === 'modify' || action === 'change')) {
      const col = column(e);
      const from = action === 'change' ? colName(e.old_column) : col.name;
      if (action === 'change' && from !== col.name) ops.push({ kind: 'renameColumn', table: t, column: from, newName: col.name });
      if (col.type) ops.push({ kind: 'alterColumnType', table: t, column: col.name, newType: col.type, notNull: col.notNull });
    } else if (e.resource === 'constraint' || e.resource === 'index' || e.resource === 'key') {
      const cd = e.create_definitions ?? e;
      if (action === 'add' && (cd.constraint_type || e.resource === 'constraint')) ops.push({ kind: 'addConstraint', table: t, constraint: constraint(cd) });
      else if (action === 'add') {
        ops.push({ kind: 'createIndex', table: t, name: cd.index ?? undefined, unique: false, concurrently: false, ifNotExists: false, columns: (cd.definition ?? []).map(colName) } as Partial);
      } else if (action === 'drop' && e.resource === 'index') ops.push({ kind: 'dropIndex', indexes: [{ name: String(e.index ?? e.name ?? '?') }], table: t, concurrently: false, ifExists: false, cascade: false });
      else if (action === 'drop') ops.push({ kind: 'dropConstraint', table: t, name: String(e.constraint ?? e.name ?? '?'), ifExists: false, cascade: false });
      else ops.push({ kind: 'other', statement: `ALTER TABLE ${action.toUpperCase()} ${String(e.resource).toUpperCase()}`, table: t });
    } else if (e.resource === 'table' && action === 'rename') ops.push({ kind: 'renameTable', table: t, newName: String(e.table ?? '?') });
    else ops.push({ kind: 'other', statement: `ALTER TABLE ${action.toUpperCase()} ${String(e.resource ?? '').toUpperCase()}`.trim(), table: t });
  }
  return ops;
}

function translate(ast: Any): Partial[] {
  const type = String(ast.type ?? '').toLowerCase();
  const keyword = String(ast.keyword ?? '').toLowerCase();
  if (type === 'create' && keyword === 'table') {
    const columns: ColumnDef[] = [];
    const constraints: ConstraintDef[] = [];
    for (const d of (ast.create_definitions as Any[]) ?? []) {
      if (d.resource === 'column') columns.push(column(d));
      else if (d.resource === 'constraint') constraints.push(constraint(d));
    }
    return [{ kind: 'createTable', table: table(ast.table?.[0]), columns, constraints, ifNotExists: !!ast.if_not_exists, asQuery: !!ast.as || !!ast.query_expr }];
  }
  if (type === 'create' && keyword === 'index') {
    return [{
      kind: 'createIndex', table: table(ast.table), name: ast.index ?? undefined, unique: String(ast.index_type ?? '').toLowerCase() === 'unique',
      concurrently: false, ifNotExists: false, columns: ((ast.index_columns as Any[]) ?? []).map(colName),
    } as Partial];
  }
  if (type === 'alter') return alter(ast);
  if (type === 'drop' && keyword === 'table') return [{ kind: 'dropTable', tables: ((ast.name as Any[]) ?? []).map(table), ifExists: !!ast.prefix, cascade: false }];
  if (type === 'drop' && keyword === 'index') return [{ kind: 'dropIndex', indexes: [{ name: colName(ast.name) }], table: table(ast.table), concurrently: false, ifExists: false, cascade: false }];
  if (type === 'rename') return ((ast.table as Any[][]) ?? []).map((pair) => ({ kind: 'renameTable', table: table(pair[0]), newName: String(pair[1]?.table ?? '?') }) as Partial);
  if (type === 'update' || type === 'delete') return [{ kind: 'dataChange', action: type, table: table(ast.table?.[0] ?? ast.from?.[0]), hasWhere: !!ast.where }];
  if (type === 'insert' || type === 'replace') return [{ kind: 'dataChange', action: 'insert', table: table(ast.table?.[0]), hasWhere: false }];
  if (type === 'truncate') return [{ kind: 'truncate', tables: ((ast.name as Any[]) ?? []).map(table), cascade: false }];
  return [{ kind: 'other', statement: `${type} ${keyword}`.trim().toUpperCase() }];
}

const TX = /^\s*(start\s+transaction|begin(\s+work)?|commit(\s+work)?|rollback(\s+work)?|savepoint\b)/i;

/** MySQL/MariaDB (and SQLite) scripts via node-sql-parser, statement by statement. */
export function parseMysqlFamily(input: SqlInput, database: 'mysql' | 'sqlite' = 'mysql'): SqlParseResult {
  const toSpan = spanMapper(input);
  const { statements, comments } = splitMysql(input.sql);
  const result: SqlParseResult = {
    operations: [],
    comments: comments.map((c) => ({ body: c.body, span: toSpan(c.start, c.end) })),
    problems: [],
  };
  for (const s of statements) {
    const span = toSpan(s.start, s.end);
    const tx = TX.exec(s.text);
    if (tx) {
      const w = tx[1]!.toLowerCase();
      const action = w.startsWith('commit') ? 'commit' : w.startsWith('rollback') ? 'rollback' : w.startsWith('savepoint') ? 'savepoint' : 'begin';
      result.operations.push({ kind: 'transaction', action, span } as DetachedOperation);
      continue;
    }
    let ast: Any;
    try {
      ast = sqlParser().astify(s.text, { database });
    } catch (err) {
      const e = err as { message?: string; location?: { start?: { offset?: number } } };
      const at = s.start + (e.location?.start?.offset ?? 0);
      result.problems.push({ message: (e.message ?? String(err)).replace(/\s+/g, ' '), span: toSpan(at, at + 1) });
      continue;
    }
    const upper = s.text.toUpperCase();
    const sql: SqlOrigin = { dialect: database, node: ast, statementSpan: span };
    const alg = /ALGORITHM\s*=?\s*(\w+)/.exec(upper)?.[1];
    const lock = /LOCK\s*=?\s*(\w+)/.exec(upper)?.[1];
    if (alg) sql.algorithm = alg;
    if (lock) sql.lock = lock;
    for (const a of Array.isArray(ast) ? ast : [ast]) {
      for (const op of translate(a)) result.operations.push({ ...op, span, sql } as DetachedOperation);
    }
  }
  return result;
}
