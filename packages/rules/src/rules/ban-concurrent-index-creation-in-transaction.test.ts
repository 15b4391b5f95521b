import { RuleTester } from '@migralint/core';
import rule from './ban-concurrent-index-creation-in-transaction.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'transaction state unknown', code: 'CREATE INDEX CONCURRENTLY ix ON users (email);' },
    { name: 'tool runs it without a transaction', code: 'CREATE INDEX CONCURRENTLY ix ON users (email);', assumeInTransaction: false },
    { name: 'not concurrent', code: 'BEGIN;\nCREATE INDEX ix ON users (email);\nCOMMIT;' },
    { name: 'after COMMIT', code: 'BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\ncreate index concurrently ix on users (email);' },
    { name: 'down migration: only syntax is checked there', code: 'BEGIN;\nCREATE INDEX CONCURRENTLY ix ON users (email);\nCOMMIT;', direction: 'down' },
    { name: 'COMMIT ends the tool\'s transaction', code: 'COMMIT;\r\nCREATE INDEX CONCURRENTLY ix ON users (email);', assumeInTransaction: true },
  ],
  invalid: [
    {
      code: 'BEGIN;\nCREATE INDEX CONCURRENTLY ix ON users (email);\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', line: 2, column: 1, endLine: 2, endColumn: 46, data: { index: 'ix', table: 'users' } }],
    },
    {
      name: 'migration tool\'s transaction',
      code: 'CREATE INDEX CONCURRENTLY ix ON users (email);',
      assumeInTransaction: true,
      errors: [{ messageId: 'inTransaction', line: 1, column: 1 }],
    },
    {
      name: 'lower-case, START TRANSACTION, comment, IF NOT EXISTS, quoted and schema-qualified',
      code: 'start transaction;\ncreate /* c */ index concurrently if not exists "Ix" on app."Users" (email);\ncommit;',
      errors: [{ messageId: 'inTransaction', line: 2, column: 1, data: { index: '"Ix"', table: 'app."Users"' } }],
    },
    {
      name: 'CRLF',
      code: 'BEGIN;\r\nCREATE INDEX CONCURRENTLY ix ON users (email);\r\nCOMMIT;\r\n',
      errors: [{ messageId: 'inTransaction', line: 2, column: 1, endLine: 2, endColumn: 46 }],
    },
    {
      name: 'two findings',
      code: 'BEGIN;\nCREATE INDEX CONCURRENTLY a ON t (x);\n  CREATE INDEX CONCURRENTLY b ON t (y);\nCOMMIT;',
      errors: [
        { messageId: 'inTransaction', line: 2, column: 1, data: { index: 'a', table: 't' } },
        { messageId: 'inTransaction', line: 3, column: 3, data: { index: 'b', table: 't' } },
      ],
    },
    {
      name: 'a new table does not help: the statement fails anyway',
      code: 'BEGIN;\nCREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY ON t (id);\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', line: 3, column: 1, data: { index: 't_id_idx', table: 't' } }],
    },
  ],
});
