import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './adding-foreign-key-constraint.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;' },
    { code: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;' },
    { name: 'not a foreign key', code: 'ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0);' },
    { name: 'column without REFERENCES', code: 'ALTER TABLE orders ADD COLUMN coupon_id bigint;' },
    { name: 'in CREATE TABLE', code: 'CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));' },
    { name: 'on a new table', code: 'CREATE TABLE payments (id int, order_id int);\nALTER TABLE payments ADD CONSTRAINT fk FOREIGN KEY (order_id) REFERENCES orders (id);' },
    {
      name: 'column of a new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nCREATE TABLE app."P" (id int);\r\nALTER TABLE app."P" ADD COLUMN o int REFERENCES orders;\r\nCOMMIT;',
    },
    { name: 'known small table', code: 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);', tableSizes: { orders: 'small' } },
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);',
      errors: [{ messageId: 'addConstraint', line: 1, column: 20, endLine: 1, endColumn: 98, data: { table: 'orders', constraint: 'orders_user_id_fkey', refTable: 'users' } }],
    },
    {
      name: 'column with REFERENCES',
      code: 'ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);',
      errors: [{ messageId: 'addColumn', line: 1, column: 20, endLine: 1, endColumn: 71, data: { table: 'orders', columns: 'coupon_id', refTable: 'coupons' } }],
    },
    {
      name: 'column with REFERENCES and a default: existing rows are checked',
      code: 'ALTER TABLE orders ADD COLUMN coupon_id bigint DEFAULT 1 REFERENCES coupons;',
      errors: [{ messageId: 'addColumnWithDefault', line: 1, column: 20, data: { table: 'orders', columns: 'coupon_id', refTable: 'coupons' } }],
    },
    {
      name: 'lower-case, IF NOT EXISTS, quoted and schema-qualified',
      code: 'alter table app."Orders" add column if not exists "CouponId" bigint references app.coupons ("Id");',
      errors: [{ messageId: 'addColumn', line: 1, column: 26, data: { table: 'app."Orders"', columns: '"CouponId"', refTable: 'app.coupons' } }],
    },
    {
      name: 'unnamed: PostgreSQL\'s generated name',
      code: 'ALTER TABLE orders ADD FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id);',
      errors: [{ messageId: 'addConstraint', line: 1, column: 20, data: { table: 'orders', constraint: 'orders_user_id_tenant_id_fkey', refTable: 'users' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE orders\n  ADD CONSTRAINT a FOREIGN KEY (x) REFERENCES xs, -- one\n  ADD CONSTRAINT b FOREIGN KEY (y) /* two */ REFERENCES ys;',
      errors: [
        { messageId: 'addConstraint', line: 2, column: 3, endLine: 2, endColumn: 49, data: { table: 'orders', constraint: 'a', refTable: 'xs' } },
        { messageId: 'addConstraint', line: 3, column: 3, endLine: 3, endColumn: 59, data: { table: 'orders', constraint: 'b', refTable: 'ys' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);\r\nCOMMIT;',
      errors: [{ messageId: 'addConstraint', line: 2, column: 20, endLine: 2, endColumn: 81 }],
    },
    {
      name: 'referencing a new table from an existing one',
      code: 'CREATE TABLE coupons (id int PRIMARY KEY);\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (coupon_id) REFERENCES coupons (id);',
      errors: [{ messageId: 'addConstraint', line: 2, column: 20, data: { table: 'orders', constraint: 'fk', refTable: 'coupons' } }],
    },
    {
      name: 'known large table',
      code: 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);',
      tableSizes: { orders: 'large' },
      errors: [{ messageId: 'addConstraintLargeTable', line: 1, column: 20, data: { table: 'orders', constraint: 'fk', refTable: 'users' } }],
    },
    {
      name: 'known large table, REFERENCES column with a default',
      code: 'ALTER TABLE orders ADD COLUMN coupon_id bigint DEFAULT 1 REFERENCES coupons;',
      tableSizes: { orders: 'large' },
      errors: [{ messageId: 'addColumnWithDefaultLargeTable', line: 1, column: 20, data: { table: 'orders', columns: 'coupon_id', refTable: 'coupons' } }],
    },
    {
      name: 'a REFERENCES column without a default locks briefly whatever the size',
      code: 'ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons;',
      tableSizes: { orders: 'small' },
      errors: [{ messageId: 'addColumn', line: 1, column: 20 }],
    },
  ],
});

it('adding-foreign-key-constraint: the recipe spells out the NOT VALID statement', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);' });
  expect(diagnostics[0]?.help).toContain(
    'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID',
  );
  expect(diagnostics[0]?.help).toContain('ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey');
});

it('adding-foreign-key-constraint: a REFERENCES column gets a recipe that adds the column first', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons;' });
  expect(diagnostics[0]?.help).toMatch(/^Add coupon_id without REFERENCES, then add it NOT VALID: ALTER TABLE orders ADD CONSTRAINT orders_coupon_id_fkey FOREIGN KEY \(coupon_id\) REFERENCES coupons NOT VALID/);
});
