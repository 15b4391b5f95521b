import { expect, it } from 'vitest';
import { RuleTester, type Rule } from '@migralint/core';
import rule from './fk-missing-index.js';

const before = 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, org_id bigint);';

new RuleTester().run(rule, {
  valid: [
    { name: 'indexed in the same migration', code: 'CREATE TABLE orders (id bigint, user_id bigint REFERENCES users);\nCREATE INDEX ON orders (user_id);' },
    { name: 'the leading column of a primary key', code: 'CREATE TABLE m (user_id bigint REFERENCES users (id), team_id bigint, PRIMARY KEY (user_id, team_id));' },
    { name: 'a unique constraint', code: 'CREATE TABLE p (user_id bigint UNIQUE REFERENCES users (id));' },
    {
      name: 'a composite key covered in another order, lower-case, quoted and schema-qualified',
      code: 'create table app."Lines" ("OrderId" bigint, org bigint, foreign key (org, "OrderId") references app."Orders");\ncreate index on app."Lines" ("OrderId", org, extra);',
    },
    { name: 'an index an earlier migration built', code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;', before: `${before}\nCREATE INDEX orders_user_id_idx ON orders (user_id);` },
    { name: 'a table the model does not know: its indexes are unknown', code: 'ALTER TABLE invoices ADD CONSTRAINT invoices_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;' },
    { name: 'inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE t (u bigint REFERENCES users);\r\nCREATE INDEX CONCURRENTLY t_u_idx ON t (u);\r\nCOMMIT;' },
    { name: 'a table config marks small', code: 'CREATE TABLE orders (user_id bigint REFERENCES users);', tableSizes: { orders: 'small' } },
    { name: 'down migration', code: 'CREATE TABLE orders (user_id bigint REFERENCES users);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));',
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { constraint: 'orders_user_id_fkey', table: 'orders', columns: 'user_id', refTable: 'users' } }],
    },
    {
      name: 'a partial index does not count; an index on other columns neither',
      code: 'CREATE TABLE orders (user_id bigint REFERENCES users, org_id bigint);\nCREATE INDEX ON orders (user_id) WHERE user_id > 0;\nCREATE INDEX ON orders (org_id, user_id);',
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { constraint: 'orders_user_id_fkey', table: 'orders', columns: 'user_id', refTable: 'users' } }],
    },
    {
      name: 'on a table an earlier migration created, lower-case keywords',
      code: 'alter table orders add constraint orders_user_fk foreign key (user_id) references users not valid;',
      before,
      errors: [{ messageId: 'missing', line: 1, column: 20, data: { constraint: 'orders_user_fk', table: 'orders', columns: 'user_id', refTable: 'users' } }],
    },
    {
      name: 'two findings, quoted and schema-qualified names, comments between tokens, CRLF',
      code: 'CREATE TABLE app."Lines" (\r\n  "OrderId" bigint REFERENCES app."Orders", -- one\r\n  /* two */ user_id bigint,\r\n  CONSTRAINT lines_user_fk FOREIGN KEY (user_id) REFERENCES users\r\n);',
      errors: [
        { messageId: 'missing', line: 1, column: 1, data: { constraint: '"Lines_OrderId_fkey"', table: 'app."Lines"', columns: '"OrderId"', refTable: 'app."Orders"' } },
        { messageId: 'missing', line: 1, column: 1, data: { constraint: 'lines_user_fk', table: 'app."Lines"', columns: 'user_id', refTable: 'users' } },
      ],
    },
    {
      name: 'an added column',
      code: 'ALTER TABLE orders ADD COLUMN org_ref bigint REFERENCES users;',
      before,
      errors: [{ messageId: 'missing', line: 1, column: 20, data: { constraint: 'orders_org_ref_fkey', table: 'orders', columns: 'org_ref', refTable: 'users' } }],
    },
    {
      name: 'a table config marks large',
      code: 'CREATE TABLE orders (user_id bigint REFERENCES users);',
      tableSizes: { orders: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 1, data: { table: 'orders', constraint: 'orders_user_id_fkey', columns: 'user_id', refTable: 'users' } }],
    },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: 'CREATE TABLE orders (user_id bigint REFERENCES users);',
      tableSizes: { orders: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
  ],
});

it('fk-missing-index: the help builds the index with the user\'s names', async () => {
  const { diagnostics } = await new RuleTester().lintCase(rule as Rule<never>, { code: 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users;', before });
  expect(diagnostics[0]?.help).toMatch(/^Index the referencing columns: CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders \(user_id\), in a migration of its own/);
});
