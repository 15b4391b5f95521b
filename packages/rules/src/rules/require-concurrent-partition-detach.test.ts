import { RuleTester } from '@migralint/core';
import rule from './require-concurrent-partition-detach.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;' },
    { name: 'FINALIZE completes an interrupted concurrent detach', code: 'ALTER TABLE events DETACH PARTITION events_2023 FINALIZE;' },
    { name: 'lower-case, quoted, schema-qualified', code: 'alter table app."Events" detach partition app."Events_2023" concurrently;' },
    { name: 'comments between tokens, CRLF', code: 'ALTER TABLE events -- a\r\n  DETACH /* b */ PARTITION events_2023 CONCURRENTLY;\r\n' },
    { name: 'attaching is another rule\'s business', code: "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" },
    {
      name: 'new partitioned table inside BEGIN/COMMIT, IF EXISTS',
      code: "BEGIN;\nCREATE TABLE t (id int, at date) PARTITION BY RANGE (at);\nCREATE TABLE t_1 PARTITION OF t FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE IF EXISTS t DETACH PARTITION t_1;\nCOMMIT;",
    },
    { name: 'PostgreSQL 14 has CONCURRENTLY', code: 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;', engineVersion: 14 },
    { name: 'down migration', code: 'ALTER TABLE events DETACH PARTITION events_2023;', direction: 'down' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE events DETACH PARTITION events_2023;',
      errors: [{ messageId: 'missing', line: 1, column: 20, endLine: 1, endColumn: 48, data: { table: 'events', partition: 'events_2023' } }],
      output: 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
    },
    {
      name: 'lower-case keywords, IF EXISTS, quoted and schema-qualified names',
      code: 'alter table if exists app."Events"\n  detach partition app."Events_2023";',
      errors: [{ messageId: 'missing', line: 2, column: 3, data: { table: 'app."Events"', partition: 'app."Events_2023"' } }],
      output: 'alter table if exists app."Events"\n  detach partition app."Events_2023" concurrently;',
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE a DETACH /* old */ PARTITION a_1;\n-- and\nALTER TABLE b DETACH PARTITION b_1; -- done',
      errors: [
        { messageId: 'missing', line: 1, column: 15, data: { table: 'a', partition: 'a_1' } },
        { messageId: 'missing', line: 3, column: 15, data: { table: 'b', partition: 'b_1' } },
      ],
      output: 'ALTER TABLE a DETACH /* old */ PARTITION a_1 CONCURRENTLY;\n-- and\nALTER TABLE b DETACH PARTITION b_1 CONCURRENTLY; -- done',
    },
    {
      name: 'CRLF',
      code: 'SELECT 1;\r\nALTER TABLE events DETACH PARTITION events_2023;\r\n',
      errors: [{ messageId: 'missing', line: 2, column: 20, endLine: 2, endColumn: 48 }],
      output: 'SELECT 1;\r\nALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;\r\n',
    },
    {
      name: 'inside BEGIN/COMMIT: no fix, CONCURRENTLY would fail there',
      code: 'BEGIN;\nALTER TABLE events DETACH PARTITION events_2023;\nCOMMIT;',
      errors: [{ messageId: 'missing', line: 2, column: 20 }],
      output: null,
    },
    {
      name: 'the migration tool\'s transaction: no fix',
      code: 'ALTER TABLE events DETACH PARTITION events_2023;',
      assumeInTransaction: true,
      errors: [{ messageId: 'missing', line: 1, column: 20 }],
      output: null,
    },
    {
      name: 'PostgreSQL 13: no CONCURRENTLY to offer',
      code: 'ALTER TABLE events DETACH PARTITION events_2023;',
      engineVersion: 13,
      errors: [{ messageId: 'beforeV14', line: 1, column: 20, data: { version: 13, table: 'events', partition: 'events_2023' } }],
      output: null,
    },
    {
      name: 'PostgreSQL 13: CONCURRENTLY is a syntax error',
      code: 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
      engineVersion: 13,
      errors: [{ messageId: 'unsupported', line: 1, column: 20, data: { version: 13 } }],
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (id int);\nALTER TABLE events DETACH PARTITION events_2023;',
      errors: [{ messageId: 'missing', line: 2, column: 20 }],
    },
  ],
});
