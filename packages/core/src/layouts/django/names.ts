/**
 * The names Django gives tables, indexes and constraints, re-implemented from their description
 * in django/db/backends/utils.py (`names_digest`, `truncate_name`) and
 * django/db/backends/base/schema.py (`_create_index_name`), so that findings name the same
 * objects the database will hold.
 */
import { createHash } from 'node:crypto';
import type { Engine } from '../../model/migration.js';

/** `connection.ops.max_name_length()`: PostgreSQL 63 (NAMEDATALEN - 1), MySQL 64, SQLite none (200 is used). */
export function maxNameLength(engine: Engine): number {
  return engine === 'postgresql' ? 63 : engine === 'mysql' ? 64 : 200;
}

/** md5 over the arguments one after the other, first `length` hex digits. */
export function namesDigest(args: readonly string[], length: number): string {
  const h = createHash('md5');
  for (const a of args) h.update(a, 'utf8');
  return h.digest('hex').slice(0, length);
}

/** Shortens an identifier to `length` with a 4-digit hash suffix, as Django does for table names. */
export function truncateName(identifier: string, length: number): string {
  if (identifier.length <= length) return identifier;
  return `${identifier.slice(0, length - 4)}${namesDigest([identifier], 4)}`;
}

/** `_create_index_name(table, columns, suffix)`: `<table>_<cols>_<hash8><suffix>`, shortened to fit. */
export function createIndexName(engine: Engine, table: string, columns: readonly string[], suffix = ''): string {
  const maxLength = maxNameLength(engine);
  let hashSuffix = `${namesDigest([table, ...columns], 8)}${suffix}`;
  let name = `${table}_${columns.join('_')}_${hashSuffix}`;
  if (name.length <= maxLength) return name;
  if (hashSuffix.length > maxLength / 3) hashSuffix = hashSuffix.slice(0, Math.floor(maxLength / 3));
  const other = Math.floor((maxLength - hashSuffix.length) / 2) - 1;
  name = `${table.slice(0, other)}_${columns.join('_').slice(0, other)}_${hashSuffix}`;
  if (name[0] === '_' || /^\d/.test(name)) name = `D${name.slice(0, -1)}`;
  return name;
}

/** `<app_label>_<model_name>` (lower-cased), shortened to the engine's identifier length. */
export function defaultTableName(engine: Engine, appLabel: string, modelName: string): string {
  return truncateName(`${appLabel}_${modelName.toLowerCase()}`, maxNameLength(engine));
}
