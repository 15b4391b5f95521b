/**
 * The shared case table: unsafe (and safe) schema changes that every layout must report with
 * the same rule ids as plain SQL does. Each layout's test writes these cases in its own form
 * (Liquibase XML, Knex, Alembic, Django …) and checks them with `expectSameAsSql`.
 *
 * Every case runs against tables that an EARLIER migration created (`users`, `orders`), so
 * lock rules apply: tables from earlier migrations are existing ones.
 */
export interface SharedCase {
  id: string;
  /** The statement under test, in PostgreSQL. */
  sql: string;
  /** True when the statement must run outside a transaction (CREATE INDEX CONCURRENTLY). */
  nonTransactional?: boolean;
  /** Safe cases must produce no finding in any layout. */
  safe?: boolean;
}

export const SETUP_SQL = [
  'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(50), name text);',
  'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric(10, 2));',
  'CREATE INDEX users_email_idx ON users (email);',
].join('\n');

export const SHARED_CASES: readonly SharedCase[] = [
  { id: 'create-index', sql: 'CREATE INDEX users_name_idx ON users (name);' },
  { id: 'create-unique-index', sql: 'CREATE UNIQUE INDEX users_email_key ON users (email);' },
  { id: 'drop-index', sql: 'DROP INDEX users_email_idx;' },
  { id: 'add-column-volatile-default', sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();' },
  { id: 'add-required-column', sql: 'ALTER TABLE users ADD COLUMN age integer NOT NULL;' },
  { id: 'add-check-constraint', sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);' },
  { id: 'add-foreign-key', sql: 'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fk FOREIGN KEY (user_id) REFERENCES users (id);' },
  { id: 'drop-column', sql: 'ALTER TABLE users DROP COLUMN name;' },
  { id: 'drop-table', sql: 'DROP TABLE orders;' },
  { id: 'rename-column', sql: 'ALTER TABLE users RENAME COLUMN name TO full_name;' },
  { id: 'rename-table', sql: 'ALTER TABLE orders RENAME TO purchases;' },
  { id: 'change-column-type', sql: 'ALTER TABLE orders ALTER COLUMN total TYPE integer;' },
  { id: 'safe-add-nullable-column', sql: 'ALTER TABLE users ADD COLUMN nickname text;', safe: true },
  { id: 'safe-constant-default', sql: 'ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT false;', safe: true },
  { id: 'safe-widen-varchar', sql: 'ALTER TABLE users ALTER COLUMN email TYPE varchar(100);', safe: true },
  { id: 'safe-concurrent-index', sql: 'CREATE INDEX CONCURRENTLY users_name_idx ON users (name);', nonTransactional: true, safe: true },
];

export function sharedCase(id: string): SharedCase {
  const c = SHARED_CASES.find((x) => x.id === id);
  if (!c) throw new Error(`no shared case '${id}'`);
  return c;
}
