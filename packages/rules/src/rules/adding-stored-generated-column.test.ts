import { RuleTester } from '@migralint/core';
import rule from './adding-stored-generated-column.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'virtual on PostgreSQL 18', code: 'ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) VIRTUAL;', engineVersion: 18 },
    { name: 'STORED left out means VIRTUAL on 18', code: 'ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100);', engineVersion: 18 },
    { name: 'a plain column', code: 'ALTER TABLE orders ADD COLUMN cents bigint;' },
    { name: 'new table', code: 'CREATE TABLE t (total numeric);\nALTER TABLE t ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;' },
    {
      name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF, IF NOT EXISTS',
      code: 'BEGIN;\r\nCREATE TABLE app."T" (total numeric);\r\nALTER TABLE app."T" ADD COLUMN IF NOT EXISTS cents bigint GENERATED ALWAYS AS (total * 100) STORED;\r\nCOMMIT;',
    },
    { name: 'stored in CREATE TABLE', code: 'CREATE TABLE t (total numeric, cents bigint GENERATED ALWAYS AS (total * 100) STORED);', engineVersion: 12 },
    { name: 'a table config marks small', code: 'ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;', tableSizes: { orders: 'small' } },
    { name: 'down migration', code: 'ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;', direction: 'down' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;',
      errors: [{ messageId: 'stored', line: 1, column: 20, endLine: 1, endColumn: 84, data: { table: 'orders', column: 'cents' } }],
    },
    {
      name: 'lower-case, IF NOT EXISTS, quoted and schema-qualified',
      code: 'alter table app."Orders" add column if not exists "Cents" bigint generated always as ("Total" * 100) stored;',
      errors: [{ messageId: 'stored', line: 1, column: 26, data: { table: 'app."Orders"', column: '"Cents"' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE orders\n  ADD COLUMN a int GENERATED ALWAYS AS (1) STORED, -- first\n  ADD /* second */ COLUMN b int GENERATED ALWAYS AS (2) STORED;',
      errors: [
        { messageId: 'stored', line: 2, column: 3, data: { table: 'orders', column: 'a' } },
        { messageId: 'stored', line: 3, column: 3, data: { table: 'orders', column: 'b' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;\r\nCOMMIT;',
      errors: [{ messageId: 'stored', line: 2, column: 20 }],
    },
    {
      name: 'a table config marks large',
      code: 'ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;',
      tableSizes: { orders: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 20, data: { table: 'orders', column: 'cents' } }],
    },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: 'ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;',
      tableSizes: { orders: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'stored', line: 1, column: 20 }],
    },
    {
      name: 'PostgreSQL 17: no VIRTUAL, STORED is required',
      code: 'ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100);',
      engineVersion: 17,
      errors: [{ messageId: 'virtualBeforeV18', line: 1, column: 20, data: { version: 17 } }],
    },
    {
      name: 'PostgreSQL 15: VIRTUAL fails in CREATE TABLE too',
      code: 'CREATE TABLE t (total numeric, cents bigint GENERATED ALWAYS AS (total * 100) VIRTUAL);',
      errors: [{ messageId: 'virtualBeforeV18', line: 1, column: 1, data: { version: 15 } }],
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (id int);\nALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (total * 100) STORED;',
      errors: [{ messageId: 'stored', line: 2, column: 20 }],
    },
  ],
});
