import { expect, it } from 'vitest';
import { RuleTester, type Rule } from '@migralint/core';
import rule from './ban-truncate-cascade.js';

const before = 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE TABLE lines (order_id bigint, CONSTRAINT lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id));';

new RuleTester().run(rule, {
  valid: [
    { code: 'TRUNCATE users, orders;' },
    { name: 'RESTRICT is the default', code: 'truncate table users restrict;' },
    { name: 'new table', code: 'CREATE TABLE t (id int);\nTRUNCATE t CASCADE;' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (id int);\r\nTRUNCATE app."T" CASCADE;\r\nCOMMIT;' },
    { name: 'down migration', code: 'TRUNCATE users CASCADE;', direction: 'down' },
  ],
  invalid: [
    { code: 'TRUNCATE users CASCADE;', errors: [{ messageId: 'cascade', line: 1, column: 1, endLine: 1, endColumn: 23, data: { tables: 'users' } }] },
    {
      name: 'lower-case, TABLE ONLY, quoted and schema-qualified',
      code: 'truncate table only app."Users", sessions restart identity cascade;',
      errors: [{ messageId: 'cascade', line: 1, column: 1, data: { tables: 'app."Users", sessions' } }],
    },
    {
      name: 'two findings, comments between tokens, CRLF, inside BEGIN/COMMIT',
      code: 'BEGIN;\r\nTRUNCATE /* a */ users CASCADE;\r\n-- b\r\nTRUNCATE orders -- c\r\n  CASCADE;\r\nCOMMIT;',
      errors: [
        { messageId: 'cascade', line: 2, column: 1, data: { tables: 'users' } },
        { messageId: 'cascade', line: 4, column: 1, endLine: 5, endColumn: 10, data: { tables: 'orders' } },
      ],
    },
    { name: 'a new table among existing ones', code: 'CREATE TABLE t (id int);\nTRUNCATE t, users CASCADE;', errors: [{ messageId: 'cascade', line: 2, column: 1 }] },
  ],
});

it('ban-truncate-cascade: the help lists the tables the replayed schema knows CASCADE would reach', async () => {
  const { diagnostics } = await new RuleTester().lintCase(rule as Rule<never>, { code: 'TRUNCATE users CASCADE;', before });
  expect(diagnostics[0]?.help).toMatch(/^Name every table you mean to empty and leave out CASCADE: TRUNCATE users, orders, lines;/);
});
