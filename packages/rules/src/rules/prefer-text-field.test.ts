import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './prefer-text-field.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: 'CREATE TABLE users (id bigint, email text CHECK (length(email) <= 255));' },
    { name: 'varchar without a limit is text', code: 'CREATE TABLE users (email varchar, name character varying);' },
    { name: 'change to text', code: 'ALTER TABLE users ALTER COLUMN email TYPE text;' },
    { name: 'char(n) is another rule\'s', code: 'CREATE TABLE t (c char(3));' },
    { name: 'down migration', code: 'ALTER TABLE users ADD COLUMN email varchar(255);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);',
      errors: [{ messageId: 'varchar', line: 1, column: 50, endLine: 1, endColumn: 62, data: { table: 'users', column: 'email', type: 'varchar(255)' } }],
    },
    {
      name: 'two findings: character varying(n) and an array',
      code: 'CREATE TABLE t (\n  a character varying(20),\n  b varchar(5)[] DEFAULT \'{}\'\n);',
      errors: [
        { messageId: 'varchar', line: 2, column: 5, endColumn: 26, data: { table: 't', column: 'a', type: 'varchar(20)' } },
        { messageId: 'varchar', line: 3, column: 5, endColumn: 17, data: { table: 't', column: 'b', type: 'varchar(5)[]' } },
      ],
    },
    {
      name: 'ADD COLUMN, lower-case, IF NOT EXISTS, quoted and schema-qualified',
      code: 'alter table app."Users" add column if not exists "Nick" varchar(30);',
      errors: [{ messageId: 'varchar', line: 1, column: 57, endColumn: 68, data: { table: 'app."Users"', column: '"Nick"', type: 'varchar(30)' } }],
    },
    {
      name: 'ALTER COLUMN … TYPE to a longer varchar (brief) still keeps the limit in the type; comments; CRLF; BEGIN/COMMIT',
      code: 'BEGIN;\r\nALTER TABLE users ALTER COLUMN nickname /* longer */ TYPE varchar(50);\r\nCOMMIT;',
      errors: [{ messageId: 'varchar', line: 2, column: 59, endColumn: 70, data: { table: 'users', column: 'nickname', type: 'varchar(50)' } }],
    },
    {
      name: 'a column called type',
      code: 'ALTER TABLE t ALTER COLUMN type TYPE varchar(10) USING type::varchar(10);',
      errors: [{ messageId: 'varchar', line: 1, column: 38, endColumn: 49 }],
    },
  ],
});

it('prefer-text-field: the help spells out the text + CHECK recipe with the user\'s names', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'CREATE TABLE app.users (email varchar(255));' });
  expect(diagnostics[0]?.help).toBe(
    'Declare email as text with CONSTRAINT users_email_check CHECK (length(email) <= 255). To change the limit later: ADD CONSTRAINT … CHECK (length(email) <= <new limit>) NOT VALID, VALIDATE CONSTRAINT it in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on), then DROP CONSTRAINT users_email_check.',
  );
});
