/*
 * Checks the analysis layer and the dialects against the real servers this project's machines
 * run (PostgreSQL 15 — the default engineVersion — and MariaDB). PGlite covers PostgreSQL 18 in
 * the rule oracles; this file covers the oldest supported major. Skipped, with the reason
 * printed, when MIGRALINT_TEST_PG_URL / MIGRALINT_TEST_MYSQL_URL are unset (.ci/run sets them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { loadParsers, parseSql, plainSqlMigration, RunAnalysis, SourceFile } from '@migralint/core';

const PG_URL = process.env.MIGRALINT_TEST_PG_URL;
const MYSQL_URL = process.env.MIGRALINT_TEST_MYSQL_URL;
if (!PG_URL) console.log('servers.test: PostgreSQL checks skipped: MIGRALINT_TEST_PG_URL is not set');
if (!MYSQL_URL) console.log('servers.test: MySQL checks skipped: MIGRALINT_TEST_MYSQL_URL is not set');

const FIXTURE = `
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(50), name text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), total numeric(10,2));
INSERT INTO users SELECT g, 'u' || g, 'n' || g FROM generate_series(1, 200) g;
INSERT INTO orders SELECT g, g, g FROM generate_series(1, 200) g;
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE events (id bigint, payload text);
INSERT INTO events SELECT g, 'p' FROM generate_series(1, 50) g;
`;

// Statements whose lock on `users`/`orders` the analysis layer predicts.
const STATEMENTS = [
  'CREATE INDEX ix ON users (name)',
  'ALTER TABLE users ADD COLUMN c int DEFAULT 0',
  'ALTER TABLE users ADD COLUMN c uuid DEFAULT gen_random_uuid()',
  'ALTER TABLE users ALTER COLUMN email TYPE varchar(100)',
  'ALTER TABLE users ALTER COLUMN email TYPE text',
  'ALTER TABLE orders ALTER COLUMN total TYPE integer',
  "ALTER TABLE users ADD CONSTRAINT name_len CHECK (length(name) < 100)",
  "ALTER TABLE users ADD CONSTRAINT name_len CHECK (length(name) < 100) NOT VALID",
  'ALTER TABLE orders ADD CONSTRAINT o_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID',
  'ALTER TABLE users ALTER COLUMN name SET NOT NULL',
  'ALTER TABLE users RENAME COLUMN name TO full_name',
  'DROP INDEX users_email_idx',
  'UPDATE users SET name = name WHERE id < 10',
  'TRUNCATE orders',
  'VACUUM FULL users',
  'ALTER TABLE events SET UNLOGGED',
];

describe.skipIf(!PG_URL)('PostgreSQL server (oldest supported major)', () => {
  let client: pg.Client;
  let version = 0;
  beforeAll(async () => {
    await loadParsers();
    client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    version = Math.floor(Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000);
    await client.query('DROP SCHEMA IF EXISTS migralint_test CASCADE; CREATE SCHEMA migralint_test; SET search_path = migralint_test');
    await client.query(FIXTURE);
  });
  afterAll(async () => {
    await client?.query('DROP SCHEMA IF EXISTS migralint_test CASCADE');
    await client?.end();
  });

  it.each(STATEMENTS)('%s: the predicted table locks and rewrite are what the server does', async (sql) => {
    const m = plainSqlMigration(new SourceFile('m.sql', `${FIXTURE}\n${sql};`), { engine: 'postgresql' }).migration;
    const a = new RunAnalysis({ engineVersion: () => version });
    a.enter(m);
    for (const op of m.operations) a.advance(op);
    const effect = a.effect(m.operations[m.operations.length - 1]!);
    const predicted = effect.locks.filter((l) => l.kind === 'table').map((l) => `${l.relation.name}:${l.mode}`).sort();

    const nonTx = /^VACUUM/.test(sql);
    const relfile = async () => (await client.query("SELECT relname, relfilenode FROM pg_class WHERE relname IN ('users', 'orders', 'events') ORDER BY relname")).rows.map((r) => `${r.relname}:${r.relfilenode}`).join();
    const before = await relfile();
    let held: string[] = [];
    if (nonTx) {
      await client.query(sql);
    } else {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        const locks = await client.query(
          "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND c.relname IN ('users', 'orders', 'events') AND l.granted",
        );
        // pg_locks lists every mode taken; the statement's claim is the strongest per table.
        const order = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'];
        const best = new Map<string, string>();
        for (const r of locks.rows as Array<{ relname: string; mode: string }>) {
          if (!best.has(r.relname) || order.indexOf(r.mode) > order.indexOf(best.get(r.relname)!)) best.set(r.relname, r.mode);
        }
        held = [...best].map(([t, mode]) => `${t}:${mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase()}`).sort();
      } finally {
        await client.query('ROLLBACK');
      }
      expect(held).toEqual(predicted);
    }
    const rewritten = nonTx ? (await relfile()) !== before : undefined;
    if (rewritten !== undefined) expect(effect.rewrite).toBe(rewritten ? 'yes' : 'no');
  });

  it.each([
    ['ALTER TABLE users ADD COLUMN c int DEFAULT 0', 'no'],
    ['ALTER TABLE users ADD COLUMN c uuid DEFAULT gen_random_uuid()', 'yes'],
    ['ALTER TABLE users ALTER COLUMN email TYPE varchar(100)', 'no'],
    ['ALTER TABLE orders ALTER COLUMN total TYPE integer', 'yes'],
    ['ALTER TABLE events SET UNLOGGED', 'yes'],
  ])('%s rewrites: %s (relfilenode inside the transaction)', async (sql, expected) => {
    const m = plainSqlMigration(new SourceFile('m.sql', `${FIXTURE}\n${sql};`), { engine: 'postgresql' }).migration;
    const a = new RunAnalysis({ engineVersion: () => version });
    a.enter(m);
    for (const op of m.operations) a.advance(op);
    expect(a.effect(m.operations[m.operations.length - 1]!).rewrite).toBe(expected);
    await client.query('BEGIN');
    try {
      const q = "SELECT relfilenode FROM pg_class WHERE relname = $1 AND relnamespace = 'migralint_test'::regnamespace";
      const table = /orders|events/.exec(sql)?.[0] ?? 'users';
      const before = (await client.query(q, [table])).rows[0].relfilenode;
      await client.query(sql);
      const after = (await client.query(q, [table])).rows[0].relfilenode;
      expect(after !== before ? 'yes' : 'no').toBe(expected);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});

describe.skipIf(!MYSQL_URL)('MySQL/MariaDB server: what the server accepts parses', () => {
  let conn: mysql.Connection;
  beforeAll(async () => {
    conn = await mysql.createConnection(MYSQL_URL!);
    await conn.query('DROP DATABASE IF EXISTS migralint_test');
    await conn.query('CREATE DATABASE migralint_test');
    await conn.query('USE migralint_test');
  });
  afterAll(async () => {
    await conn?.query('DROP DATABASE IF EXISTS migralint_test');
    await conn?.end();
  });

  const SCRIPT = [
    'CREATE TABLE users (id BIGINT PRIMARY KEY AUTO_INCREMENT, email VARCHAR(100) NOT NULL, name TEXT) ENGINE=InnoDB',
    'CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT, total DECIMAL(10,2))',
    'ALTER TABLE users ADD COLUMN age INT NOT NULL DEFAULT 0, ALGORITHM=INPLACE, LOCK=NONE',
    'CREATE INDEX users_email_idx ON users (email)',
    'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)',
    'ALTER TABLE users MODIFY COLUMN email VARCHAR(200) NOT NULL',
    'ALTER TABLE users RENAME COLUMN name TO full_name',
    'UPDATE users SET age = 1 WHERE id < 10',
    'DROP INDEX users_email_idx ON users',
    'ALTER TABLE users DROP COLUMN age',
    'RENAME TABLE orders TO purchases',
    'DROP TABLE purchases',
  ];

  it('runs on the server and yields one operation per statement with no syntax error', async () => {
    for (const s of SCRIPT) await conn.query(s);
    const text = SCRIPT.map((s) => `${s};`).join('\n');
    const r = parseSql('mysql', { file: new SourceFile('m.sql', text), sql: text });
    expect(r.problems).toEqual([]);
    expect(r.operations.map((o) => o.kind)).toEqual([
      'createTable', 'createTable', 'addColumn', 'createIndex', 'addConstraint', 'alterColumnType',
      'renameColumn', 'dataChange', 'dropIndex', 'dropColumn', 'renameTable', 'dropTable',
    ]);
    expect(r.operations[2]!.sql).toMatchObject({ algorithm: 'INPLACE', lock: 'NONE' });
  });
});
