import { RuleTester } from '@migralint/core';
import rule from './ban-drop-database.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'DROP TABLE reports;' },
    { code: 'DROP SCHEMA reports;' },
    { name: 'down migration', code: 'DROP DATABASE reports;', direction: 'down' },
    { code: 'CREATE DATABASE reports;' },
  ],
  invalid: [
    { code: 'DROP DATABASE reports;', errors: [{ messageId: 'dropDatabase', line: 1, column: 1, endLine: 1, endColumn: 22, data: { database: 'reports' } }] },
    {
      name: 'lower-case, IF EXISTS, WITH (FORCE), quoted name',
      code: 'drop database if exists "Reports" with (force);',
      errors: [{ messageId: 'dropDatabase', line: 1, column: 1, data: { database: '"Reports"' } }],
    },
    {
      name: 'two findings, comments between tokens, CRLF',
      code: 'DROP /* a */ DATABASE a;\r\n-- b\r\nDROP DATABASE b;\r\n',
      errors: [
        { messageId: 'dropDatabase', line: 1, column: 1, data: { database: 'a' } },
        { messageId: 'dropDatabase', line: 3, column: 1, data: { database: 'b' } },
      ],
    },
    { name: 'inside BEGIN/COMMIT (where it also fails)', code: 'BEGIN;\nDROP DATABASE reports;\nCOMMIT;', errors: [{ messageId: 'dropDatabase', line: 2, column: 1 }] },
    { name: 'repeatable migrations are checked too', code: 'DROP DATABASE reports;', direction: 'repeatable', errors: [{ messageId: 'dropDatabase', line: 1, column: 1 }] },
  ],
});
