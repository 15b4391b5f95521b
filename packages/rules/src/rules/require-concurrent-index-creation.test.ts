import { RuleTester } from '@migralint/core';
import rule from './require-concurrent-index-creation.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);' },
    { code: 'create index concurrently if not exists ix on users (email);' },
    { name: 'comments between tokens', code: 'CREATE /* a */ INDEX -- b\n  CONCURRENTLY ix ON users (email);' },
    { name: 'new table', code: 'CREATE TABLE t (id bigint);\nCREATE INDEX t_id_idx ON t (id);' },
    { name: 'new table, quoted and schema-qualified', code: 'CREATE TABLE app."Events" (id bigint);\nCREATE INDEX ON app."Events" (id);' },
    { name: 'new table, public. spelled on one side only', code: 'CREATE TABLE t (id bigint);\nCREATE INDEX ON public.t (id);' },
    { name: 'new table inside BEGIN/COMMIT', code: 'BEGIN;\nCREATE TABLE t (id bigint);\nCREATE INDEX ON t (id);\nCOMMIT;' },
    { name: 'new table, CRLF', code: 'CREATE TABLE t (id bigint);\r\nCREATE INDEX ON t (id);\r\n' },
    { name: 'known small table (ignoreSmallTables defaults to true)', code: 'CREATE INDEX ix ON users (email);', tableSizes: { users: 'small' } },
    { name: 'new table that config calls large', code: 'CREATE TABLE users (id bigint);\nCREATE INDEX ix ON users (id);', tableSizes: { users: 'large' } },
  ],
  invalid: [
    {
      code: 'CREATE INDEX users_email_idx ON users (email);',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 46, data: { index: 'users_email_idx', table: 'users' } }],
      output: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
    },
    {
      name: 'multi-line statement after another',
      code: 'SELECT 1;\n\n  CREATE UNIQUE INDEX\n    users_email_key ON users (email);',
      errors: [{ messageId: 'missing', line: 3, column: 3, endLine: 4, endColumn: 37 }],
      output: 'SELECT 1;\n\n  CREATE UNIQUE INDEX CONCURRENTLY\n    users_email_key ON users (email);',
    },
    {
      name: 'two findings',
      code: 'CREATE INDEX a_idx ON a (x);\nCREATE INDEX b_idx ON b (y);',
      errors: [
        { messageId: 'missing', line: 1, column: 1, data: { index: 'a_idx', table: 'a' } },
        { messageId: 'missing', line: 2, column: 1, data: { index: 'b_idx', table: 'b' } },
      ],
      output: 'CREATE INDEX CONCURRENTLY a_idx ON a (x);\nCREATE INDEX CONCURRENTLY b_idx ON b (y);',
    },
    {
      name: 'unnamed index on a quoted, schema-qualified table: PostgreSQL\'s generated name',
      code: 'CREATE INDEX ON app."Users" ("Email");',
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { index: '"Users_Email_idx"', table: 'app."Users"' } }],
      output: 'CREATE INDEX CONCURRENTLY ON app."Users" ("Email");',
    },
    {
      name: 'unnamed expression index',
      code: 'CREATE INDEX ON users (lower(email));',
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { index: 'users_lower_idx', table: 'users' } }],
    },
    {
      name: 'lower-case keywords and IF NOT EXISTS',
      code: 'create index if not exists ix on users (email);',
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { index: 'ix', table: 'users' } }],
      output: 'create index concurrently if not exists ix on users (email);',
    },
    {
      name: 'comments between tokens',
      code: 'CREATE /* why */ UNIQUE -- note\nINDEX ix ON users (email);',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 2, endColumn: 26 }],
      output: 'CREATE /* why */ UNIQUE -- note\nINDEX CONCURRENTLY ix ON users (email);',
    },
    {
      name: 'CRLF',
      code: 'SELECT 1;\r\nCREATE INDEX ix ON users (email);\r\n',
      errors: [{ messageId: 'missing', line: 2, column: 1, endLine: 2, endColumn: 33 }],
      output: 'SELECT 1;\r\nCREATE INDEX CONCURRENTLY ix ON users (email);\r\n',
    },
    {
      name: 'inside BEGIN/COMMIT: no fix, CONCURRENTLY would fail there',
      code: 'BEGIN;\nCREATE INDEX ix ON users (email);\nCOMMIT;',
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
      output: null,
    },
    {
      name: 'migration tool\'s transaction: no fix',
      code: 'CREATE INDEX ix ON users (email);',
      assumeInTransaction: true,
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (id bigint);\nCREATE INDEX ix ON users (t_id);',
      errors: [{ messageId: 'missing', line: 2, column: 1, data: { index: 'ix', table: 'users' } }],
    },
    {
      name: 'a new table in another schema does not exempt the public one',
      code: 'CREATE TABLE app.t (id bigint);\nCREATE INDEX ix ON t (id);',
      errors: [{ messageId: 'missing', line: 2, column: 1, data: { index: 'ix', table: 't' } }],
    },
    {
      name: 'known large table: the message says so',
      code: 'CREATE INDEX users_email_idx ON users (email);',
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'missingLargeTable', line: 1, column: 1, data: { index: 'users_email_idx', table: 'users' } }],
      output: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
    },
    {
      name: 'known small table with ignoreSmallTables: false',
      code: 'CREATE INDEX ix ON users (email);',
      tableSizes: { users: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { index: 'ix', table: 'users' } }],
    },
    {
      name: 'only the small table is quiet',
      code: 'CREATE INDEX a_ix ON small_t (x);\nCREATE INDEX b_ix ON big_t (y);\nCREATE INDEX c_ix ON other_t (z);',
      tableSizes: { small_t: 'small', big_t: 'large' },
      errors: [
        { messageId: 'missingLargeTable', line: 2, column: 1, data: { index: 'b_ix', table: 'big_t' } },
        { messageId: 'missing', line: 3, column: 1, data: { index: 'c_ix', table: 'other_t' } },
      ],
    },
  ],
});
