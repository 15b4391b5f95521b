import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './statement-after-access-exclusive.js';

const tester = new RuleTester();
const by = 'ALTER TABLE users ADD COLUMN nickname text';

tester.run(rule, {
  valid: [
    { code: 'BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);' },
    { name: 'brief changes of the locked table', code: 'BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ALTER COLUMN nickname SET DEFAULT \'\';\nCOMMIT;' },
    { name: 'settings and transaction control', code: "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nSET LOCAL lock_timeout = '1s';\nSAVEPOINT s;\nCOMMIT;" },
    { name: 'no transaction known (plain file): each statement commits on its own', code: 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX ix ON users (email);' },
    { name: 'migration tool without a transaction', code: 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX ix ON users (email);', assumeInTransaction: false },
    { name: 'new tables: nobody waits on them', code: 'BEGIN;\nCREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN c int;\nCREATE INDEX ON t (c);\nINSERT INTO t VALUES (1, 1);\nCOMMIT;' },
    { name: 'a lock weaker than ACCESS EXCLUSIVE is held (SHARE of CREATE INDEX)', code: 'BEGIN;\nCREATE INDEX ix ON users (email);\nCREATE INDEX iy ON orders (user_id);\nCOMMIT;' },
    {
      name: 'a backfill of the locked table is unbatched-backfill\'s, a VALIDATE of the constraint just added validate-constraint-in-same-transaction\'s',
      code: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0) NOT VALID;\nUPDATE orders SET total = 1 WHERE total IS NULL;\nALTER TABLE orders VALIDATE CONSTRAINT c;\nCOMMIT;',
    },
    { name: 'the clauses of one ALTER TABLE', code: 'BEGIN;\nALTER TABLE users ADD COLUMN nickname text, ADD CONSTRAINT c CHECK (id > 0);\nCOMMIT;' },
  ],
  invalid: [
    {
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX users_email_idx ON users (email);\nCOMMIT;',
      errors: [{ messageId: 'held', line: 3, column: 1, endLine: 3, endColumn: 46, data: { by, byLine: 2, table: 'users', statement: 'CREATE INDEX users_email_idx ON users', reason: 'scans users', more: '' } }],
    },
    {
      name: 'waits for a lock on another table; lower-case',
      code: 'begin;\nalter table users alter column email drop default;\nalter table orders add constraint fk foreign key (user_id) references users (id) not valid;\ncommit;',
      errors: [
        {
          messageId: 'held',
          line: 3,
          column: 20,
          data: { by: 'ALTER TABLE users ALTER COLUMN email DROP DEFAULT', byLine: 2, table: 'users', statement: 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY … NOT VALID', reason: 'must first wait for a SHARE ROW EXCLUSIVE lock on orders', more: '' },
        },
      ],
    },
    {
      name: 'one finding per held lock, in the migration tool\'s transaction: the later statements are counted',
      code: 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ADD CONSTRAINT c CHECK (id > 0);\nUPDATE orders SET total = 0 WHERE total IS NULL;',
      assumeInTransaction: true,
      errors: [
        {
          messageId: 'held',
          line: 2,
          column: 19,
          data: { by, byLine: 1, table: 'users', statement: 'ALTER TABLE users ADD CONSTRAINT c CHECK', reason: 'scans users', more: ' 1 later statement of the transaction prolongs it too (line 3).' },
        },
      ],
    },
    {
      name: 'two findings: two transactions, each holding ACCESS EXCLUSIVE',
      code: 'BEGIN;\nALTER TABLE users DROP COLUMN a;\nCREATE INDEX ix ON users (email);\nCOMMIT;\nBEGIN;\nALTER TABLE orders DROP COLUMN b;\nUPDATE users SET x = 1 WHERE id < 10;\nUPDATE users SET x = 1 WHERE id >= 10 AND id < 20;\nDELETE FROM users WHERE id = 1;\nUPDATE users SET x = 1 WHERE id = 3;\nUPDATE users SET x = 1 WHERE id = 4;\nUPDATE users SET x = 1 WHERE id = 5;\nUPDATE users SET x = 1 WHERE id = 6;\nCOMMIT;',
      errors: [
        { messageId: 'held', line: 3, column: 1, data: { by: 'ALTER TABLE users DROP COLUMN a', byLine: 2, table: 'users', statement: 'CREATE INDEX ix ON users', reason: 'scans users', more: '' } },
        {
          messageId: 'held',
          line: 7,
          column: 1,
          data: { by: 'ALTER TABLE orders DROP COLUMN b', byLine: 6, table: 'orders', statement: 'UPDATE users', reason: 'changes rows of users', more: ' 6 later statements of the transaction prolong it too (lines 8, 9, 10, 11, …, 13).' },
        },
      ],
    },
    {
      name: 'quoted, schema-qualified, comments between tokens, CRLF',
      code: 'BEGIN;\r\nALTER TABLE app."Users" /* lock */ RENAME COLUMN a TO b;\r\nCREATE INDEX -- why\r\n  ix ON app."Users" (b);\r\nCOMMIT;\r\n',
      errors: [
        {
          messageId: 'held',
          line: 3,
          column: 1,
          endLine: 4,
          endColumn: 24,
          data: { by: 'ALTER TABLE app."Users" RENAME COLUMN a TO b', byLine: 2, table: 'app."Users"', statement: 'CREATE INDEX ix ON app."Users"', reason: 'scans app."Users"', more: '' },
        },
      ],
    },
    {
      name: 'a rewrite of another table',
      before: 'CREATE TABLE orders (id bigint, total integer);',
      code: 'BEGIN;\nDROP INDEX IF EXISTS users_email_idx;\nALTER TABLE users DROP COLUMN legacy;\nALTER TABLE orders ALTER COLUMN total TYPE bigint;\nCOMMIT;',
      errors: [{ messageId: 'held', line: 4, column: 20, data: { by: 'ALTER TABLE users DROP COLUMN legacy', byLine: 3, table: 'users', statement: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint', reason: 'rewrites orders', more: '' } }],
    },
    {
      name: 'code migralint cannot see into',
      code: "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nDO $$ BEGIN PERFORM 1; END $$;\nCOMMIT;",
      errors: [{ messageId: 'held', line: 3, column: 1, data: { by, byLine: 2, table: 'users', statement: 'DO $$ BEGIN PERFORM 1; END $$', reason: 'runs code migralint cannot see into', more: '' } }],
    },
    {
      name: 'PostgreSQL 10: a constant default rewrites the other table',
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN a int;\nALTER TABLE orders ADD COLUMN b int DEFAULT 0;\nCOMMIT;',
      engineVersion: 10,
      errors: [{ messageId: 'held', line: 3, column: 20, data: { by: 'ALTER TABLE users ADD COLUMN a integer', byLine: 2, table: 'users', statement: 'ALTER TABLE orders ADD COLUMN b integer', reason: 'rewrites orders', more: '' } }],
    },
    {
      name: 'PostgreSQL 11+: no rewrite, but it first waits for its own lock on the other table',
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN a int;\nALTER TABLE orders ADD COLUMN b int DEFAULT 0;\nCOMMIT;',
      engineVersion: 11,
      errors: [
        {
          messageId: 'held',
          line: 3,
          column: 20,
          data: { by: 'ALTER TABLE users ADD COLUMN a integer', byLine: 2, table: 'users', statement: 'ALTER TABLE orders ADD COLUMN b integer', reason: 'must first wait for an ACCESS EXCLUSIVE lock on orders', more: '' },
        },
      ],
    },
  ],
});

it('statement-after-access-exclusive: the recipe depends on who owns the transaction', async () => {
  const code = 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX ix ON users (email);';
  const tool = await tester.lintCase(rule, { code, assumeInTransaction: true });
  expect(tool.diagnostics[0]?.help).toBe(`Keep the ACCESS EXCLUSIVE lock brief: run CREATE INDEX ix ON users in a separate migration, so the lock on users is released as soon as ${by} is done.`);
  const explicit = await tester.lintCase(rule, { code: `BEGIN;\n${code}\nCOMMIT;` });
  expect(explicit.diagnostics[0]?.help).toContain('run CREATE INDEX ix ON users in a transaction of its own (COMMIT after line 2, or a separate migration)');
});
