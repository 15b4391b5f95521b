import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './multiple-alter-table.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: 'ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN bio text;' },
    { name: 'different tables', code: 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE orders ADD COLUMN note text;' },
    { name: 'another statement in between (a backfill)', code: 'ALTER TABLE users ADD COLUMN c int;\nUPDATE users SET c = 0 WHERE id < 100;\nALTER TABLE users ALTER COLUMN c SET NOT NULL;' },
    { name: 'VALIDATE belongs in its own statement', code: 'ALTER TABLE users ADD CONSTRAINT k CHECK (c > 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT k;' },
    { name: 'renames cannot be combined', code: 'ALTER TABLE users RENAME COLUMN a TO b;\nALTER TABLE users RENAME COLUMN c TO d;' },
    { name: 'new table', code: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN b int;' },
    { name: 'inside one transaction block, brief changes: the lock is taken once', code: 'BEGIN;\nALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;\nCOMMIT;' },
    { name: 'ALTER INDEX is not ALTER TABLE', code: 'ALTER INDEX users_idx SET (fillfactor = 70);\nALTER INDEX users_idx SET (fillfactor = 80);' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ADD COLUMN bio text;',
      errors: [
        {
          messageId: 'separate',
          line: 2,
          column: 1,
          data: { table: 'users', count: 2, lines: '1, 2', mode: 'ACCESS EXCLUSIVE', blocked: 'all reads and writes', passes: '' },
        },
      ],
    },
    {
      name: 'two findings: two runs on two tables; lower-case, quoted, schema-qualified, public. on one side',
      code: 'alter table app."Users" add column a int;\nalter table app."Users" drop column b;\nalter table orders add column c int;\nalter table public.orders alter column d set default 0;',
      errors: [
        { messageId: 'separate', line: 2, column: 1, data: { table: 'app."Users"', count: 2, lines: '1, 2', mode: 'ACCESS EXCLUSIVE', blocked: 'all reads and writes', passes: '' } },
        { messageId: 'separate', line: 4, column: 1, data: { table: 'orders', count: 2, lines: '3, 4', mode: 'ACCESS EXCLUSIVE', blocked: 'all reads and writes', passes: '' } },
      ],
    },
    {
      name: 'inside a transaction block: repeated scans',
      code: 'BEGIN;\nALTER TABLE users ALTER COLUMN a SET NOT NULL;\nALTER TABLE users ADD COLUMN x int;\nALTER TABLE users ALTER COLUMN b SET NOT NULL;\nCOMMIT;',
      errors: [{ messageId: 'passes', line: 4, column: 1, data: { table: 'users', count: 2, lines: '2, 4', mode: 'ACCESS EXCLUSIVE', blocked: 'all reads and writes' } }],
    },
    {
      name: 'comments between tokens, CRLF, IF EXISTS; a foreign key takes SHARE ROW EXCLUSIVE',
      code: 'ALTER TABLE IF EXISTS orders /* a */ ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\r\nALTER TABLE -- b\r\n  orders ADD CONSTRAINT fk2 FOREIGN KEY (shop_id) REFERENCES shops (id) NOT VALID;\r\n',
      errors: [{ messageId: 'separate', line: 2, column: 1, data: { table: 'orders', count: 2, lines: '1, 2', mode: 'SHARE ROW EXCLUSIVE', blocked: 'all writes', passes: '' } }],
    },
    {
      name: 'the tool\'s transaction: PostgreSQL 10 rewrites for a constant default, 11+ does not',
      code: 'ALTER TABLE users ADD COLUMN a int DEFAULT 0;\nALTER TABLE users ADD COLUMN b int DEFAULT 1;',
      assumeInTransaction: true,
      engineVersion: 10,
      errors: [{ messageId: 'passes', line: 2, column: 1, data: { table: 'users', count: 2, lines: '1, 2', mode: 'ACCESS EXCLUSIVE', blocked: 'all reads and writes' } }],
    },
  ],
});

it('multiple-alter-table: the help is the combined statement, in the user\'s words', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users\n  ALTER COLUMN email SET NOT NULL;' });
  expect(diagnostics[0]?.help).toBe('Combine them: ALTER TABLE users ADD COLUMN nickname text, ALTER COLUMN email SET NOT NULL;');
});

it('multiple-alter-table: on PostgreSQL 11+ the same statements in the tool\'s transaction cost nothing', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'ALTER TABLE users ADD COLUMN a int DEFAULT 0;\nALTER TABLE users ADD COLUMN b int DEFAULT 1;', assumeInTransaction: true, engineVersion: 11 });
  expect(diagnostics).toEqual([]);
});
