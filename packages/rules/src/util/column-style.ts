import { baseType, type AddColumnOp, type AlterColumnTypeOp, type CreateTableOp, type Span, type TypeRef, type Visitors } from '@migralint/core';
import { ident, qualified } from './names.js';
import { columnTypeSpan } from './tokens.js';

/** A column whose type a migration declares: in CREATE TABLE, ADD COLUMN or ALTER COLUMN … TYPE. */
export interface DeclaredColumn {
  op: CreateTableOp | AddColumnOp | AlterColumnTypeOp;
  column: string;
  type: TypeRef;
  /** The type's name with aliases folded (`integer` → `int4`, `character varying` → `varchar`). */
  base: string;
  /** Where the type is written (computed on demand: it re-reads the statement). */
  span(): Span;
  /** `table`, `column` and `type` as they would be written in SQL, for messages. */
  data: { table: string; column: string; type: string };
}

/**
 * Visitors that hand every declared column type to `check`, so that each type rule applies to
 * new tables, added columns and type changes alike.
 */
export function columnTypeVisitors(check: (c: DeclaredColumn) => void): Visitors {
  const visit = (op: DeclaredColumn['op'], column: string, type: TypeRef | undefined) => {
    if (!type) return;
    check({
      op,
      column,
      type,
      base: baseType(type),
      span: () => columnTypeSpan(op, column),
      data: { table: qualified(op.table), column: ident(column), type: type.text },
    });
  };
  return {
    createTable(op) {
      for (const c of op.columns) visit(op, c.name, c.type);
    },
    addColumn(op) {
      visit(op, op.column.name, op.column.type);
    },
    alterColumnType(op) {
      visit(op, op.column, op.newType);
    },
  };
}

/** The same type with another base name, as it would be written: `int[]` → `bigint[]`. */
export function retype(t: TypeRef, name: string): string {
  return `${name}${t.array ? '[]' : ''}`;
}
