import { describe, expect, it } from 'vitest';
import { loadParsers, plainSqlMigration, RunAnalysis, runRules, SourceFile, type Rule } from '@migralint/core';
import banConcurrentIndexCreationInTransaction from '../rules/ban-concurrent-index-creation-in-transaction.js';
import requireConcurrentIndexCreation from '../rules/require-concurrent-index-creation.js';
import requireConcurrentIndexDeletion from '../rules/require-concurrent-index-deletion.js';
import { withNonTransactionalHint } from './help.js';

const FLYWAY = 'Add `-- flyway:executeInTransaction=false` as the first line of the file.';

/** One rule's diagnostics on `code`, as a migration whose layout gave `hint`. */
async function lint(rule: Rule<never>, code: string, hint: string | undefined, assumeInTransaction?: boolean) {
  await loadParsers();
  const m = plainSqlMigration(new SourceFile('V2__change.sql', code), { engine: 'postgresql', assumeInTransaction }).migration;
  if (hint !== undefined) m.hints = { nonTransactional: hint };
  const config = { rules: new Map([[rule.meta.id, { level: 'error' as const, options: {} }]]), settings: { engine: 'postgresql' as const, engineVersion: 15 } };
  return runRules(m, new Map([[rule.meta.id, rule]]), config, new RunAnalysis());
}

describe('withNonTransactionalHint', () => {
  it('appends the layout\'s advice as its own sentence', () => {
    const m = { hints: { nonTransactional: ` ${FLYWAY} ` } } as Parameters<typeof withNonTransactionalHint>[1];
    expect(withNonTransactionalHint('Use CONCURRENTLY. ', m)).toBe(`Use CONCURRENTLY. ${FLYWAY}`);
  });

  it('leaves the help alone without a hint', () => {
    expect(withNonTransactionalHint('Use CONCURRENTLY.', {} as Parameters<typeof withNonTransactionalHint>[1])).toBe('Use CONCURRENTLY.');
    expect(withNonTransactionalHint('Use CONCURRENTLY.', { hints: { nonTransactional: '  ' } } as Parameters<typeof withNonTransactionalHint>[1])).toBe('Use CONCURRENTLY.');
  });
});

describe.each([
  [requireConcurrentIndexCreation.meta.id, requireConcurrentIndexCreation, 'CREATE INDEX users_email_idx ON users (email);', false],
  [requireConcurrentIndexDeletion.meta.id, requireConcurrentIndexDeletion, 'DROP INDEX users_email_idx;', false],
  [banConcurrentIndexCreationInTransaction.meta.id, banConcurrentIndexCreationInTransaction, 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);', true],
] as const)('%s', (_id, rule, code, inTransaction) => {
  it(`${rule.meta.id}: the help ends with how the migration's tool runs it outside a transaction`, async () => {
    const [d] = await lint(rule as Rule<never>, code, FLYWAY, inTransaction);
    expect(d?.help).toMatch(/users_email_idx/);
    expect(d?.help?.endsWith(` ${FLYWAY}`)).toBe(true);
  });

  it(`${rule.meta.id}: without a hint the help is the rule's own`, async () => {
    const [d] = await lint(rule as Rule<never>, code, undefined, inTransaction);
    expect(d?.help).not.toContain('flyway');
    expect(d?.help?.startsWith(rule.meta.help.split('{{')[0]!)).toBe(true);
  });
});
