import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './prefer-timestamptz.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: 'CREATE TABLE events (at timestamptz, at2 timestamp with time zone, at3 timestamptz(3));' },
    { name: 'other date/time types', code: 'CREATE TABLE t (d date, t time, i interval);' },
    { name: 'change to timestamptz', code: 'ALTER TABLE events ALTER COLUMN at TYPE timestamptz;' },
    { name: 'down migration', code: 'CREATE TABLE events (at timestamp);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE events (id bigint, happened_at timestamp NOT NULL);',
      errors: [{ messageId: 'timestamp', line: 1, column: 45, endLine: 1, endColumn: 54, data: { table: 'events', column: 'happened_at', type: 'timestamp' } }],
    },
    {
      name: 'two findings: spelled out with precision, and an array',
      code: 'CREATE TABLE t (\n  a timestamp(3) without time zone,\n  b timestamp[]\n);',
      errors: [
        { messageId: 'timestamp', line: 2, column: 5, endColumn: 35, data: { table: 't', column: 'a', type: 'timestamp(3)' } },
        { messageId: 'timestamp', line: 3, column: 5, endColumn: 16, data: { table: 't', column: 'b', type: 'timestamp[]' } },
      ],
    },
    {
      name: 'ADD COLUMN with a default, lower-case, quoted and schema-qualified',
      code: 'alter table app."Users" add column "SeenAt" timestamp default now();',
      errors: [{ messageId: 'timestamp', line: 1, column: 45, endColumn: 54, data: { table: 'app."Users"', column: '"SeenAt"', type: 'timestamp' } }],
    },
    {
      name: 'ALTER COLUMN … TYPE, comments, inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE events ALTER /* x */ COLUMN at TYPE timestamp USING at::timestamp;\r\nCOMMIT;',
      errors: [{ messageId: 'timestamp', line: 2, column: 49, endColumn: 58 }],
    },
  ],
});

it('prefer-timestamptz: the help keeps the precision', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'CREATE TABLE t (at timestamp(3));' });
  expect(diagnostics[0]?.help).toMatch(/^Declare at as timestamptz\(3\) \(timestamp with time zone\)/);
});
