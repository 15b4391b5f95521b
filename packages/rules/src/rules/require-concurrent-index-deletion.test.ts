import { RuleTester } from '@migralint/core';
import rule from './require-concurrent-index-deletion.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'DROP INDEX CONCURRENTLY users_email_idx;' },
    { code: 'drop index concurrently if exists app."Ix";' },
    { name: 'index of a new table', code: 'CREATE TABLE t (id bigint);\nCREATE INDEX t_id_idx ON t (id);\nDROP INDEX t_id_idx;' },
    {
      name: 'unnamed index of a new table, inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nCREATE TABLE t (id bigint);\r\nCREATE INDEX ON t (id);\r\nDROP INDEX t_id_idx;\r\nCOMMIT;',
    },
    { name: 'index of a new schema-qualified table', code: 'CREATE TABLE app.t (id bigint);\nCREATE INDEX ix ON app.t (id);\nDROP INDEX app.ix;' },
    { name: 'comments between tokens', code: 'DROP /* a */ INDEX -- b\n  CONCURRENTLY ix;' },
  ],
  invalid: [
    {
      code: 'DROP INDEX users_email_idx;',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 27, data: { index: 'users_email_idx' } }],
      output: 'DROP INDEX CONCURRENTLY users_email_idx;',
    },
    {
      name: 'lower-case, IF EXISTS, quoted and schema-qualified',
      code: 'drop index if exists app."Ix";',
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { index: 'app."Ix"' } }],
      output: 'drop index concurrently if exists app."Ix";',
    },
    {
      name: 'several indexes: no fix (CONCURRENTLY takes one)',
      code: 'DROP INDEX a_idx, b_idx;',
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { index: 'a_idx, b_idx' } }],
      output: null,
    },
    {
      name: 'CASCADE: no fix (CONCURRENTLY refuses it)',
      code: 'DROP INDEX a_idx CASCADE;',
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'inside BEGIN/COMMIT: no fix',
      code: 'BEGIN;\nDROP INDEX ix;\nCOMMIT;',
      errors: [{ messageId: 'missing', line: 2, column: 1, endLine: 2, endColumn: 14 }],
      output: null,
    },
    {
      name: 'comments between tokens',
      code: 'DROP /* x */ INDEX -- y\n  ix;',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 2, endColumn: 5 }],
      output: 'DROP /* x */ INDEX CONCURRENTLY -- y\n  ix;',
    },
    {
      name: 'CRLF',
      code: 'SELECT 1;\r\n\r\nDROP INDEX ix;',
      errors: [{ messageId: 'missing', line: 3, column: 1 }],
      output: 'SELECT 1;\r\n\r\nDROP INDEX CONCURRENTLY ix;',
    },
    {
      name: 'two findings',
      code: 'DROP INDEX a;\nDROP INDEX b;',
      errors: [
        { messageId: 'missing', line: 1, column: 1, data: { index: 'a' } },
        { messageId: 'missing', line: 2, column: 1, data: { index: 'b' } },
      ],
      output: 'DROP INDEX CONCURRENTLY a;\nDROP INDEX CONCURRENTLY b;',
    },
    {
      name: 'index built in this migration on an existing table',
      code: 'CREATE INDEX CONCURRENTLY ix ON users (email);\nDROP INDEX ix;',
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
    },
    {
      name: 'an index of a new table in another schema is not the public one',
      code: 'CREATE TABLE app.t (id bigint);\nCREATE INDEX ix ON app.t (id);\nDROP INDEX ix;',
      errors: [{ messageId: 'missing', line: 3, column: 1, data: { index: 'ix' } }],
    },
  ],
});
