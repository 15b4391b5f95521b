import { RuleTester } from '@migralint/core';
import rule from './ban-drop-table.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'new table', code: 'CREATE TABLE t (id int);\nDROP TABLE t;' },
    { name: 'down migration', code: 'DROP TABLE users;', direction: 'down' },
    {
      name: 'new quoted, schema-qualified table, lower-case, IF EXISTS, inside BEGIN/COMMIT, CRLF',
      code: 'begin;\r\ncreate table app."T" (id int);\r\ndrop table if exists app."T";\r\ncommit;',
    },
    { name: 'new table renamed before the drop', code: 'CREATE TABLE t (id int);\nALTER TABLE t RENAME TO u;\nDROP TABLE u;' },
    { name: 'not a table', code: 'DROP VIEW active_users;' },
  ],
  invalid: [
    {
      code: 'DROP TABLE users;',
      errors: [{ messageId: 'dropTable', line: 1, column: 1, endLine: 1, endColumn: 17, data: { tables: 'users' } }],
    },
    {
      name: 'only the existing tables of the statement are named',
      code: 'CREATE TABLE t (id int);\nDROP TABLE t, app."Users" CASCADE;',
      errors: [{ messageId: 'dropTable', line: 2, column: 1, data: { tables: 'app."Users"' } }],
    },
    {
      name: 'lower-case, IF EXISTS, comments between tokens',
      code: 'drop /* bye */ table if exists -- old\n  sessions;',
      errors: [{ messageId: 'dropTable', line: 1, column: 1, endLine: 2, endColumn: 11, data: { tables: 'sessions' } }],
    },
    {
      name: 'two findings',
      code: 'DROP TABLE a;\n\n  DROP TABLE b;',
      errors: [
        { messageId: 'dropTable', line: 1, column: 1, data: { tables: 'a' } },
        { messageId: 'dropTable', line: 3, column: 3, data: { tables: 'b' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nDROP TABLE users;\r\nCOMMIT;',
      errors: [{ messageId: 'dropTable', line: 2, column: 1, endLine: 2, endColumn: 17 }],
    },
  ],
});
