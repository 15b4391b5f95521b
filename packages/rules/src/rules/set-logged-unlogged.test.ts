import { RuleTester } from '@migralint/core';
import rule from './set-logged-unlogged.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'new table', code: 'CREATE UNLOGGED TABLE t (id int);\nALTER TABLE t SET LOGGED;' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (id int);\r\nALTER TABLE app."T" SET UNLOGGED;\r\nCOMMIT;' },
    { name: 'other ALTER TABLE forms', code: 'ALTER TABLE events SET (fillfactor = 70);' },
    { name: 'a table config marks small', code: 'ALTER TABLE events SET UNLOGGED;', tableSizes: { events: 'small' } },
    { name: 'down migration', code: 'ALTER TABLE events SET UNLOGGED;', direction: 'down' },
  ],
  invalid: [
    { code: 'ALTER TABLE events SET UNLOGGED;', errors: [{ messageId: 'unlogged', line: 1, column: 20, endLine: 1, endColumn: 32, data: { table: 'events' } }] },
    {
      name: 'lower-case, IF EXISTS, quoted and schema-qualified',
      code: 'alter table if exists app."Events" set logged;',
      errors: [{ messageId: 'logged', line: 1, column: 36, data: { table: 'app."Events"' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE a SET /* x */ UNLOGGED;\n-- y\nALTER TABLE b SET LOGGED;',
      errors: [
        { messageId: 'unlogged', line: 1, column: 15, data: { table: 'a' } },
        { messageId: 'logged', line: 3, column: 15, data: { table: 'b' } },
      ],
    },
    { name: 'inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nALTER TABLE events SET UNLOGGED;\r\nCOMMIT;', errors: [{ messageId: 'unlogged', line: 2, column: 20 }] },
    { name: 'a table config marks large', code: 'ALTER TABLE events SET LOGGED;', tableSizes: { events: 'large' }, errors: [{ messageId: 'large', line: 1, column: 20, data: { table: 'events', command: 'SET LOGGED' } }] },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: 'ALTER TABLE events SET UNLOGGED;',
      tableSizes: { events: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'unlogged', line: 1, column: 20 }],
    },
    { name: 'only the new table is exempt', code: 'CREATE TABLE t (id int);\nALTER TABLE events SET UNLOGGED;', errors: [{ messageId: 'unlogged', line: 2, column: 20 }] },
  ],
});
