/**
 * Django model fields as columns: the SQL types of django/db/backends/<engine>/base.py
 * (`data_types`, `data_type_check_constraints`, `data_types_suffix`), nullability, uniqueness,
 * indexes and the default Django sends when it adds a column (`_effective_default` in
 * django/db/backends/base/schema.py). Unknown field classes keep an unknown type.
 */
import type { Engine } from '../../model/migration.js';
import type { DefaultExpr, TypeRef } from '../../model/operation.js';
import { boolOf, lastName, numOf, qualName, strOf, type Evaluator, type PyValue } from '../python/evaluate.js';
import { defaultFromSql, typeFromSql } from '../python/sql.js';

export interface Field {
  /** The field class's last name: `CharField`. */
  cls: string;
  path: string;
  kwargs: Map<string, PyValue>;
  args: PyValue[];
  /** Source text of the field, for messages and for comparing definitions. */
  text: string;
}

export function fieldOf(v: PyValue | undefined, ev: Evaluator): Field | undefined {
  if (v?.kind !== 'call') return undefined;
  const path = qualName(v.callee);
  return { cls: lastName(path), path, kwargs: v.kwargs, args: v.args, text: ev.short(v.node, 400) };
}

const kw = (f: Field, name: string) => f.kwargs.get(name);

export function isManyToMany(f: Field): boolean {
  return /ManyToManyField$/.test(f.cls) || f.cls === 'TaggableManager';
}

/** ForeignKey, OneToOneField and third-party subclasses (anything with `to` and `on_delete`). */
export function isRelation(f: Field): boolean {
  if (isManyToMany(f)) return false;
  return ['ForeignKey', 'OneToOneField', 'ForeignObject', 'TreeForeignKey', 'TreeOneToOneField', 'ParentalKey'].includes(f.cls) || (f.kwargs.has('to') && f.kwargs.has('on_delete'));
}

export function columnName(name: string, f: Field): string {
  return strOf(kw(f, 'db_column')) ?? (isRelation(f) ? `${name}_id` : name);
}

export function isNull(f: Field): boolean {
  return boolOf(kw(f, 'null')) ?? false;
}

export function isPrimaryKey(f: Field): boolean {
  return boolOf(kw(f, 'primary_key')) ?? false;
}

/** `Field.unique`: `unique=True`, a primary key, or a OneToOneField. */
export function isUnique(f: Field): boolean {
  return (boolOf(kw(f, 'unique')) ?? false) || isPrimaryKey(f) || /OneToOneField$/.test(f.cls);
}

/** `db_index`, which ForeignKey and SlugField turn on by default. */
export function dbIndex(f: Field): boolean {
  const v = boolOf(kw(f, 'db_index'));
  if (v !== undefined) return v;
  return (isRelation(f) && !/OneToOneField$/.test(f.cls)) || f.cls === 'SlugField';
}

export function dbConstraint(f: Field): boolean {
  return boolOf(kw(f, 'db_constraint')) ?? true;
}

const AUTO = { AutoField: 'integer', BigAutoField: 'bigint', SmallAutoField: 'smallint' } as const;

export function isAutoField(f: Field): boolean {
  return f.cls in AUTO;
}

/** Field classes whose values may be '' (Field.empty_strings_allowed): Django fills them with '' when blank=True. */
const STRING_FIELDS = new Set(['CharField', 'TextField', 'EmailField', 'SlugField', 'URLField', 'FileField', 'ImageField', 'FilePathField', 'BinaryField', 'CommaSeparatedIntegerField', 'CICharField', 'CIEmailField', 'CITextField']);

function varchar(f: Field, fallback: number | undefined): string {
  const n = numOf(kw(f, 'max_length')) ?? fallback;
  return n === undefined ? 'varchar' : `varchar(${n})`;
}

/** The column type Django declares for a field (PostgreSQL types from postgresql/base.py `data_types`). */
export function dbTypeText(engine: Engine, f: Field, relatedType?: () => string | undefined, ev?: Evaluator): string | undefined {
  if (isRelation(f)) return relatedType?.();
  const pg = engine === 'postgresql';
  const my = engine === 'mysql';
  switch (f.cls) {
    case 'AutoField':
    case 'BigAutoField':
    case 'SmallAutoField':
      return AUTO[f.cls];
    case 'CharField':
      return varchar(f, my ? 255 : undefined);
    case 'EmailField':
      return varchar(f, 254);
    case 'URLField':
      return varchar(f, 200);
    case 'SlugField':
      return varchar(f, 50);
    case 'FileField':
    case 'ImageField':
    case 'FilePathField':
      return varchar(f, 100);
    case 'CommaSeparatedIntegerField':
      return varchar(f, undefined);
    case 'TextField':
      return my ? 'longtext' : 'text';
    case 'BooleanField':
    case 'NullBooleanField':
      return my ? 'bool' : 'boolean';
    case 'DateField':
      return 'date';
    case 'DateTimeField':
      return pg ? 'timestamp with time zone' : my ? 'datetime(6)' : 'datetime';
    case 'TimeField':
      return my ? 'time(6)' : 'time';
    case 'DurationField':
      return pg ? 'interval' : 'bigint';
    case 'DecimalField': {
      const d = numOf(kw(f, 'max_digits'));
      const p = numOf(kw(f, 'decimal_places'));
      return d !== undefined && p !== undefined ? `numeric(${d}, ${p})` : 'numeric';
    }
    case 'FloatField':
      return pg ? 'double precision' : my ? 'double precision' : 'real';
    case 'IntegerField':
    case 'PositiveIntegerField':
      return 'integer';
    case 'BigIntegerField':
    case 'PositiveBigIntegerField':
      return 'bigint';
    case 'SmallIntegerField':
    case 'PositiveSmallIntegerField':
      return 'smallint';
    case 'BinaryField':
      return pg ? 'bytea' : my ? 'longblob' : 'blob';
    case 'UUIDField':
      return pg ? 'uuid' : 'char(32)';
    case 'JSONField':
      return pg ? 'jsonb' : my ? 'json' : 'text';
    case 'GenericIPAddressField':
    case 'IPAddressField':
      return pg ? 'inet' : 'char(39)';
    case 'HStoreField':
      return 'hstore';
    case 'CICharField':
    case 'CIEmailField':
    case 'CITextField':
      return 'citext';
    case 'SearchVectorField':
      return 'tsvector';
    case 'IntegerRangeField':
      return 'int4range';
    case 'BigIntegerRangeField':
      return 'int8range';
    case 'DecimalRangeField':
      return 'numrange';
    case 'DateRangeField':
      return 'daterange';
    case 'DateTimeRangeField':
      return 'tstzrange';
    case 'ArrayField': {
      const base = ev && fieldOf(kw(f, 'base_field') ?? f.args[0], ev);
      const inner = base && dbTypeText(engine, base, undefined, ev);
      return inner ? `${inner}[]` : undefined;
    }
    default:
      return undefined;
  }
}

