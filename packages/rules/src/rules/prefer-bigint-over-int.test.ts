import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './prefer-bigint-over-int.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: 'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY, n int8, s bigserial);' },
    { name: 'smallint is another rule\'s', code: 'CREATE TABLE t (n smallint);' },
    { name: 'widening to bigint', code: 'ALTER TABLE orders ALTER COLUMN n TYPE bigint;' },
    { name: 'numeric', code: 'CREATE TABLE t (n numeric(10, 0));' },
    { name: 'down migration', code: 'CREATE TABLE t (n int);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE orders (id serial PRIMARY KEY, user_id integer NOT NULL);',
      errors: [
        { messageId: 'int', line: 1, column: 25, endLine: 1, endColumn: 31, data: { table: 'orders', column: 'id', type: 'serial' } },
        { messageId: 'int', line: 1, column: 53, endLine: 1, endColumn: 60, data: { table: 'orders', column: 'user_id', type: 'integer' } },
      ],
    },
    {
      name: 'int, int4, serial4 and arrays',
      code: 'CREATE TABLE t (\n  a int,\n  b int4,\n  c serial4,\n  d integer[]\n);',
      errors: [
        { messageId: 'int', line: 2, column: 5, endColumn: 8 },
        { messageId: 'int', line: 3, column: 5, endColumn: 9 },
        { messageId: 'int', line: 4, column: 5, endColumn: 12 },
        { messageId: 'int', line: 5, column: 5, endColumn: 14, data: { table: 't', column: 'd', type: 'integer[]' } },
      ],
    },
    {
      name: 'ADD COLUMN, IF NOT EXISTS, lower-case, quoted and schema-qualified',
      code: 'alter table app."Users" add column if not exists "Visits" int not null default 0;',
      errors: [{ messageId: 'int', line: 1, column: 59, endColumn: 62, data: { table: 'app."Users"', column: '"Visits"', type: 'integer' } }],
    },
    {
      name: 'ALTER COLUMN … TYPE narrowing to integer, comments, BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE orders -- why\r\n  ALTER COLUMN total TYPE /* smaller */ integer;\r\nCOMMIT;',
      errors: [{ messageId: 'int', line: 3, column: 41, endColumn: 48, data: { table: 'orders', column: 'total', type: 'integer' } }],
    },
  ],
});

it('prefer-bigint-over-int: the help suggests the 64-bit spelling of the same kind', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'CREATE TABLE t (a serial, b int[]);' });
  expect(diagnostics.map((d) => d.help)).toEqual([
    'Declare a as bigserial: 4 more bytes per row, no overflow in practice.',
    'Declare b as bigint[]: 4 more bytes per row, no overflow in practice.',
  ]);
});
