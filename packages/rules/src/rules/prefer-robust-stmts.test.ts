import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './prefer-robust-stmts.js';

const tester = new RuleTester();
// The migration tool runs these without a transaction, unless a case says otherwise.
const NO_TX = { assumeInTransaction: false };

tester.run(rule, {
  valid: [
    { code: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS billing_email text;\nDROP INDEX CONCURRENTLY IF EXISTS users_billing_email_idx;\nCREATE INDEX CONCURRENTLY users_billing_email_idx ON users (billing_email);' },
    { name: 'in the migration tool\'s transaction a failure undoes everything', code: 'ALTER TABLE users ADD COLUMN c int;\nCREATE TABLE t (id int);\nDROP TABLE old;', assumeInTransaction: true },
    { name: 'inside BEGIN/COMMIT', code: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCREATE TABLE t (id int);\nCOMMIT;', ...NO_TX },
    { name: 'unknown setup and nothing that needs to run outside a transaction', code: 'ALTER TABLE users ADD COLUMN c int;\nCREATE TABLE t (id int);' },
    { name: 'the last fallible statement is never re-run after succeeding', code: "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN c int;\nRESET lock_timeout;", ...NO_TX },
    {
      name: 'guards everywhere, lower-case, quoted and schema-qualified',
      code: 'create table if not exists app."T" (id int);\nalter table app."T" add column if not exists c int;\ncreate index if not exists ix on app."T" (c);\nalter table app."T" drop constraint if exists k;\nalter table app."T" add constraint k check (c > 0);\ndrop table if exists app.old;\nalter table app."T" drop column if exists d;\ndrop index if exists app.iy;',
      ...NO_TX,
    },
    { name: 'comments between tokens, CRLF', code: 'CREATE TABLE /* t */ IF -- x\r\n NOT EXISTS t (id int);\r\nDROP TABLE IF EXISTS u;\r\n', ...NO_TX },
  ],
  invalid: [
    {
      name: 'squawk\'s example: a column, then an index built CONCURRENTLY with IF NOT EXISTS (two findings)',
      code: 'ALTER TABLE users ADD COLUMN billing_email text;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_billing_email_idx ON users (billing_email);',
      errors: [
        { messageId: 'addColumn', line: 1, column: 19, data: { column: 'billing_email', table: 'users' } },
        { messageId: 'concurrentIndexIfNotExists', line: 2, column: 1, data: { index: 'users_billing_email_idx' } },
      ],
    },
    {
      name: 'a single CREATE INDEX CONCURRENTLY: a failed build leaves an INVALID index behind',
      code: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      errors: [{ messageId: 'concurrentIndex', line: 1, column: 1, data: { index: 'users_email_idx' } }],
    },
    {
      name: 'every create and drop without a guard, in a migration the tool runs without a transaction',
      code: 'CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);\nDROP TABLE old;\nDROP INDEX old_idx;\nALTER TABLE users DROP COLUMN legacy;\nALTER TABLE users DROP CONSTRAINT users_x_check;\nALTER TABLE users ADD CONSTRAINT users_y_check CHECK (y > 0);\nSELECT 1;',
      ...NO_TX,
      errors: [
        { messageId: 'create', line: 1, column: 1, data: { object: 'table t' } },
        { messageId: 'create', line: 2, column: 1, data: { object: 'index t_id_idx' } },
        { messageId: 'drop', line: 3, column: 1, data: { object: 'table old' } },
        { messageId: 'drop', line: 4, column: 1, data: { object: 'index old_idx' } },
        { messageId: 'drop', line: 5, column: 19, data: { object: 'column legacy of users' } },
        { messageId: 'drop', line: 6, column: 19, data: { object: 'constraint users_x_check of users' } },
        { messageId: 'addConstraint', line: 7, column: 19, data: { constraint: 'users_y_check', table: 'users' } },
      ],
    },
    {
      name: 'new tables are not exempt: a re-run repeats their CREATE TABLE too',
      code: 'CREATE TABLE IF NOT EXISTS t (id int);\nALTER TABLE t ADD COLUMN c int;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_c_idx ON t (c);',
      errors: [
        { messageId: 'addColumn', line: 2, column: 15, data: { column: 'c', table: 't' } },
        { messageId: 'concurrentIndexIfNotExists', line: 3, column: 1, data: { index: 't_c_idx' } },
      ],
    },
    {
      name: 'statements after a COMMIT run outside the transaction; lower-case, quoted, schema-qualified',
      code: 'begin;\ncreate table a (id int);\ncommit;\nalter table app."Users" add column "Nick" text;\ncreate index concurrently on app."Users" ("Nick");',
      errors: [
        { messageId: 'addColumn', line: 4, column: 25, data: { column: '"Nick"', table: 'app."Users"' } },
        { messageId: 'concurrentIndex', line: 5, column: 1, data: { index: '"Users_Nick_idx"' } },
      ],
    },
    {
      name: 'CRLF, comments between tokens',
      code: 'DROP /* old */ TABLE -- x\r\n  legacy;\r\nCREATE TABLE t (id int);\r\n',
      ...NO_TX,
      errors: [{ messageId: 'drop', line: 1, column: 1, endLine: 2, endColumn: 9, data: { object: 'table legacy' } }],
    },
    {
      name: 'the guard must drop the same index',
      code: 'DROP INDEX CONCURRENTLY IF EXISTS other_idx;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      errors: [{ messageId: 'concurrentIndex', line: 2, column: 1, data: { index: 'users_email_idx' } }],
    },
  ],
});

it('prefer-robust-stmts: the help is the guarded statement with the user\'s names', async () => {
  const { diagnostics } = await tester.lintCase(rule, {
    code: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nALTER TABLE users ADD COLUMN c int;\nSELECT 1;',
  });
  expect(diagnostics.map((d) => d.help)).toEqual([
    'Put DROP INDEX CONCURRENTLY IF EXISTS users_email_idx; right before CREATE INDEX CONCURRENTLY users_email_idx ON users …: a re-run then removes the leftover and builds it again. Or, unless something in the migration must run outside a transaction (CONCURRENTLY), let it run in one: a failure then undoes every statement.',
    'Write ALTER TABLE users ADD COLUMN IF NOT EXISTS c … instead. Or, unless something in the migration must run outside a transaction (CONCURRENTLY), let it run in one: a failure then undoes every statement.',
  ]);
});
