/**
 * SQLAlchemy column types and server defaults as the SQL that SQLAlchemy's dialect compilers
 * render for them (sqlalchemy/dialects/postgresql/base.py `PGTypeCompiler`, sql/compiler.py
 * `GenericTypeCompiler`). Custom types (TypeDecorator subclasses, third-party types) are unknown.
 */
import type { Engine } from '../../model/migration.js';
import type { DefaultExpr, TypeRef } from '../../model/operation.js';
import { arg, boolOf, lastName, numOf, qualName, strOf, type PyValue } from '../python/evaluate.js';
import { defaultFromSql, sqlString, typeFromSql } from '../python/sql.js';

type Render = (engine: Engine, v: PyValue) => string | undefined;

const len = (v: PyValue, engine: Engine, base: string, fallback = base) => {
  const n = numOf(call(v) ? arg(v as CallOf, 0, 'length') : undefined);
  if (n !== undefined) return `${base}(${n})`;
  return engine === 'mysql' && base === 'varchar' ? 'varchar(255)' : fallback;
};

type CallOf = Extract<PyValue, { kind: 'call' }>;
const call = (v: PyValue): v is CallOf => v.kind === 'call';
const kw = (v: PyValue, name: string, index = -1) => (call(v) ? arg(v, index, name) : undefined);

const TYPES: Record<string, Render> = {
  integer: () => 'integer',
  int: () => 'integer',
  biginteger: () => 'bigint',
  bigint: () => 'bigint',
  smallinteger: () => 'smallint',
  smallint: () => 'smallint',
  string: (e, v) => len(v, e, 'varchar'),
  varchar: (e, v) => len(v, e, 'varchar'),
  unicode: (e, v) => len(v, e, 'varchar'),
  nvarchar: (e, v) => len(v, e, 'varchar'),
  autostring: (e, v) => len(v, e, 'varchar'),
  char: (e, v) => len(v, e, 'char'),
  nchar: (e, v) => len(v, e, 'char'),
  text: () => 'text',
  unicodetext: () => 'text',
  clob: () => 'text',
  boolean: () => 'boolean',
  datetime: (e, v) => (e === 'postgresql' ? timestamp(v) : 'datetime'),
  timestamp: (e, v) => (e === 'postgresql' ? timestamp(v) : 'timestamp'),
  date: () => 'date',
  time: (e, v) => (e === 'postgresql' && boolOf(kw(v, 'timezone', 0)) ? 'time with time zone' : 'time'),
  float: (e, v) => {
    const p = numOf(kw(v, 'precision', 0));
    return e === 'postgresql' ? (p !== undefined ? `float(${p})` : 'float') : 'float';
  },
  double: () => 'double precision',
  double_precision: () => 'double precision',
  real: () => 'real',
  numeric: (_e, v) => numeric(v),
  decimal: (_e, v) => numeric(v),
  largebinary: (e) => (e === 'postgresql' ? 'bytea' : 'blob'),
  blob: (e) => (e === 'postgresql' ? 'bytea' : 'blob'),
  bytea: () => 'bytea',
  binary: (e) => (e === 'postgresql' ? 'bytea' : 'binary'),
  varbinary: (e) => (e === 'postgresql' ? 'bytea' : 'varbinary(255)'),
  json: () => 'json',
  jsonb: () => 'jsonb',
  uuid: (e) => (e === 'postgresql' ? 'uuid' : 'char(32)'),
  interval: (e) => (e === 'postgresql' ? 'interval' : 'datetime'),
  inet: () => 'inet',
  cidr: () => 'cidr',
  macaddr: () => 'macaddr',
  tsvector: () => 'tsvector',
  hstore: () => 'hstore',
  money: () => 'money',
  oid: () => 'oid',
  citext: () => 'citext',
  enum: (e, v) => {
    if (e !== 'postgresql') return 'varchar(255)';
    return strOf(kw(v, 'name'));
  },
  array: (e, v) => {
    const item = call(v) ? arg(v, 0, 'item_type') : undefined;
    const inner = item && sqlTypeText(e, item);
    return inner ? `${inner}[]` : undefined;
  },
};

function timestamp(v: PyValue): string {
  const tz = boolOf(kw(v, 'timezone', 0));
  const p = numOf(kw(v, 'precision'));
  return `timestamp${p !== undefined ? `(${p})` : ''}${tz ? ' with time zone' : ''}`;
}

function numeric(v: PyValue): string {
  const p = numOf(kw(v, 'precision', 0));
  const s = numOf(kw(v, 'scale', 1));
  return p === undefined ? 'numeric' : s === undefined ? `numeric(${p})` : `numeric(${p}, ${s})`;
}

