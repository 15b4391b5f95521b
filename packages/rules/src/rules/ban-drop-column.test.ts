import { RuleTester } from '@migralint/core';
import rule from './ban-drop-column.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'new table', code: 'CREATE TABLE t (id int, x int);\nALTER TABLE t DROP COLUMN x;' },
    { name: 'down migration', code: 'ALTER TABLE users DROP COLUMN name;', direction: 'down' },
    { name: 'not a column', code: 'ALTER TABLE users DROP CONSTRAINT users_name_check;' },
    {
      name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF, IF EXISTS',
      code: 'BEGIN;\r\nCREATE TABLE app."T" (id int, "X" int);\r\nALTER TABLE app."T" DROP COLUMN IF EXISTS "X";\r\nCOMMIT;',
    },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users DROP COLUMN name;',
      errors: [{ messageId: 'dropColumn', line: 1, column: 19, endLine: 1, endColumn: 35, data: { table: 'users', column: 'name' } }],
    },
    {
      name: 'lower-case, IF EXISTS, CASCADE, quoted and schema-qualified',
      code: 'alter table app."Users" drop column if exists "Name" cascade;',
      errors: [{ messageId: 'dropColumn', line: 1, column: 25, endColumn: 61, data: { table: 'app."Users"', column: '"Name"' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE users\n  DROP COLUMN a, -- first\n  DROP /* second */ b;',
      errors: [
        { messageId: 'dropColumn', line: 2, column: 3, endLine: 2, endColumn: 16, data: { table: 'users', column: 'a' } },
        { messageId: 'dropColumn', line: 3, column: 3, endLine: 3, endColumn: 22, data: { table: 'users', column: 'b' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE users DROP COLUMN name;\r\nCOMMIT;',
      errors: [{ messageId: 'dropColumn', line: 2, column: 19, endLine: 2, endColumn: 35 }],
    },
    {
      name: 'repeatable migrations are checked too',
      code: 'ALTER TABLE users DROP COLUMN name;',
      direction: 'repeatable',
      errors: [{ messageId: 'dropColumn', line: 1, column: 19 }],
    },
    {
      name: 'a reserved word is quoted in the message',
      code: 'ALTER TABLE users DROP COLUMN "order";',
      errors: [{ messageId: 'dropColumn', line: 1, column: 19, data: { table: 'users', column: '"order"' } }],
    },
    {
      name: 'a new table in another schema does not exempt this one',
      code: 'CREATE TABLE app.users (id int);\nALTER TABLE users DROP COLUMN name;',
      errors: [{ messageId: 'dropColumn', line: 2, column: 19 }],
    },
  ],
});
