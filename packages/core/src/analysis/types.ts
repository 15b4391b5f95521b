import type { TypeRef } from '../model/operation.js';

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

export const baseType = (t: TypeRef) => ALIAS[t.name] ?? t.name;

/** Type modifiers with PostgreSQL's defaults filled in (`numeric(p)` is `numeric(p, 0)`). */
function mods(t: TypeRef): number[] {
  if (baseType(t) === 'numeric' && t.args.length === 1) return [t.args[0]!, 0];
  return t.args;
}

const LENGTH_TYPES = new Set(['varchar', 'varbit']);
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz']);
const MAX_TIME_PRECISION = 6;

/**
 * True when PostgreSQL changes `from` to `to` without rewriting the table or its indexes: the
 * same type, or a change its planner turns into a relabel (binary-compatible casts and the
 * length/precision support functions of varchar, varbit, numeric and the time types).
 * Checked against PostgreSQL 18 in packages/rules/test/oracle.test.ts.
 */
export function changesWithoutRewrite(from: TypeRef, to: TypeRef): boolean {
  const a = baseType(from);
  const b = baseType(to);
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
