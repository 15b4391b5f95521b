import { expect, it } from 'vitest';
import { RuleTester, type Rule } from '@migralint/core';
import rule from './disallowed-unique-constraint.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;' },
    { name: 'the index built concurrently', code: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);' },
    { name: 'lower-case, quoted, schema-qualified USING INDEX', code: 'alter table app."Users" add constraint "Email_key" unique using index "Email_key";' },
    { name: 'new table', code: 'CREATE TABLE t (id int, x int);\nALTER TABLE t ADD CONSTRAINT t_x_key UNIQUE (x);' },
    { name: 'new table, inline column', code: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int UNIQUE;' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (x int);\r\nALTER TABLE app."T" ADD UNIQUE (x);\r\nCOMMIT;' },
    { name: 'UNIQUE in CREATE TABLE', code: 'CREATE TABLE t (x int UNIQUE, y int, UNIQUE (y));' },
    { name: 'a table config marks small', code: 'ALTER TABLE users ADD UNIQUE (email);', tableSizes: { users: 'small' } },
    { name: 'down migration', code: 'ALTER TABLE users ADD UNIQUE (email);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      errors: [{ messageId: 'unique', line: 1, column: 19, endLine: 1, endColumn: 64, data: { table: 'users', constraint: 'users_email_key' } }],
    },
    {
      name: 'unnamed, lower-case, quoted and schema-qualified: PostgreSQL\'s generated name',
      code: 'alter table if exists app."Users" add unique ("Email", org_id);',
      errors: [{ messageId: 'unique', line: 1, column: 35, data: { table: 'app."Users"', constraint: '"Users_Email_org_id_key"' } }],
    },
    {
      name: 'two findings, comments between tokens, an inline UNIQUE column',
      code: 'ALTER TABLE users\n  ADD COLUMN handle text UNIQUE, -- first\n  ADD /* second */ CONSTRAINT users_email_key UNIQUE (email);',
      errors: [
        { messageId: 'unique', line: 2, column: 3, data: { table: 'users', constraint: 'users_handle_key' } },
        { messageId: 'unique', line: 3, column: 3, data: { table: 'users', constraint: 'users_email_key' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE users ADD UNIQUE (email);\r\nCOMMIT;',
      errors: [{ messageId: 'unique', line: 2, column: 19 }],
    },
    {
      name: 'a table config marks large',
      code: 'ALTER TABLE users ADD UNIQUE (email);',
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 19, data: { table: 'users', constraint: 'users_email_key' } }],
    },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: 'ALTER TABLE users ADD UNIQUE (email);',
      tableSizes: { users: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'unique', line: 1, column: 19 }],
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (x int);\nALTER TABLE users ADD UNIQUE (email);',
      errors: [{ messageId: 'unique', line: 2, column: 19 }],
    },
  ],
});

it('disallowed-unique-constraint: the help is the recipe with the user\'s names', async () => {
  const { diagnostics } = await new RuleTester().lintCase(rule as Rule<never>, { code: 'ALTER TABLE users ADD UNIQUE (email, org_id);' });
  expect(diagnostics[0]?.help).toMatch(/^Build the index first without blocking writes: CREATE UNIQUE INDEX CONCURRENTLY users_email_org_id_key ON users \(email, org_id\), outside a transaction block; then ALTER TABLE users ADD CONSTRAINT users_email_org_id_key UNIQUE USING INDEX users_email_org_id_key,/);
});
