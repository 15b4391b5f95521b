import { RuleTester } from '@migralint/core';
import rule from './renaming-column.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'new table', code: 'CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;' },
    { name: 'down migration', code: 'ALTER TABLE users RENAME COLUMN name TO full_name;', direction: 'down' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (a int);\r\nALTER TABLE app."T" RENAME a TO b;\r\nCOMMIT;' },
    { name: 'not a column', code: 'ALTER TABLE users RENAME CONSTRAINT a TO b;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users RENAME COLUMN name TO full_name;',
      errors: [{ messageId: 'renameColumn', line: 1, column: 1, endLine: 1, endColumn: 50, data: { table: 'users', column: 'name', newName: 'full_name' } }],
    },
    {
      name: 'lower-case, IF EXISTS, quoted and schema-qualified',
      code: 'alter table if exists app."Users" rename "Name" to "FullName";',
      errors: [{ messageId: 'renameColumn', line: 1, column: 1, data: { table: 'app."Users"', column: '"Name"', newName: '"FullName"' } }],
    },
    {
      name: 'comments between tokens',
      code: 'ALTER TABLE users -- why\n  RENAME /* c */ COLUMN a TO b;',
      errors: [{ messageId: 'renameColumn', line: 1, column: 1, endLine: 2, endColumn: 31 }],
    },
    {
      name: 'two findings',
      code: 'ALTER TABLE users RENAME COLUMN a TO b;\nALTER TABLE orders RENAME COLUMN c TO d;',
      errors: [
        { messageId: 'renameColumn', line: 1, column: 1, data: { table: 'users', column: 'a', newName: 'b' } },
        { messageId: 'renameColumn', line: 2, column: 1, data: { table: 'orders', column: 'c', newName: 'd' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE users RENAME COLUMN a TO b;\r\nCOMMIT;\r\n',
      errors: [{ messageId: 'renameColumn', line: 2, column: 1, endLine: 2, endColumn: 39 }],
    },
    {
      name: 'reserved words are quoted in the message',
      code: 'ALTER TABLE users RENAME COLUMN "user" TO "select";',
      errors: [{ messageId: 'renameColumn', line: 1, column: 1, data: { table: 'users', column: '"user"', newName: '"select"' } }],
    },
  ],
});
