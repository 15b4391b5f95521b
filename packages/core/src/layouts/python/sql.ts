/**
 * What both Python layouts need from the SQL side: SQL found in Python strings parsed with spans
 * mapped into the Python file, and column types / defaults written as SQL text turned into the
 * same TypeRef / DefaultExpr that the SQL layouts produce (by asking the same dialect parser).
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Engine, Migration } from '../../model/migration.js';
import type { DefaultExpr, DetachedOperation, Operation, TypeRef } from '../../model/operation.js';
import { SourceFile, type Comment, type Span } from '../../model/source.js';
import { parseSql } from '../../sql/index.js';
import { layoutDiagnostic } from '../layout.js';
import { mapStringOffset, type PyString } from './strings.js';

export interface SqlInPython {
  operations: DetachedOperation[];
  comments: Comment[];
  /** Syntax errors inside the string, with spans in the Python file. */
  problems: Array<{ message: string; span: Span }>;
}

/**
 * Parses SQL taken from a Python string. Operations point at `callSpan` (the call that runs the
 * SQL: findings are reported on its first line) while `sql.statementSpan` keeps the statement's
 * own place inside the string, so a directive above either line applies.
 */
export function sqlInPython(source: SourceFile, engine: Engine, s: PyString, callSpan: Span): SqlInPython {
  const parsed = parseSql(engine, { file: source, sql: s.value, mapOffset: (i) => mapStringOffset(s, i) });
  const operations = parsed.operations.map((op) => ({ ...op, span: callSpan }) as DetachedOperation);
  return { operations, comments: parsed.comments, problems: parsed.problems };
}

const typeCache = new Map<string, TypeRef | undefined>();
const defaultCache = new Map<string, DefaultExpr | undefined>();

function probe(engine: Engine, sql: string) {
  const file = new SourceFile('<python-probe>', sql);
  const parsed = parseSql(engine, { file, sql });
  if (parsed.problems.length) return undefined;
  const op = parsed.operations[0];
  return op?.kind === 'addColumn' ? op.column : undefined;
}

/** The TypeRef the SQL layouts give a column type written as SQL (`varchar(50)`, `timestamp with time zone`). */
export function typeFromSql(engine: Engine, typeSql: string): TypeRef {
  const key = `${engine}\0${typeSql}`;
  if (!typeCache.has(key)) typeCache.set(key, probe(engine, `ALTER TABLE t ADD COLUMN c ${typeSql};`)?.type);
  const t = typeCache.get(key);
  if (t) return t;
  const m = /^([a-z0-9_ ]+?)\s*(?:\(([\d,\s]+)\))?(\[\])?$/i.exec(typeSql.trim());
  return {
    name: (m?.[1] ?? typeSql).toLowerCase(),
    args: m?.[2] ? m[2].split(',').map((x) => Number(x.trim())) : [],
    array: Boolean(m?.[3]),
    text: typeSql,
  };
}

/** The DefaultExpr of a default written as SQL (`now()`, `'x'`, `gen_random_uuid()`); unknown volatility if it does not parse. */
export function defaultFromSql(engine: Engine, exprSql: string): DefaultExpr {
  const key = `${engine}\0${exprSql}`;
  if (!defaultCache.has(key)) defaultCache.set(key, probe(engine, `ALTER TABLE t ADD COLUMN c text DEFAULT ${exprSql};`)?.default);
  return defaultCache.get(key) ?? { text: exprSql, volatility: 'unknown', isNull: /^null$/i.test(exprSql.trim()) };
}

/** Quotes a Python value as an SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Attaches detached operations to their migration. */
export function attach(migration: Migration, ops: readonly DetachedOperation[]): void {
  migration.operations = ops.map((op) => ({ ...op, migration }) as Operation);
}

/** A diagnostic about one migration (syntax errors, opaque code, layout errors). */
export function pyDiagnostic(
  ruleId: 'syntax-error' | 'layout-error' | 'opaque-code',
  file: string,
  message: string,
  span: Span,
  migration?: Pick<Migration, 'id' | 'direction'>,
): Diagnostic {
  const d = layoutDiagnostic(ruleId, file, message, span);
  if (migration) {
    d.migrationId = migration.id;
    d.direction = migration.direction;
  }
  return d;
}
