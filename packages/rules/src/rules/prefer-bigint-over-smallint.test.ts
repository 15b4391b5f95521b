import { RuleTester } from '@migralint/core';
import rule from './prefer-bigint-over-smallint.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'CREATE TABLE products (id bigint, stock bigint);' },
    { name: 'integer is another rule\'s', code: 'CREATE TABLE t (n int, s serial);' },
    { name: 'widening to bigint', code: 'ALTER TABLE products ALTER COLUMN stock TYPE bigint;' },
    { name: 'down migration', code: 'CREATE TABLE t (n smallint);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE products (id bigint PRIMARY KEY, stock smallint NOT NULL);',
      errors: [{ messageId: 'smallint', line: 1, column: 53, endLine: 1, endColumn: 61, data: { table: 'products', column: 'stock', type: 'smallint' } }],
    },
    {
      name: 'int2, smallserial, serial2 and arrays: several findings',
      code: 'CREATE TABLE t (\n  a int2,\n  b smallserial,\n  c serial2,\n  d smallint[]\n);',
      errors: [
        { messageId: 'smallint', line: 2, column: 5, endColumn: 9 },
        { messageId: 'smallint', line: 3, column: 5, endColumn: 16, data: { table: 't', column: 'b', type: 'smallserial' } },
        { messageId: 'smallint', line: 4, column: 5, endColumn: 12 },
        { messageId: 'smallint', line: 5, column: 5, endColumn: 15 },
      ],
    },
    {
      name: 'ADD COLUMN, lower-case, IF NOT EXISTS, quoted and schema-qualified',
      code: 'alter table app."Items" add column if not exists "Rank" smallint;',
      errors: [{ messageId: 'smallint', line: 1, column: 57, endColumn: 65, data: { table: 'app."Items"', column: '"Rank"', type: 'smallint' } }],
    },
    {
      name: 'ALTER COLUMN … TYPE, comments, BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE products ALTER COLUMN stock /* why */ TYPE int2;\r\nCOMMIT;',
      errors: [{ messageId: 'smallint', line: 2, column: 56, endColumn: 60 }],
    },
  ],
});
