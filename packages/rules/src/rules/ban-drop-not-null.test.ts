import { RuleTester } from '@migralint/core';
import rule from './ban-drop-not-null.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'new table', code: 'CREATE TABLE t (id int, x int NOT NULL);\nALTER TABLE t ALTER COLUMN x DROP NOT NULL;' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" ("X" int NOT NULL);\r\nALTER TABLE app."T" ALTER "X" DROP NOT NULL;\r\nCOMMIT;' },
    { name: 'SET NOT NULL is another rule\'s business', code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    { name: 'before 18 NOT NULL has no constraint name', code: 'ALTER TABLE users DROP CONSTRAINT users_email_not_null;', before: 'CREATE TABLE users (email text NOT NULL);', engineVersion: 17 },
    { name: 'dropping another constraint', code: 'ALTER TABLE users DROP CONSTRAINT users_email_check;', before: 'CREATE TABLE users (email text NOT NULL CHECK (email <> \'\'));', engineVersion: 18 },
    { name: 'down migration', code: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;', direction: 'down' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;',
      errors: [{ messageId: 'dropNotNull', line: 1, column: 19, endLine: 1, endColumn: 51, data: { table: 'users', column: 'email' } }],
    },
    {
      name: 'lower-case, IF EXISTS, quoted and schema-qualified',
      code: 'alter table if exists app."Users" alter "Email" drop not null;',
      errors: [{ messageId: 'dropNotNull', line: 1, column: 35, data: { table: 'app."Users"', column: '"Email"' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE users\n  ALTER COLUMN email DROP NOT NULL, -- first\n  ALTER /* second */ COLUMN name DROP NOT NULL;',
      errors: [
        { messageId: 'dropNotNull', line: 2, column: 3, data: { table: 'users', column: 'email' } },
        { messageId: 'dropNotNull', line: 3, column: 3, data: { table: 'users', column: 'name' } },
      ],
    },
    { name: 'inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;\r\nCOMMIT;', errors: [{ messageId: 'dropNotNull', line: 2, column: 19 }] },
    {
      name: 'PostgreSQL 18: dropping the named NOT NULL constraint of an inline NOT NULL column',
      code: 'ALTER TABLE users DROP CONSTRAINT users_email_not_null;',
      before: 'CREATE TABLE users (id bigint, email text NOT NULL);',
      engineVersion: 18,
      errors: [{ messageId: 'dropConstraint', line: 1, column: 19, data: { table: 'users', column: 'email', constraint: 'users_email_not_null' } }],
    },
    {
      name: 'PostgreSQL 18: dropping a NOT NULL constraint added by name',
      code: 'ALTER TABLE users DROP CONSTRAINT email_nn;',
      before: 'CREATE TABLE users (id bigint, email text);\nALTER TABLE users ADD CONSTRAINT email_nn NOT NULL email;',
      engineVersion: 18,
      errors: [{ messageId: 'dropConstraint', line: 1, column: 19, data: { table: 'users', column: 'email', constraint: 'email_nn' } }],
    },
    { name: 'only the new table is exempt', code: 'CREATE TABLE t (x int);\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;', errors: [{ messageId: 'dropNotNull', line: 2, column: 19 }] },
  ],
});
