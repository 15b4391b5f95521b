import type { DefaultExpr, ObjectRef, TypeRef, Volatility } from '../../model/operation.js';

/** libpg-query's JSON wraps every node as `{ NodeType: { …fields } }`. */
export type PgNode = Record<string, unknown>;
export type Fields = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function unwrap(node: unknown): [string, Fields] | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  return [keys[0]!, (node as Fields)[keys[0]!] as Fields];
}

export function fieldsOf(node: unknown, type: string): Fields | undefined {
  const u = unwrap(node);
  return u && u[0] === type ? u[1] : undefined;
}

export function str(node: unknown): string | undefined {
  return fieldsOf(node, 'String')?.sval as string | undefined;
}

export function strings(list: unknown): string[] {
  return Array.isArray(list) ? list.map(str).filter((s): s is string => s !== undefined) : [];
}

export function rangeVar(rv: Fields | undefined): ObjectRef {
  if (!rv) return { name: '?' };
  return rv.schemaname ? { schema: rv.schemaname as string, name: rv.relname as string } : { name: rv.relname as string };
}

/** `[schema, name]` lists as used by DROP, types and domains. */
export function qualified(names: string[]): ObjectRef {
  const name = names[names.length - 1] ?? '?';
  return names.length > 1 ? { schema: names[names.length - 2]!, name } : { name };
}

const DISPLAY: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  varchar: 'varchar',
  timestamptz: 'timestamptz',
  timestamp: 'timestamp',
  timetz: 'timetz',
  numeric: 'numeric',
};

export function typeRef(tn: Fields | undefined): TypeRef | undefined {
  if (!tn) return undefined;
  const names = strings(tn.names);
  const name = (names[names.length - 1] ?? '?').toLowerCase();
  const args: number[] = [];
  for (const m of (tn.typmods as unknown[] | undefined) ?? []) {
    const c = fieldsOf(m, 'A_Const');
    const v = c?.ival?.ival ?? (c?.ival && Object.keys(c.ival).length === 0 ? 0 : undefined);
    if (typeof v === 'number') args.push(v);
  }
  const array = Array.isArray(tn.arrayBounds) && tn.arrayBounds.length > 0;
  const shown = DISPLAY[name] ?? (names.length > 1 && names[0] !== 'pg_catalog' ? names.join('.') : name);
  const text = `${shown}${args.length ? `(${args.join(', ')})` : ''}${array ? '[]' : ''}`;
  return { name, args, array, text };
}

// Volatility of functions people put in defaults. Anything not listed is `unknown`, which
// rules treat as the risky case (it could be a volatile user function).
const VOLATILE = new Set([
  'random', 'random_normal', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4',
  'uuidv4', 'uuidv7', 'clock_timestamp', 'timeofday', 'nextval', 'setval', 'txid_current', 'gen_random_bytes',
  'pg_current_xact_id', 'currval', 'lastval',
]);
const STABLE = new Set([
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_setting', 'to_timestamp', 'current_database',
  'current_schema', 'current_user', 'session_user', 'age',
]);
const IMMUTABLE = new Set([
  'lower', 'upper', 'abs', 'coalesce', 'nullif', 'greatest', 'least', 'length', 'concat', 'md5', 'make_interval',
  'jsonb_build_object', 'json_build_object', 'jsonb_build_array', 'json_build_array', 'array', 'to_jsonb', 'round',
]);

const RANK: Record<Volatility, number> = { immutable: 0, stable: 1, unknown: 2, volatile: 3 };
const worse = (a: Volatility, b: Volatility): Volatility => (RANK[a] >= RANK[b] ? a : b);

/** Walks an expression tree and returns the worst volatility of what it calls. */
export function volatility(node: unknown): Volatility {
  let v: Volatility = 'immutable';
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    for (const [k, body] of Object.entries(n as Fields)) {
      if (k === 'FuncCall') {
        const name = strings((body as Fields).funcname).pop()?.toLowerCase() ?? '';
        v = worse(v, VOLATILE.has(name) ? 'volatile' : STABLE.has(name) ? 'stable' : IMMUTABLE.has(name) ? 'immutable' : 'unknown');
      } else if (k === 'SQLValueFunction') {
        v = worse(v, 'stable'); // CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_USER …
      } else if (k === 'SubLink') {
        v = worse(v, 'volatile');
      }
      visit(body);
    }
  };
  visit(node);
  return v;
}

export function isNullConst(node: unknown): boolean {
  const c = fieldsOf(node, 'A_Const');
  if (c) return c.isnull === true;
  const cast = fieldsOf(node, 'TypeCast');
  return cast ? isNullConst(cast.arg) : false;
}

export function defaultExpr(node: unknown, text: string): DefaultExpr {
  return { text, volatility: volatility(node), isNull: isNullConst(node) };
}

/** Smallest byte `location` found anywhere in a node, for expressions that carry no own location. */
export function firstLocation(node: unknown): number | undefined {
  let best: number | undefined;
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n as Fields)) {
      if (k === 'location' && typeof v === 'number' && v >= 0) best = best === undefined ? v : Math.min(best, v);
      else visit(v);
    }
  };
  visit(node);
  return best;
}
