import type { ObjectRef } from '@migralint/core';

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

// PostgreSQL's default object names live in core (the replayed schema needs them too).
export { constraintName, foreignKeyName, indexName } from '@migralint/core';
