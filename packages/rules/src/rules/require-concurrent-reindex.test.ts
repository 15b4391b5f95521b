import { RuleTester } from '@migralint/core';
import rule from './require-concurrent-reindex.js';

const before = 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX users_email_idx ON users (email);';

new RuleTester().run(rule, {
  valid: [
    { code: 'REINDEX INDEX CONCURRENTLY users_email_idx;' },
    { code: 'REINDEX TABLE CONCURRENTLY users;' },
    { name: 'option list spelling', code: 'REINDEX (CONCURRENTLY, VERBOSE) TABLE users;' },
    { name: 'lower-case, quoted, schema-qualified', code: 'reindex index concurrently app."Users_Email_idx";' },
    { name: 'comments between tokens', code: 'REINDEX /* a */ TABLE -- b\n  CONCURRENTLY users;' },
    { name: 'SYSTEM has no concurrent form: not reported', code: 'REINDEX SYSTEM;' },
    { name: 'new table', code: 'CREATE TABLE t (id bigint);\nREINDEX TABLE t;' },
    { name: 'index of a new table', code: 'CREATE TABLE t (id bigint);\nCREATE INDEX t_id_idx ON t (id);\nREINDEX INDEX t_id_idx;' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (id bigint);\r\nREINDEX TABLE app."T";\r\nCOMMIT;' },
    { name: 'a table config marks small', code: 'REINDEX TABLE users;', tableSizes: { users: 'small' } },
    { name: 'an index of a table config marks small', code: 'REINDEX INDEX users_email_idx;', before, tableSizes: { users: 'small' } },
    { name: 'PostgreSQL 12 has CONCURRENTLY', code: 'REINDEX INDEX CONCURRENTLY users_email_idx;', engineVersion: 12 },
    { name: 'down migration', code: 'REINDEX TABLE users;', direction: 'down' },
  ],
  invalid: [
    {
      code: 'REINDEX INDEX users_email_idx;',
      errors: [{ messageId: 'index', line: 1, column: 1, endLine: 1, endColumn: 30, data: { index: 'users_email_idx', table: 'its table' } }],
      output: 'REINDEX INDEX CONCURRENTLY users_email_idx;',
    },
    {
      name: 'the table of an index an earlier migration built',
      code: 'REINDEX INDEX users_email_idx;',
      before,
      errors: [{ messageId: 'index', line: 1, column: 1, data: { index: 'users_email_idx', table: 'users' } }],
    },
    {
      name: 'two findings, lower-case keywords, quoted and schema-qualified names',
      code: 'reindex table app."Users";\n\n  reindex index app."Users_pkey";',
      errors: [
        { messageId: 'table', line: 1, column: 1, data: { table: 'app."Users"' } },
        { messageId: 'index', line: 3, column: 3, data: { index: 'app."Users_pkey"', table: 'its table' } },
      ],
      output: 'reindex table concurrently app."Users";\n\n  reindex index concurrently app."Users_pkey";',
    },
    {
      name: 'comments between tokens',
      code: 'REINDEX /* why */ TABLE -- note\n  users;',
      errors: [{ messageId: 'table', line: 1, column: 1, endLine: 2, endColumn: 8 }],
      output: 'REINDEX /* why */ TABLE CONCURRENTLY -- note\n  users;',
    },
    {
      name: 'option list without CONCURRENTLY: reported, no fix',
      code: 'REINDEX (VERBOSE) TABLE users;',
      errors: [{ messageId: 'table', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'CRLF',
      code: 'SELECT 1;\r\nREINDEX TABLE users;\r\n',
      errors: [{ messageId: 'table', line: 2, column: 1, endLine: 2, endColumn: 20 }],
      output: 'SELECT 1;\r\nREINDEX TABLE CONCURRENTLY users;\r\n',
    },
    {
      name: 'inside BEGIN/COMMIT: no fix, CONCURRENTLY would fail there',
      code: 'BEGIN;\nREINDEX TABLE users;\nCOMMIT;',
      errors: [{ messageId: 'table', line: 2, column: 1 }],
      output: null,
    },
    {
      name: 'a schema, table by table',
      code: 'REINDEX SCHEMA app;',
      errors: [{ messageId: 'many', line: 1, column: 1, data: { target: 'schema app' } }],
      output: 'REINDEX SCHEMA CONCURRENTLY app;',
    },
    {
      name: 'a table config marks large',
      code: 'REINDEX TABLE users;',
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 1, data: { table: 'users', statement: 'REINDEX TABLE users', indexes: 'each of its indexes' } }],
    },
    {
      name: 'an index of a large table',
      code: 'REINDEX INDEX users_email_idx;',
      before,
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 1, data: { table: 'users', statement: 'REINDEX INDEX users_email_idx', indexes: 'users_email_idx' } }],
    },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: 'REINDEX TABLE users;',
      tableSizes: { users: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'table', line: 1, column: 1 }],
    },
    {
      name: 'PostgreSQL 11: no CONCURRENTLY to offer',
      code: 'REINDEX TABLE users;',
      engineVersion: 11,
      errors: [{ messageId: 'beforeV12', line: 1, column: 1, data: { version: 11, statement: 'REINDEX TABLE users', table: 'users' } }],
      output: null,
    },
    {
      name: 'PostgreSQL 11: CONCURRENTLY is a syntax error',
      code: 'REINDEX INDEX CONCURRENTLY users_email_idx;',
      engineVersion: 11,
      errors: [{ messageId: 'unsupported', line: 1, column: 1, data: { version: 11 } }],
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (id bigint);\nREINDEX TABLE users;',
      errors: [{ messageId: 'table', line: 2, column: 1, data: { table: 'users' } }],
    },
    {
      name: 'repeatable migrations are checked too',
      code: 'REINDEX TABLE users;',
      direction: 'repeatable',
      errors: [{ messageId: 'table', line: 1, column: 1 }],
    },
  ],
});
