import { expect, it } from 'vitest';
import { loadParsers, plainSqlMigration, RuleTester, RunAnalysis, runRules, SourceFile } from '@migralint/core';
import rule from './transaction-nesting.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: 'BEGIN;\nCREATE TABLE drafts (id bigint);\nCOMMIT;' },
    { name: 'two transactions in a row, lower-case, START TRANSACTION and END', code: 'begin;\ncreate table a (id int);\ncommit;\nstart transaction;\ncreate table b (id int);\nend;' },
    { name: 'savepoints inside a transaction', code: 'BEGIN;\nSAVEPOINT s;\nCREATE TABLE a (id int);\nROLLBACK TO SAVEPOINT s;\nCOMMIT;' },
    { name: 'the tool wraps it and the file has no transaction control', code: 'CREATE TABLE a (id int);\nCREATE INDEX ON a (id);', assumeInTransaction: true },
    { name: 'the tool runs it without a transaction', code: 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;', assumeInTransaction: false },
    { name: 'unknown setup: a COMMIT first may end a transaction the tool opened', code: 'COMMIT;\nCREATE INDEX CONCURRENTLY ix ON users (email);' },
    { name: 'comments between tokens, CRLF', code: 'BEGIN /* one */ ;\r\nCREATE TABLE a (id int);\r\nCOMMIT -- done\r\n;\r\n' },
  ],
  invalid: [
    {
      code: 'BEGIN;\nCREATE TABLE drafts (id bigint);\nBEGIN;\nCREATE INDEX drafts_id_idx ON drafts (id);\nCOMMIT;\nCOMMIT;',
      errors: [
        { messageId: 'nestedBegin', line: 3, column: 1, endLine: 3, endColumn: 6, data: { openLine: 1 } },
        { messageId: 'noTransaction', line: 6, column: 1, data: { action: 'COMMIT' } },
      ],
    },
    {
      name: 'BEGIN and COMMIT inside the migration tool\'s transaction',
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCOMMIT;',
      assumeInTransaction: true,
      errors: [
        { messageId: 'beginInTool', line: 1, column: 1 },
        { messageId: 'commitInTool', line: 3, column: 1, data: { action: 'COMMIT', effect: 'what ran before it is committed even if a later statement fails' } },
      ],
    },
    {
      name: 'the COMMIT; … BEGIN; trick to escape the tool\'s transaction: the COMMIT is reported',
      code: 'CREATE TABLE a (id int);\ncommit;\ncreate index concurrently ix on users (email);\nbegin;',
      assumeInTransaction: true,
      errors: [{ messageId: 'commitInTool', line: 2, column: 1, data: { action: 'COMMIT', effect: 'what ran before it is committed even if a later statement fails' } }],
    },
    {
      name: 'ROLLBACK inside the tool\'s transaction',
      code: 'CREATE TABLE a (id int);\nROLLBACK;',
      assumeInTransaction: true,
      errors: [{ messageId: 'commitInTool', line: 2, column: 1, data: { action: 'ROLLBACK', effect: 'what ran before it is undone, yet the tool goes on and records the migration as applied' } }],
    },
    {
      name: 'a stray COMMIT after a transaction ended; CRLF',
      code: 'BEGIN;\r\nCREATE TABLE a (id int);\r\nCOMMIT;\r\nCOMMIT;\r\n',
      errors: [{ messageId: 'noTransaction', line: 4, column: 1, data: { action: 'COMMIT' } }],
    },
    {
      name: 'a COMMIT in a migration the tool runs without a transaction',
      code: 'CREATE TABLE a (id int);\nCOMMIT;',
      assumeInTransaction: false,
      errors: [{ messageId: 'noTransaction', line: 2, column: 1, data: { action: 'COMMIT' } }],
    },
    {
      name: 'nested START TRANSACTION, comments between tokens',
      code: 'START /* a */ TRANSACTION;\nSTART -- b\n  TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nCOMMIT;',
      errors: [{ messageId: 'nestedBegin', line: 2, column: 1, data: { openLine: 1 } }],
    },
    {
      name: 'down migrations too',
      code: 'BEGIN;\nBEGIN;\nDROP TABLE a;\nCOMMIT;',
      direction: 'down',
      errors: [{ messageId: 'nestedBegin', line: 2, column: 1, data: { openLine: 1 } }],
    },
  ],
});

it('transaction-nesting: inside the tool\'s transaction, the help quotes the layout\'s own account of it', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;', assumeInTransaction: true });
  expect(diagnostics[0]?.help).toMatch(/^Remove the BEGIN, COMMIT and ROLLBACK statements: the migration tool already wraps the migration in a transaction\./);
});

it('transaction-nesting: appends the layout\'s hint about its transaction', async () => {
  await loadParsers();
  const { migration } = plainSqlMigration(new SourceFile('V2__x.sql', 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;'), { engine: 'postgresql', assumeInTransaction: true });
  migration.hints = { transaction: 'Flyway runs each migration inside a transaction on PostgreSQL.' };
  const registry = new Map([[rule.meta.id, rule]]);
  const config = { rules: new Map([[rule.meta.id, { level: 'error' as const, options: {} }]]), settings: { engine: 'postgresql' as const, engineVersion: 15 } };
  const found = runRules(migration, registry, config, new RunAnalysis());
  expect(found.map((d) => d.help?.endsWith(' Flyway runs each migration inside a transaction on PostgreSQL.'))).toEqual([true, true]);
});
