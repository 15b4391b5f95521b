import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './ban-char-field.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: 'CREATE TABLE countries (code text, name varchar(100));' },
    { name: 'the internal one-byte "char" type is not char(n)', code: 'CREATE TABLE flags (f "char");' },
    { name: 'a column named char', code: 'CREATE TABLE t ("char" text, character text);' },
    { name: 'change away from char', code: 'ALTER TABLE countries ALTER COLUMN code TYPE text;' },
    { name: 'down migration', code: 'CREATE TABLE countries (code char(2));', direction: 'down' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE countries (code char(2) PRIMARY KEY, name text);',
      errors: [{ messageId: 'charField', line: 1, column: 30, endLine: 1, endColumn: 37, data: { table: 'countries', column: 'code', type: 'char(2)' } }],
    },
    {
      name: 'character(n), character, bpchar and arrays; two findings',
      code: 'CREATE TABLE t (\n  a character(5),\n  b character,\n  c bpchar,\n  d char(3)[]\n);',
      errors: [
        { messageId: 'charField', line: 2, column: 5, endColumn: 17, data: { table: 't', column: 'a', type: 'char(5)' } },
        { messageId: 'charField', line: 3, column: 5, endColumn: 14, data: { table: 't', column: 'b', type: 'char(1)' } },
        { messageId: 'charField', line: 4, column: 5, endColumn: 11 },
        { messageId: 'charField', line: 5, column: 5, endColumn: 14, data: { table: 't', column: 'd', type: 'char(3)[]' } },
      ],
    },
    {
      name: 'ADD COLUMN, lower-case, IF NOT EXISTS, quoted and schema-qualified',
      code: 'alter table app."Users" add column if not exists "Locale" char(5) not null default \'en_US\';',
      errors: [{ messageId: 'charField', line: 1, column: 59, endColumn: 66, data: { table: 'app."Users"', column: '"Locale"', type: 'char(5)' } }],
    },
    {
      name: 'ALTER COLUMN … TYPE, comments between tokens, inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE users ALTER COLUMN /* c */ code SET DATA TYPE -- why\r\n  character(3);\r\nCOMMIT;',
      errors: [{ messageId: 'charField', line: 3, column: 3, endLine: 3, endColumn: 15, data: { table: 'users', column: 'code', type: 'char(3)' } }],
    },
    {
      name: 'columns with quoted names and a table constraint in between',
      code: 'CREATE TABLE IF NOT EXISTS "T" ("A b" text, CONSTRAINT pk PRIMARY KEY ("A b"), "C" char(2));',
      errors: [{ messageId: 'charField', line: 1, column: 84, endColumn: 91, data: { table: '"T"', column: '"C"', type: 'char(2)' } }],
    },
  ],
});

it('ban-char-field: the help names the column and its length', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'CREATE TABLE countries (code char(2));' });
  expect(diagnostics[0]?.help).toBe('Declare code as text; if the length is a rule, add CONSTRAINT countries_code_check CHECK (length(code) <= 2).');
});