/** Whether a dotted name comes from SQLAlchemy (or SQLModel's SQLAlchemy types). */
export function isSqlalchemy(path: string): boolean {
  return path === 'sqlalchemy' || path.startsWith('sqlalchemy.') || path.startsWith('sqlmodel.');
}

/** The SQL a SQLAlchemy type renders as, or undefined for a type migralint does not know. */
export function sqlTypeText(engine: Engine, v: PyValue): string | undefined {
  // `String(50).with_variant(JSONB(), "postgresql")`
  if (v.kind === 'call' && v.callee.kind === 'attr' && v.callee.name === 'with_variant') {
    const dialects = v.args.slice(1).flatMap((a) => (a.kind === 'seq' ? a.items : [a])).map(strOf);
    const variant = v.args[0];
    if (variant && dialects.includes(engine === 'postgresql' ? 'postgresql' : engine)) return sqlTypeText(engine, variant);
    return sqlTypeText(engine, v.callee.object);
  }
  const path = v.kind === 'call' ? qualName(v.callee) : v.kind === 'ref' ? v.path : undefined;
  if (!path || !isSqlalchemy(path)) return undefined;
  const render = TYPES[lastName(path).toLowerCase()];
  return render?.(engine, v);
}

export function columnType(engine: Engine, v: PyValue | undefined): TypeRef | undefined {
  const t = v && sqlTypeText(engine, v);
  return t ? typeFromSql(engine, t) : undefined;
}

/** True for Integer-family types (SQLAlchemy renders an autoincrement primary key of these as SERIAL). */
export function integerKind(v: PyValue | undefined): 'smallint' | 'integer' | 'bigint' | undefined {
  const path = v?.kind === 'call' ? qualName(v.callee) : v?.kind === 'ref' ? v.path : undefined;
  if (!path || !isSqlalchemy(path)) return undefined;
  const n = lastName(path).toLowerCase();
  if (n === 'biginteger' || n === 'bigint') return 'bigint';
  if (n === 'smallinteger' || n === 'smallint') return 'smallint';
  if (n === 'integer' || n === 'int') return 'integer';
  return undefined;
}

/**
 * The SQL of a SQL expression built with SQLAlchemy (`sa.text("now()")`, `sa.func.now()`,
 * `sa.literal_column("0")`, `sa.true()`), or undefined when it is not one migralint can render.
 */
export function sqlExpression(v: PyValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'str') return strOf(v) !== undefined ? sqlString(v.str.value) : undefined;
  if (v.kind === 'num') return String(v.value);
  if (v.kind === 'bool') return v.value ? 'true' : 'false';
  if (v.kind === 'none') return 'NULL';
  if (v.kind !== 'call') return undefined;
  const path = qualName(v.callee);
  if (!isSqlalchemy(path)) return undefined;
  const name = lastName(path);
  const inner = (x: PyValue | undefined) => strOf(x);
  if (name === 'text' || name === 'literal_column') return inner(v.args[0]);
  if (name === 'literal') return sqlExpression(v.args[0]);
  if (name === 'null') return 'NULL';
  if (name === 'true' || name === 'false') return name;
  if (name === 'DefaultClause') return sqlExpression(v.args[0]);
  // sa.func.<name>(args): a SQL function call
  const m = /(?:^|\.)func\.([A-Za-z_][\w.]*)$/.exec(path);
  if (m) {
    const args = v.args.map(sqlExpression);
    if (args.some((a) => a === undefined)) return undefined;
    const fname = m[1]!;
    // Niladic SQL functions render without parentheses.
    if (['current_timestamp', 'current_date', 'current_time', 'localtimestamp', 'localtime', 'current_user', 'session_user', 'user'].includes(fname.toLowerCase()) && !args.length) {
      return fname.toUpperCase();
    }
    return `${fname}(${args.join(', ')})`;
  }
  return undefined;
}

/**
 * A `server_default` as a DefaultExpr: a Python string is a quoted literal; `sa.text()` and
 * `sa.func.*()` are SQL; anything else is a default migralint cannot see, which rules treat
 * as the risky case (unknown volatility).
 */
export function serverDefault(engine: Engine, v: PyValue, shortText: string): DefaultExpr | undefined {
  if (v.kind === 'none') return undefined;
  if (v.kind === 'call' && lastName(qualName(v.callee)) === 'FetchedValue') return undefined;
  const sql = sqlExpression(v);
  if (sql === undefined) return { text: shortText, volatility: 'unknown', isNull: false };
  return defaultFromSql(engine, sql);
}
