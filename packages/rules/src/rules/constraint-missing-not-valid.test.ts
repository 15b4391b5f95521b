import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './constraint-missing-not-valid.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;' },
    { code: 'alter table orders add constraint fk foreign key (user_id) references users (id) not valid;' },
    { name: 'not a CHECK or foreign key', code: 'ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);' },
    { name: 'new table', code: 'CREATE TABLE t (x int);\nALTER TABLE t ADD CONSTRAINT c CHECK (x > 0);' },
    { name: 'new quoted, schema-qualified table, CRLF', code: 'CREATE TABLE app."T" (x int);\r\nALTER TABLE app."T" ADD CONSTRAINT c CHECK (x > 0);\r\n' },
    {
      name: 'VALIDATE in a separate transaction',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT c;\nCOMMIT;',
    },
    {
      name: 'VALIDATE when the transaction state is unknown',
      code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;',
    },
    {
      name: 'VALIDATE after a COMMIT ends the tool\'s transaction',
      code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT c;',
      assumeInTransaction: true,
    },
    {
      name: 'VALIDATE in the transaction that added it NOT VALID: validate-constraint-in-same-transaction reports it, not this rule',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;\nCOMMIT;',
    },
    {
      name: 'VALIDATE in the tool\'s transaction, by the generated name: validate-constraint-in-same-transaction\'s finding',
      code: 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_id_fkey;',
      assumeInTransaction: true,
    },
    {
      name: 'VALIDATE of another constraint, or of the same name on another table',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT other;\nALTER TABLE app.orders VALIDATE CONSTRAINT c;\nCOMMIT;',
    },
    { name: 'known small table', code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0);', tableSizes: { orders: 'small' } },
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
      errors: [{ messageId: 'check', line: 1, column: 20, endLine: 1, endColumn: 72, data: { table: 'orders', constraint: 'orders_total_check' } }],
    },
    {
      name: 'foreign key',
      code: 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);',
      errors: [{ messageId: 'foreignKey', line: 1, column: 20, data: { table: 'orders', constraint: 'fk', refTable: 'users' } }],
    },
    {
      name: 'unnamed foreign key: PostgreSQL\'s generated name; lower-case, quoted and schema-qualified',
      code: 'alter table app."Orders" add foreign key ("UserId") references app.users;',
      errors: [{ messageId: 'foreignKey', line: 1, column: 26, data: { table: 'app."Orders"', constraint: '"Orders_UserId_fkey"', refTable: 'app.users' } }],
    },
    {
      name: 'ALTER TABLE IF EXISTS ONLY',
      code: 'ALTER TABLE IF EXISTS ONLY orders ADD CONSTRAINT c CHECK (total >= 0);',
      errors: [{ messageId: 'check', line: 1, column: 35, data: { table: 'orders', constraint: 'c' } }],
    },
    {
      name: 'unnamed CHECK',
      code: 'ALTER TABLE orders ADD CHECK (total >= 0);',
      errors: [{ messageId: 'check', line: 1, column: 20, data: { table: 'orders', constraint: '(unnamed)' } }],
    },
    {
      name: 'a valid ADD in the same transaction as a VALIDATE is still reported (once, at the ADD)',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0);\nALTER TABLE orders VALIDATE CONSTRAINT c;\nCOMMIT;',
      errors: [{ messageId: 'check', line: 2, column: 20, data: { table: 'orders', constraint: 'c' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE orders\n  ADD CONSTRAINT a CHECK (x > 0), -- first\n  ADD CONSTRAINT /* second */ b CHECK (y > 0);',
      errors: [
        { messageId: 'check', line: 2, column: 3, endLine: 2, endColumn: 33, data: { table: 'orders', constraint: 'a' } },
        { messageId: 'check', line: 3, column: 3, endLine: 3, endColumn: 46, data: { table: 'orders', constraint: 'b' } },
      ],
    },
    {
      name: 'CRLF',
      code: 'SELECT 1;\r\nALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0);\r\n',
      errors: [{ messageId: 'check', line: 2, column: 20, endLine: 2, endColumn: 55 }],
    },
    {
      name: 'a new table in another schema does not exempt this one',
      code: 'CREATE TABLE t (x int);\nALTER TABLE app.t ADD CONSTRAINT c CHECK (x > 0);',
      errors: [{ messageId: 'check', line: 2, column: 19, data: { table: 'app.t', constraint: 'c' } }],
    },
    {
      name: 'known large table: CHECK',
      code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0);',
      tableSizes: { orders: 'large' },
      errors: [{ messageId: 'checkLargeTable', line: 1, column: 20, data: { table: 'orders', constraint: 'c' } }],
    },
    {
      name: 'known large table: foreign key (the size of the referenced table does not matter)',
      code: 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);',
      tableSizes: { orders: 'large', users: 'small' },
      errors: [{ messageId: 'foreignKeyLargeTable', line: 1, column: 20, data: { table: 'orders', constraint: 'fk', refTable: 'users' } }],
    },
    {
      name: 'known small table with ignoreSmallTables: false',
      code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0);',
      tableSizes: { orders: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'check', line: 1, column: 20 }],
    },
  ],
});

it('constraint-missing-not-valid: an unnamed constraint gets a recipe that names it', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'ALTER TABLE orders ADD CHECK (total >= 0);' });
  expect(diagnostics[0]?.help).toMatch(/^ALTER TABLE orders ADD CONSTRAINT <name> … NOT VALID .* Name the constraint so that VALIDATE CONSTRAINT can refer to it\.$/);
});
