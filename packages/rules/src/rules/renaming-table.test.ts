import { RuleTester } from '@migralint/core';
import rule from './renaming-table.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'new table', code: 'CREATE TABLE drafts (id bigint);\nALTER TABLE drafts RENAME TO notes;' },
    { name: 'down migration', code: 'ALTER TABLE user_stars RENAME TO user_favorites;', direction: 'down' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (id int);\r\nALTER TABLE app."T" RENAME TO "U";\r\nCOMMIT;' },
    { name: 'not a table', code: 'ALTER INDEX users_email_idx RENAME TO users_email_key;' },
    { name: 'a column', code: 'CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE user_stars RENAME TO user_favorites;',
      errors: [{ messageId: 'renameTable', line: 1, column: 1, endLine: 1, endColumn: 48, data: { table: 'user_stars', newName: 'user_favorites' } }],
    },
    {
      name: 'lower-case, IF EXISTS, quoted and schema-qualified',
      code: 'alter table if exists app."Stars" rename to "Favorites";',
      errors: [{ messageId: 'renameTable', line: 1, column: 1, data: { table: 'app."Stars"', newName: '"Favorites"' } }],
    },
    {
      name: 'comments between tokens',
      code: 'ALTER TABLE /* old */ a\n  RENAME -- new\n  TO b;',
      errors: [{ messageId: 'renameTable', line: 1, column: 1, endLine: 3, endColumn: 7 }],
    },
    {
      name: 'two findings',
      code: 'ALTER TABLE a RENAME TO b;\n  ALTER TABLE c RENAME TO d;',
      errors: [
        { messageId: 'renameTable', line: 1, column: 1, data: { table: 'a', newName: 'b' } },
        { messageId: 'renameTable', line: 2, column: 3, data: { table: 'c', newName: 'd' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE a RENAME TO b;\r\nCOMMIT;',
      errors: [{ messageId: 'renameTable', line: 2, column: 1, endLine: 2, endColumn: 26 }],
    },
    {
      name: 'a new table in another schema does not exempt this one',
      code: 'CREATE TABLE app.a (id int);\nALTER TABLE a RENAME TO b;',
      errors: [{ messageId: 'renameTable', line: 2, column: 1 }],
    },
  ],
});
