import type { ConstraintDef, CreateIndexOp, ObjectRef } from '../model/operation.js';

// PostgreSQL's reserved key words: a name spelled like one must be quoted.
const RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation ' +
    'column concurrently constraint create cross current_catalog current_date current_role current_schema current_time ' +
    'current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze ' +
    'from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit ' +
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references ' +
    'returning right select session_user similar some symmetric system_user table tablesample then to trailing true ' +
    'union unique user using variadic verbose when where window with').split(' '),
);

/** An identifier as it must be written in SQL to mean this exact name (quoted only when needed). */
export function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A table or index name as written in SQL, with its schema when the migration gave one. */
export function qualified(ref: ObjectRef): string {
  return ref.schema ? `${ident(ref.schema)}.${ident(ref.name)}` : ident(ref.name);
}


const NAMEDATALEN = 64;

// PostgreSQL's makeObjectName: shortens the two parts in turn until `name1_name2_label` fits.
function objectName(name1: string, name2: string, label: string): string {
  const overhead = label.length + 1 + (name2 ? 1 : 0);
  let n1 = name1.length;
  let n2 = name2.length;
  while (n1 + n2 > NAMEDATALEN - 1 - overhead) {
    if (n1 > n2) n1--;
    else n2--;
  }
  return [name1.slice(0, n1), name2.slice(0, n2), label].filter(Boolean).join('_');
}

/** The name PostgreSQL gives an index created without one (before it resolves collisions). */
export function indexName(op: CreateIndexOp): string {
  if (op.name) return op.name;
  const cols = op.columns.map((c) => (/^[A-Za-z_][\w$]*$/.test(c) ? c : (/^\s*([A-Za-z_][\w$]*)\s*\(/.exec(c)?.[1]?.toLowerCase() ?? 'expr')));
  return objectName(op.table.name, cols.join('_'), 'idx');
}

/** The name PostgreSQL gives a foreign key constraint added without one. */
export function foreignKeyName(table: ObjectRef, columns: readonly string[]): string {
  return objectName(table.name, columns.join('_'), 'fkey');
}

/** The name PostgreSQL gives a constraint added without one: `<table>_<columns>_<label>` (`key`, `pkey`, `excl`, `check`). */
export function constraintName(table: ObjectRef, columns: readonly string[], label: 'key' | 'pkey' | 'excl' | 'check' | 'not_null'): string {
  return objectName(table.name, label === 'pkey' ? '' : columns.join('_'), label);
}

const LABELS: Record<ConstraintDef['type'], 'key' | 'pkey' | 'excl' | 'check' | 'not_null' | 'fkey'> = {
  primaryKey: 'pkey',
  unique: 'key',
  exclude: 'excl',
  check: 'check',
  notNull: 'not_null',
  foreignKey: 'fkey',
};

/**
 * The name PostgreSQL gives an unnamed constraint. A CHECK is named after the first column its
 * expression mentions (best effort from the expression text).
 */
export function defaultConstraintName(table: ObjectRef, c: ConstraintDef): string {
  if (c.name) return c.name;
  if (c.type === 'foreignKey') return foreignKeyName(table, c.columns);
  let columns = c.columns;
  if (c.type === 'check') {
    const first = c.checksNotNullOf ?? /([A-Za-z_][\w$]*)/.exec((c.expression ?? '').replace(/'[^']*'/g, ''))?.[1];
    columns = first ? [first.toLowerCase()] : [];
  }
  const label = LABELS[c.type];
  return label === 'fkey' ? foreignKeyName(table, columns) : constraintName(table, columns, label);
}
