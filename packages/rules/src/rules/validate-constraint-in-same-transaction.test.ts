import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './validate-constraint-in-same-transaction.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    {
      name: 'VALIDATE in a separate transaction',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT c;\nCOMMIT;',
    },
    { name: 'VALIDATE alone (the ADD ran in an earlier migration)', code: 'ALTER TABLE orders VALIDATE CONSTRAINT c;', assumeInTransaction: true },
    { name: 'no transaction known', code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;' },
    { name: 'the tool runs it without a transaction', code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;', assumeInTransaction: false },
    {
      name: 'a COMMIT ends the tool\'s transaction before the VALIDATE',
      code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT c;',
      assumeInTransaction: true,
    },
    {
      name: 'another constraint, or the same name on another table',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT other;\nALTER TABLE app.orders VALIDATE CONSTRAINT c;\nCOMMIT;',
    },
    { name: 'new table: nobody waits on it', code: 'BEGIN;\nCREATE TABLE t (x int);\nALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;' },
  ],
  invalid: [
    {
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;\nCOMMIT;',
      errors: [{ messageId: 'check', line: 3, column: 20, endLine: 3, endColumn: 41, data: { constraint: 'c', addLine: 2, table: 'orders' } }],
    },
    {
      name: 'foreign key by PostgreSQL\'s generated name, public. on one side, in the tool\'s transaction',
      code: 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_id_fkey;',
      assumeInTransaction: true,
      errors: [{ messageId: 'foreignKey', line: 2, column: 27, data: { constraint: 'orders_user_id_fkey', addLine: 1, table: 'public.orders', refTable: 'users' } }],
    },
    {
      name: 'lower-case, quoted, schema-qualified, comments between tokens',
      code: 'begin;\nalter table app."Orders" add constraint "Pos" check (total >= 0) not valid;\nalter table /* now */ app."Orders" -- scan\n  validate constraint "Pos";\ncommit;',
      errors: [{ messageId: 'check', line: 4, column: 3, data: { constraint: '"Pos"', addLine: 2, table: 'app."Orders"' } }],
    },
    {
      name: 'ALTER TABLE IF EXISTS ONLY',
      code: 'BEGIN;\nALTER TABLE IF EXISTS ONLY orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE IF EXISTS orders VALIDATE CONSTRAINT c;\nCOMMIT;',
      errors: [{ messageId: 'check', line: 3, column: 30, data: { constraint: 'c', addLine: 2, table: 'orders' } }],
    },
    {
      name: 'two findings, CRLF',
      code: 'BEGIN;\r\nALTER TABLE a ADD CONSTRAINT ca CHECK (x > 0) NOT VALID, ADD CONSTRAINT cb CHECK (y > 0) NOT VALID;\r\nALTER TABLE a VALIDATE CONSTRAINT ca;\r\nALTER TABLE a VALIDATE CONSTRAINT cb;\r\nCOMMIT;\r\n',
      errors: [
        { messageId: 'check', line: 3, column: 15, data: { constraint: 'ca', addLine: 2, table: 'a' } },
        { messageId: 'check', line: 4, column: 15, data: { constraint: 'cb', addLine: 2, table: 'a' } },
      ],
    },
    {
      name: 'PostgreSQL 18: NOT NULL constraints can be added NOT VALID too',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_nn NOT NULL total NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_nn;\nCOMMIT;',
      engineVersion: 18,
      errors: [{ messageId: 'check', line: 3, column: 20, data: { constraint: 'orders_total_nn', addLine: 2, table: 'orders' } }],
    },
  ],
});

it('validate-constraint-in-same-transaction: the recipe names both steps and the referenced table\'s lock', async () => {
  const { diagnostics } = await tester.lintCase(rule, {
    code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;\nCOMMIT;',
  });
  expect(diagnostics[0]?.help).toBe(
    'Commit between the two steps: ALTER TABLE orders ADD CONSTRAINT fk … NOT VALID in one migration (a brief lock, no scan), then ALTER TABLE orders VALIDATE CONSTRAINT fk in the next one, where the scan runs under SHARE UPDATE EXCLUSIVE (ROW SHARE on users) and reads and writes go on.',
  );
});
