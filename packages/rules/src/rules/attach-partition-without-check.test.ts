import { expect, it } from 'vitest';
import { RuleTester, type Rule } from '@migralint/core';
import rule from './attach-partition-without-check.js';

const attach = "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');";
const bound = "CHECK (at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01')";

new RuleTester().run(rule, {
  valid: [
    { name: 'a validated CHECK from an earlier migration', code: attach, before: `CREATE TABLE events_2025 (at date);\nALTER TABLE events_2025 ADD CONSTRAINT b ${bound};` },
    { name: 'CHECK added NOT VALID and validated in this migration', code: `ALTER TABLE events_2025 ADD CONSTRAINT b ${bound} NOT VALID;\nALTER TABLE events_2025 VALIDATE CONSTRAINT b;\n${attach}` },
    {
      name: 'lower-case, quoted and schema-qualified, validated CHECK',
      code: 'alter table app."E_2025" add constraint "B" check ("At" >= 1 and "At" < 10);\nalter table app."Events" attach partition app."E_2025" for values from (1) to (10);',
    },
    { name: 'new partition table', code: `CREATE TABLE events_2025 (at date);\n${attach}` },
    { name: 'new partition inside BEGIN/COMMIT, CRLF', code: `BEGIN;\r\nCREATE TABLE events_2025 (at date);\r\n${attach}\r\nCOMMIT;` },
    { name: 'detaching is another rule\'s business', code: 'ALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY;' },
    { name: 'a table config marks small', code: attach, tableSizes: { events_2025: 'small' } },
    { name: 'down migration', code: attach, direction: 'down' },
  ],
  invalid: [
    {
      code: attach,
      errors: [{ messageId: 'scan', line: 1, column: 20, endLine: 1, endColumn: 97, data: { table: 'events', partition: 'events_2025' } }],
    },
    {
      name: 'a NOT VALID check does not count',
      code: `ALTER TABLE events_2025 ADD CONSTRAINT b ${bound} NOT VALID;\n${attach}`,
      errors: [{ messageId: 'scan', line: 2, column: 20 }],
    },
    {
      name: 'an IS NOT NULL check alone does not count',
      code: `ALTER TABLE events_2025 ADD CONSTRAINT b CHECK (at IS NOT NULL);\n${attach}`,
      errors: [{ messageId: 'scan', line: 2, column: 20 }],
    },
    {
      name: 'a dropped check does not count',
      code: `ALTER TABLE events_2025 ADD CONSTRAINT b ${bound};\nALTER TABLE events_2025 DROP CONSTRAINT b;\n${attach}`,
      errors: [{ messageId: 'scan', line: 3, column: 20 }],
    },
    {
      name: 'DEFAULT partition, lower-case, IF EXISTS, quoted and schema-qualified',
      code: 'alter table if exists app."Events" attach partition app."Events_Rest" default;',
      errors: [{ messageId: 'scan', line: 1, column: 36, data: { table: 'app."Events"', partition: 'app."Events_Rest"' } }],
    },
    {
      name: 'two findings, comments between tokens, CRLF, inside BEGIN/COMMIT',
      code: 'BEGIN;\r\nALTER TABLE t ATTACH /* a */ PARTITION t_1 FOR VALUES IN (1);\r\n-- b\r\nALTER TABLE t ATTACH PARTITION t_2 FOR VALUES IN (2);\r\nCOMMIT;',
      errors: [
        { messageId: 'scan', line: 2, column: 15, data: { table: 't', partition: 't_1' } },
        { messageId: 'scan', line: 4, column: 15, data: { table: 't', partition: 't_2' } },
      ],
    },
    {
      name: 'PostgreSQL 11 locks the partitioned table too',
      code: attach,
      engineVersion: 11,
      errors: [{ messageId: 'beforeV12', line: 1, column: 20, data: { version: 11, table: 'events', partition: 'events_2025' } }],
    },
    { name: 'a table config marks large', code: attach, tableSizes: { events_2025: 'large' }, errors: [{ messageId: 'large', line: 1, column: 20, data: { table: 'events', partition: 'events_2025' } }] },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: attach,
      tableSizes: { events_2025: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'scan', line: 1, column: 20 }],
    },
    { name: 'only the new table is exempt', code: `CREATE TABLE events_2024 (at date);\n${attach}`, errors: [{ messageId: 'scan', line: 2, column: 20 }] },
  ],
});

it('attach-partition-without-check: the help quotes the bound', async () => {
  const { diagnostics } = await new RuleTester().lintCase(rule as Rule<never>, { code: attach });
  expect(diagnostics[0]?.help).toMatch(/^Prove the bound before attaching: ALTER TABLE events_2025 ADD CONSTRAINT events_2025_bound CHECK \(…\) NOT VALID, stating FOR VALUES FROM \('2025-01-01'\) TO \('2026-01-01'\) on the partition key/);
});
