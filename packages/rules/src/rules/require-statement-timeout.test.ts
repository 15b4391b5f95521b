import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './require-statement-timeout.js';

const tester = new RuleTester();

// Once per migration, like require-lock-timeout: later statements are named in the message.
tester.run(rule, {
  valid: [
    { code: "SET statement_timeout = '5min';\nALTER TABLE orders ALTER COLUMN total TYPE bigint;" },
    { name: 'lower-case, comments between tokens', code: "set /* cap */ statement_timeout -- ms\n  to 300000;\ncreate index ix on orders (user_id);" },
    { name: 'SET LOCAL inside BEGIN/COMMIT', code: "BEGIN;\nSET LOCAL statement_timeout = '5min';\nALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0);\nCOMMIT;" },
    { name: 'no rewrite or scan: a brief catalog change', code: 'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders DROP COLUMN legacy;' },
    { name: 'scans that block neither reads nor writes', code: 'CREATE INDEX CONCURRENTLY ix ON orders (user_id);\nALTER TABLE orders VALIDATE CONSTRAINT c;' },
    { name: 'new table, quoted and schema-qualified, CRLF', code: 'CREATE TABLE app."Orders" (id int);\r\nALTER TABLE app."Orders" ALTER COLUMN id TYPE bigint;\r\n' },
    { name: 'an UPDATE takes ROW EXCLUSIVE (unbatched-backfill covers it)', code: 'UPDATE orders SET total = 0;' },
    {
      name: 'PostgreSQL 11+: a constant default does not rewrite',
      code: 'ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT \'new\';',
      engineVersion: 11,
    },
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      errors: [{ messageId: 'readsAndWrites', line: 1, column: 20, data: { statement: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint', work: 'may rewrite', table: 'orders', later: '' } }],
    },
    {
      name: 'a known type that rewrites, from an earlier migration',
      before: 'CREATE TABLE orders (id bigint, total integer);',
      code: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      errors: [{ messageId: 'readsAndWrites', line: 1, column: 20, data: { statement: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint', work: 'rewrites', table: 'orders', later: '' } }],
    },
    {
      name: 'one finding naming the later statements; SHARE blocks writes only',
      code: 'CREATE UNIQUE INDEX ix ON orders (code);\nALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [
        {
          messageId: 'writes',
          line: 1,
          column: 1,
          data: { statement: 'CREATE UNIQUE INDEX ix ON orders', work: 'scans', table: 'orders', article: 'a', mode: 'SHARE', later: ' Later statements on lines 2, 3 run without a statement_timeout too.' },
        },
      ],
    },
    {
      name: 'PostgreSQL 10: a constant default rewrites',
      code: "alter table orders add column status text not null default 'new';",
      engineVersion: 10,
      errors: [{ messageId: 'readsAndWrites', line: 1, column: 20, data: { work: 'rewrites', table: 'orders', later: '', statement: 'ALTER TABLE orders ADD COLUMN status text' } }],
    },
    {
      name: 'SET LOCAL ends with its transaction',
      code: "BEGIN;\nSET LOCAL statement_timeout = '5min';\nCOMMIT;\nALTER TABLE \"Orders\" ALTER COLUMN \"Total\" SET NOT NULL;",
      errors: [{ messageId: 'readsAndWrites', line: 4, column: 22, data: { statement: 'ALTER TABLE "Orders" ALTER COLUMN "Total" SET NOT NULL', work: 'scans', table: '"Orders"', later: '' } }],
    },
    {
      name: 'IF NOT EXISTS builds all the same',
      code: 'CREATE UNIQUE INDEX IF NOT EXISTS orders_code_key ON orders (code);',
      errors: [{ messageId: 'writes', line: 1, column: 1, data: { statement: 'CREATE UNIQUE INDEX orders_code_key ON orders', work: 'scans', table: 'orders', article: 'a', mode: 'SHARE', later: '' } }],
    },
    {
      name: 'statement_timeout = 0 is no limit; schema-qualified',
      code: 'SET statement_timeout = 0;\nCREATE INDEX ix ON app.orders (user_id);',
      errors: [{ messageId: 'writes', line: 2, column: 1, data: { statement: 'CREATE INDEX ix ON app.orders', work: 'scans', table: 'app.orders', article: 'a', mode: 'SHARE', later: '' } }],
    },
    {
      name: 'CRLF, the tool\'s transaction',
      code: 'SELECT 1;\r\nALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0);\r\n',
      assumeInTransaction: true,
      errors: [{ messageId: 'readsAndWrites', line: 2, column: 20, data: { statement: 'ALTER TABLE orders ADD CONSTRAINT c CHECK', work: 'scans', table: 'orders', later: '' } }],
    },
  ],
});

it('require-statement-timeout: the recipe uses SET LOCAL inside a transaction', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'BEGIN;\nCREATE INDEX ix ON orders (user_id);\nCOMMIT;' });
  expect(diagnostics[0]?.help).toMatch(/^Bound how long the lock can be held: SET LOCAL statement_timeout = '5min'; before line 2 /);
});