export function dbType(engine: Engine, f: Field, relatedType?: () => string | undefined, ev?: Evaluator): TypeRef | undefined {
  const t = dbTypeText(engine, f, relatedType, ev);
  return t ? typeFromSql(engine, t) : undefined;
}

/** `data_type_check_constraints`: PositiveIntegerField and friends carry `CHECK ("col" >= 0)`. */
export function columnChecks(f: Field, column: string): string[] {
  return /^Positive(Big|Small)?IntegerField$/.test(f.cls) ? [`"${column}" >= 0`] : [];
}

/**
 * The default Django puts in the ADD COLUMN (schema editor `effective_default`): `default`
 * (a callable is called once, when the migration runs, so every existing row gets the same
 * value), '' for a blank string field that is NOT NULL, the current time for auto_now /
 * auto_now_add. Django then drops it in a second ALTER, unless the field has `db_default`.
 * Either way PostgreSQL sees a constant.
 */
export function effectiveDefault(f: Field, ev: Evaluator): DefaultExpr | undefined {
  const d = kw(f, 'default');
  if (d) {
    if (d.kind === 'none') return undefined;
    const callable = d.kind === 'ref' || d.kind === 'attr' || d.kind === 'func' || (d.kind === 'dynamic' && /lambda/.test(d.reason));
    const text = callable ? `${ev.short(d.node)}() (called once by Django when the migration runs)` : ev.short(d.node);
    return { text, volatility: 'immutable', isNull: false };
  }
  if (kw(f, 'expression') && f.cls === 'GeneratedField') return undefined;
  if (!isNull(f) && (boolOf(kw(f, 'blank')) ?? false) && STRING_FIELDS.has(f.cls)) {
    return { text: f.cls === 'BinaryField' ? "b''" : "''", volatility: 'immutable', isNull: false };
  }
  if ((boolOf(kw(f, 'auto_now')) ?? false) || (boolOf(kw(f, 'auto_now_add')) ?? false)) {
    return { text: 'the time the migration runs', volatility: 'immutable', isNull: false };
  }
  return undefined;
}

/** `db_default` (Django 5.0+): a database default Django keeps. */
export function dbDefault(engine: Engine, f: Field, ev: Evaluator): DefaultExpr | undefined {
  const d = kw(f, 'db_default');
  if (!d) return undefined;
  if (d.kind === 'none') return { text: 'NULL', volatility: 'immutable', isNull: true };
  if (d.kind === 'str' || d.kind === 'num' || d.kind === 'bool') return { text: ev.short(d.node), volatility: 'immutable', isNull: false };
  if (d.kind === 'call') {
    const n = lastName(qualName(d.callee));
    // Now() compiles to STATEMENT_TIMESTAMP() on PostgreSQL (django/db/models/functions/datetime.py).
    if (n === 'Now') return defaultFromSql(engine, engine === 'postgresql' ? 'statement_timestamp()' : 'CURRENT_TIMESTAMP');
    if (n === 'RandomUUID') return defaultFromSql(engine, 'gen_random_uuid()');
    if (n === 'Value') return { text: ev.short(d.node), volatility: 'immutable', isNull: d.args[0]?.kind === 'none' };
  }
  return { text: ev.short(d.node), volatility: 'unknown', isNull: false };
}

/** Keyword arguments that change no SQL (Field.non_db_attrs in Django 5.x) plus state-only ones. */
export const NON_DB_ATTRS = new Set(['blank', 'choices', 'db_column', 'editable', 'error_messages', 'help_text', 'limit_choices_to', 'on_delete', 'related_name', 'related_query_name', 'validators', 'verbose_name', 'preserve_default']);

/** The database-relevant part of a field, to tell whether AlterField changes anything (`_field_should_be_altered`). */
export function dbSignature(f: Field, ev: Evaluator): string {
  const parts = [...f.kwargs].filter(([k]) => !NON_DB_ATTRS.has(k) && k !== 'to').map(([k, v]) => `${k}=${ev.short(v.node, 400)}`).sort();
  return `${f.cls}(${f.args.map((a) => ev.short(a.node, 400)).join(',')};${parts.join(',')})`;
}
