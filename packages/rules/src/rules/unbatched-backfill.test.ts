import { expect, it } from 'vitest';
import { loadParsers, plainSqlMigration, RuleTester, RunAnalysis, runRules, SourceFile } from '@migralint/core';
import rule from './unbatched-backfill.js';

const tester = new RuleTester();
const add = 'ALTER TABLE users ADD COLUMN active boolean';

tester.run(rule, {
  valid: [
    { code: 'UPDATE users SET active = true WHERE id >= 1 AND id < 10001;' },
    { name: 'a table known to be small', code: 'update plans set price = price * 2;', tableSizes: { plans: 'small' } },
    { name: 'new table, quoted and schema-qualified', code: 'CREATE TABLE app."Drafts" (id bigint, body text);\nUPDATE app."Drafts" SET body = \'\';\nDELETE FROM app."Drafts";' },
    { name: 'INSERT is not a backfill', code: 'BEGIN;\nALTER TABLE users ADD COLUMN active boolean;\nINSERT INTO users (id) VALUES (1);\nCOMMIT;' },
    { name: 'the schema change committed first', code: 'BEGIN;\nALTER TABLE users ADD COLUMN active boolean;\nCOMMIT;\nUPDATE users SET active = true WHERE id < 1000;' },
    { name: 'no transaction known: each statement commits on its own', code: 'ALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true WHERE id < 1000;' },
    { name: 'DDL on another table', code: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nUPDATE users SET active = true WHERE id < 1000;\nCOMMIT;' },
    { name: 'a lock that blocks neither reads nor writes (VALIDATE)', code: 'BEGIN;\nALTER TABLE users VALIDATE CONSTRAINT c;\nDELETE FROM users WHERE id = 1;\nCOMMIT;' },
    { name: 'comments between tokens, CRLF', code: 'UPDATE /* x */ users -- y\r\n  SET active = true\r\n  WHERE id < 1000;\r\n' },
  ],
  invalid: [
    {
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true WHERE active IS NULL;\nCOMMIT;',
      errors: [{ messageId: 'underLock', line: 3, column: 1, endLine: 3, endColumn: 52, data: { action: 'UPDATE', table: 'users', by: add, byLine: 2, mode: 'ACCESS EXCLUSIVE', blocked: 'all reads and writes', more: '' } }],
    },
    {
      name: 'a backfill split into many statements inside the transaction is one finding',
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true WHERE id < 1000;\nUPDATE users SET active = true WHERE id >= 1000 AND id < 2000;\nDELETE FROM users WHERE active IS NULL;\nCOMMIT;',
      errors: [
        {
          messageId: 'underLock',
          line: 3,
          column: 1,
          data: { action: 'UPDATE', table: 'users', by: add, byLine: 2, mode: 'ACCESS EXCLUSIVE', blocked: 'all reads and writes', more: ' So do 2 later backfill statements of the transaction (lines 4, 5).' },
        },
      ],
    },
    {
      name: 'every row of a table not known to be small',
      code: 'UPDATE users SET email = lower(email);',
      errors: [{ messageId: 'wholeTable', line: 1, column: 1, data: { action: 'UPDATE', table: 'users' } }],
    },
    {
      name: 'a table configured as large; DELETE',
      code: 'delete from events;',
      tableSizes: { events: 'large' },
      errors: [{ messageId: 'wholeTable', line: 1, column: 1, data: { action: 'DELETE', table: 'events' } }],
    },
    {
      name: 'two findings in the tool\'s transaction: a SHARE lock from an index build is held too',
      code: 'CREATE INDEX ix ON users (email);\nUPDATE users SET email = lower(email) WHERE email <> lower(email);\nDELETE FROM orders;',
      assumeInTransaction: true,
      errors: [
        { messageId: 'underLock', line: 2, column: 1, data: { action: 'UPDATE', table: 'users', by: 'CREATE INDEX ix ON users', byLine: 1, mode: 'SHARE', blocked: 'all writes', more: '' } },
        { messageId: 'wholeTable', line: 3, column: 1, data: { action: 'DELETE', table: 'orders' } },
      ],
    },
    {
      name: 'quoted, schema-qualified, lower-case, public. on one side only',
      code: 'begin;\nalter table public."Users" add column "Active" boolean;\nupdate "Users" set "Active" = true where id > 0;\ncommit;',
      errors: [{ messageId: 'underLock', line: 3, column: 1, data: { action: 'UPDATE', table: '"Users"', by: 'ALTER TABLE public."Users" ADD COLUMN "Active" boolean', byLine: 2, mode: 'ACCESS EXCLUSIVE', blocked: 'all reads and writes', more: '' } }],
    },
    {
      name: 'CRLF',
      code: 'SELECT 1;\r\nUPDATE users SET active = true;\r\n',
      errors: [{ messageId: 'wholeTable', line: 2, column: 1, endLine: 2, endColumn: 31 }],
    },
    {
      name: 'a table from an earlier migration is not new',
      before: 'CREATE TABLE users (id bigint, active boolean);',
      code: 'UPDATE users SET active = true;',
      errors: [{ messageId: 'wholeTable', line: 1, column: 1, data: { action: 'UPDATE', table: 'users' } }],
    },
  ],
});

it('unbatched-backfill: the recipe is batched with the user\'s names, and appends the layout\'s advice for running outside a transaction', async () => {
  await loadParsers();
  const { migration } = plainSqlMigration(new SourceFile('m.sql', 'ALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true;'), { engine: 'postgresql', assumeInTransaction: true });
  migration.hints = { nonTransactional: 'Add `-- migrate:up transaction:false` to run it outside a transaction.' };
  const registry = new Map([[rule.meta.id, rule]]);
  const config = { rules: new Map([[rule.meta.id, { level: 'error' as const, options: {} }]]), settings: { engine: 'postgresql' as const, engineVersion: 15 } };
  const [d] = runRules(migration, registry, config, new RunAnalysis());
  expect(d?.help).toBe(
    `Backfill in batches, each committed on its own: commit the schema change first (${add} in a migration of its own, so its lock is released at once), then UPDATE users SET … WHERE id >= $1 AND id < $2, a few thousand rows per batch by primary key, repeated until no row is left, with a pause between batches so VACUUM and replicas keep up, from a script, a background job or a migration that runs outside a transaction. Add \`-- migrate:up transaction:false\` to run it outside a transaction.`,
  );
});
