import type { Analysis, ObjectRef, Operation, TypeRef } from '@migralint/core';

/*
 * Until the analysis layer replays the schema, changing-column-type keeps its own record of
 * the column types it has seen, per lint run (keyed by the run's Analysis object), so that a
 * type change in a later migration can be compared with the type an earlier one declared.
 */

type Columns = Map<string, TypeRef | undefined>;

const runs = new WeakMap<Analysis, ColumnTypes>();

function key(t: ObjectRef): string {
  return t.schema && t.schema !== 'public' ? `${t.schema}.${t.name}` : t.name;
}

export class ColumnTypes {
  private readonly tables = new Map<string, Columns>();

  /** The record shared by every migration of one lint run. */
  static forRun(analysis: Analysis): ColumnTypes {
    let c = runs.get(analysis);
    if (!c) runs.set(analysis, (c = new ColumnTypes()));
    return c;
  }

  /** Known columns of a table; a table from outside the run starts with none known. */
  private columns(table: ObjectRef): Columns {
    let c = this.tables.get(key(table));
    if (!c) this.tables.set(key(table), (c = new Map()));
    return c;
  }

  typeOf(table: ObjectRef, column: string): TypeRef | undefined {
    return this.tables.get(key(table))?.get(column);
  }

  /** Updates the record with an operation, in execution order. */
  apply(op: Operation): void {
    const t = this.tables;
    switch (op.kind) {
      case 'createTable':
        t.set(key(op.table), new Map(op.asQuery || op.partitionOf ? [] : op.columns.map((c) => [c.name, c.type])));
        break;
      case 'dropTable':
        for (const x of op.tables) t.delete(key(x));
        break;
      case 'renameTable': {
        const cols = t.get(key(op.table));
        t.delete(key(op.table));
        if (cols) t.set(key({ schema: op.table.schema, name: op.newName }), cols);
        break;
      }
      case 'addColumn':
        this.columns(op.table).set(op.column.name, op.column.type);
        break;
      case 'dropColumn':
        t.get(key(op.table))?.delete(op.column);
        break;
      case 'renameColumn': {
        const cols = t.get(key(op.table));
        if (cols) {
          const type = cols.get(op.column);
          cols.delete(op.column);
          cols.set(op.newName, type);
        }
        break;
      }
      case 'alterColumnType':
        this.columns(op.table).set(op.column, op.newType);
        break;
      case 'other':
        // An ALTER the model has no kind for (SET SCHEMA, INHERIT …): forget that table.
        if (op.table) t.delete(key(op.table));
        else if (op.statement === 'DoStmt') t.clear();
        break;
      case 'opaque':
        t.clear();
        break;
    }
  }
}

// Type names as libpg-query reports them when the user wrote an alias directly.
const ALIAS: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  decimal: 'numeric',
  boolean: 'bool',
  real: 'float4',
  'double precision': 'float8',
  'character varying': 'varchar',
  character: 'bpchar',
  'bit varying': 'varbit',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
};

const base = (t: TypeRef) => ALIAS[t.name] ?? t.name;

/** Type modifiers with PostgreSQL's defaults filled in (`numeric(p)` is `numeric(p, 0)`). */
function mods(t: TypeRef): number[] {
  if (base(t) === 'numeric' && t.args.length === 1) return [t.args[0]!, 0];
  return t.args;
}

const LENGTH_TYPES = new Set(['varchar', 'varbit']);
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz']);
const MAX_TIME_PRECISION = 6;

/**
 * True when PostgreSQL changes `from` to `to` without rewriting the table or its indexes: the
 * same type, or a change its planner turns into a relabel (binary-compatible casts and the
 * length/precision support functions of varchar, varbit, numeric and the time types).
 * Checked against PostgreSQL 18 in test/oracle.test.ts.
 */
export function changesWithoutRewrite(from: TypeRef, to: TypeRef): boolean {
  const a = base(from);
  const b = base(to);
  const am = mods(from);
  const bm = mods(to);
  if (from.array !== to.array) return false;
  if (a === b && am.join() === bm.join()) return true;
  // Arrays coerce element by element (ArrayCoerceExpr): even varchar(10)[] → varchar(20)[] rewrites.
  if (from.array) return false;
  if (LENGTH_TYPES.has(a) && a === b) return bm.length === 0 || (am.length > 0 && bm[0]! >= am[0]!);
  if (a === 'varchar' && b === 'text') return true;
  if (a === 'text' && b === 'varchar') return bm.length === 0;
  if (a === 'numeric' && b === 'numeric') return bm.length === 0 || (am.length === 2 && am[1] === bm[1] && bm[0]! >= am[0]!);
  if (a === 'cidr' && b === 'inet') return true;
  if (PRECISION_TYPES.has(a) && a === b) {
    const p = am[0] ?? MAX_TIME_PRECISION;
    const q = bm[0] ?? MAX_TIME_PRECISION;
    return q >= p;
  }
  return false;
}
