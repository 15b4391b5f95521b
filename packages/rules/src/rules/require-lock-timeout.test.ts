import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './require-lock-timeout.js';

const tester = new RuleTester();

// The rule reports once per migration, at the first statement that waits without a lock_timeout,
// and names the later ones in the message: one case with "two findings" is therefore one finding
// that lists a second line.
tester.run(rule, {
  valid: [
    { code: "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN nickname text;" },
    { name: 'lower-case keywords, SET … TO', code: "set lock_timeout to '2s';\nalter table users add column nickname text;" },
    { name: 'comments between tokens', code: "SET /* why */ lock_timeout -- ms\n  = 2000;\nALTER TABLE users DROP COLUMN legacy;" },
    { name: 'SET LOCAL inside BEGIN/COMMIT', code: "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;" },
    { name: 'SET LOCAL in the migration tool\'s transaction', code: "SET LOCAL lock_timeout = '2s';\nCREATE INDEX ix ON users (email);", assumeInTransaction: true },
    { name: 'new table', code: 'CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN c int;\nCREATE INDEX ON t (c);' },
    { name: 'new quoted, schema-qualified table, CRLF', code: 'CREATE TABLE app."Events" (id bigint);\r\nCREATE INDEX ON app."Events" (id);\r\n' },
    {
      name: 'locks that do not conflict with reads or writes: CONCURRENTLY, VALIDATE, DML',
      code: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON users (email);\nALTER TABLE orders VALIDATE CONSTRAINT c;\nUPDATE users SET x = 1 WHERE id = 1;\nINSERT INTO users (id) VALUES (1);',
    },
    { name: 'a new table that references nothing', code: 'CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY);' },
    {
      name: 'PostgreSQL 12+: ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent, and the partition is new',
      code: 'CREATE TABLE events_2025 (id bigint);\nALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM (1) TO (10);',
      engineVersion: 12,
    },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD COLUMN nickname text;',
      errors: [{ messageId: 'readsAndWrites', line: 1, column: 19, endLine: 1, endColumn: 43, data: { statement: 'ALTER TABLE users ADD COLUMN nickname text', table: 'users', later: '' } }],
    },
    {
      name: 'a SET after the statement does not help it (not once per file)',
      code: "ALTER TABLE users ADD COLUMN c int;\nSET lock_timeout = '2s';\nCREATE INDEX ix ON users (c);",
      errors: [{ messageId: 'readsAndWrites', line: 1, column: 19, data: { statement: 'ALTER TABLE users ADD COLUMN c integer', table: 'users', later: '' } }],
    },
    {
      name: 'one finding that names the later statements; SHARE blocks writes only',
      code: 'CREATE INDEX ix ON users (email);\nALTER TABLE orders DROP COLUMN note;\nALTER TABLE orders DROP COLUMN memo, DROP COLUMN extra;',
      errors: [
        {
          messageId: 'writes',
          line: 1,
          column: 1,
          data: { statement: 'CREATE INDEX ix ON users', article: 'a', mode: 'SHARE', table: 'users', later: ' Later statements on lines 2, 3 wait without a lock_timeout too.' },
        },
      ],
    },
    {
      name: 'lock_timeout = 0 turns it off',
      code: 'SET lock_timeout = 0;\nALTER TABLE users DROP COLUMN legacy;',
      errors: [{ messageId: 'readsAndWrites', line: 2, column: 19 }],
    },
    {
      name: 'RESET lock_timeout',
      code: "SET lock_timeout = '2s';\nRESET lock_timeout;\nALTER TABLE users DROP COLUMN legacy;",
      errors: [{ messageId: 'readsAndWrites', line: 3, column: 19 }],
    },
    {
      name: 'SET LOCAL ends with its transaction',
      code: "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE users ADD COLUMN a int;\nCOMMIT;\nALTER TABLE users ADD COLUMN b int;",
      errors: [{ messageId: 'readsAndWrites', line: 5, column: 19, data: { statement: 'ALTER TABLE users ADD COLUMN b integer', table: 'users', later: '' } }],
    },
    {
      name: 'lower-case, quoted and schema-qualified',
      code: 'alter table app."Users" add column c int;',
      errors: [{ messageId: 'readsAndWrites', line: 1, column: 25, data: { statement: 'ALTER TABLE app."Users" ADD COLUMN c integer', table: 'app."Users"', later: '' } }],
    },
    {
      name: 'a new table whose foreign key locks an existing one',
      code: 'CREATE TABLE orders2 (id bigint, user_id bigint REFERENCES users (id));',
      errors: [{ messageId: 'writes', line: 1, column: 1, data: { statement: 'CREATE TABLE orders2', article: 'a', mode: 'SHARE ROW EXCLUSIVE', table: 'users', later: '' } }],
    },
    {
      name: 'CRLF, an index whose table an earlier migration created',
      before: 'CREATE TABLE users (id bigint, email text);\nCREATE INDEX users_email_idx ON users (email);',
      code: 'SELECT 1;\r\nDROP INDEX users_email_idx;\r\n',
      errors: [{ messageId: 'readsAndWrites', line: 2, column: 1, endLine: 2, endColumn: 27, data: { statement: 'DROP INDEX users_email_idx', table: 'users', later: '' } }],
    },
    {
      name: 'a lock_timeout set by an earlier migration does not carry over',
      before: "SET lock_timeout = '2s';",
      code: 'ALTER TABLE users ADD COLUMN c int;',
      errors: [{ messageId: 'readsAndWrites', line: 1, column: 19 }],
    },
    {
      name: 'before PostgreSQL 12, ATTACH PARTITION locks the parent ACCESS EXCLUSIVE',
      code: 'CREATE TABLE events_2025 (id bigint);\nALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM (1) TO (10);',
      engineVersion: 11,
      errors: [{ messageId: 'readsAndWrites', line: 2, column: 20, data: { statement: 'ALTER TABLE events ATTACH PARTITION events_2025', table: 'events', later: '' } }],
    },
    {
      name: 'inside BEGIN/COMMIT',
      code: 'BEGIN;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nCOMMIT;',
      errors: [{ messageId: 'readsAndWrites', line: 2, column: 19, data: { statement: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL', table: 'users', later: '' } }],
    },
  ],
});

it('require-lock-timeout: the recipe uses SET LOCAL inside a transaction and names the line', async () => {
  const tx = await tester.lintCase(rule, { code: 'SELECT 1;\nALTER TABLE users ADD COLUMN c int;', assumeInTransaction: true });
  expect(tx.diagnostics[0]?.help).toBe(
    "Set a lock timeout before line 2: SET LOCAL lock_timeout = '2s'; inside the transaction (it ends with it). Then ALTER TABLE users ADD COLUMN c integer gives up after 2 s instead of stalling users, and the migration can simply be retried (a deploy script can retry a few times). If the connection or role that runs migrations already sets lock_timeout, turn this rule off.",
  );
  const plain = await tester.lintCase(rule, { code: 'ALTER TABLE users ADD COLUMN c int;' });
  expect(plain.diagnostics[0]?.help).toMatch(/^Set a lock timeout before line 1: SET lock_timeout = '2s'; as the migration's first statement\./);
});
