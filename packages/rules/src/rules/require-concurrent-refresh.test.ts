import { RuleTester } from '@migralint/core';
import rule from './require-concurrent-refresh.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;' },
    { name: 'lower-case, quoted, schema-qualified', code: 'refresh materialized view concurrently app."Daily";' },
    { name: 'WITH NO DATA empties it (CONCURRENTLY is not allowed there)', code: 'REFRESH MATERIALIZED VIEW daily_totals WITH NO DATA;' },
    { name: 'a view this migration created', code: 'CREATE MATERIALIZED VIEW daily_totals AS SELECT 1 AS day WITH NO DATA;\nREFRESH MATERIALIZED VIEW daily_totals;' },
    {
      name: 'new quoted, schema-qualified view inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nCREATE MATERIALIZED VIEW app."Daily" AS SELECT 1 AS day WITH NO DATA;\r\nREFRESH MATERIALIZED VIEW app."Daily";\r\nCOMMIT;',
    },
    { name: 'a view config marks small', code: 'REFRESH MATERIALIZED VIEW daily_totals;', tableSizes: { daily_totals: 'small' } },
    { name: 'down migration', code: 'REFRESH MATERIALIZED VIEW daily_totals;', direction: 'down' },
  ],
  invalid: [
    {
      code: 'REFRESH MATERIALIZED VIEW daily_totals;',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 39, data: { view: 'daily_totals' } }],
      output: 'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;',
    },
    {
      name: 'lower-case, quoted and schema-qualified',
      code: 'refresh materialized view app."Daily" with data;',
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { view: 'app."Daily"' } }],
      output: 'refresh materialized view concurrently app."Daily" with data;',
    },
    {
      name: 'two findings, comments between tokens',
      code: 'REFRESH /* a */ MATERIALIZED VIEW a;\n-- b\nREFRESH MATERIALIZED -- c\n  VIEW b;',
      errors: [
        { messageId: 'missing', line: 1, column: 1, data: { view: 'a' } },
        { messageId: 'missing', line: 3, column: 1, endLine: 4, endColumn: 9, data: { view: 'b' } },
      ],
      output: 'REFRESH /* a */ MATERIALIZED VIEW CONCURRENTLY a;\n-- b\nREFRESH MATERIALIZED -- c\n  VIEW CONCURRENTLY b;',
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF: CONCURRENTLY may run in a transaction block',
      code: 'BEGIN;\r\nREFRESH MATERIALIZED VIEW daily_totals;\r\nCOMMIT;',
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
      output: 'BEGIN;\r\nREFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;\r\nCOMMIT;',
    },
    { name: 'a view config marks large', code: 'REFRESH MATERIALIZED VIEW daily_totals;', tableSizes: { daily_totals: 'large' }, errors: [{ messageId: 'large', line: 1, column: 1, data: { view: 'daily_totals' } }] },
    {
      name: 'small views reported when ignoreSmallTables is off',
      code: 'REFRESH MATERIALIZED VIEW daily_totals;',
      tableSizes: { daily_totals: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
    {
      name: 'only the new view is exempt',
      code: 'CREATE MATERIALIZED VIEW t AS SELECT 1 AS x;\nREFRESH MATERIALIZED VIEW daily_totals;',
      errors: [{ messageId: 'missing', line: 2, column: 1, data: { view: 'daily_totals' } }],
    },
  ],
});
