import type { Migration } from '@migralint/core';

/**
 * Appends the layout's own advice on running a migration outside a transaction (Flyway's
 * `executeInTransaction=false`, Knex's `config = { transaction: false }` …), when the layout
 * adapter gave one. Rules whose fix cannot run inside a transaction block call this.
 */
export function withNonTransactionalHint(help: string, migration: Migration): string {
  const hint = migration.hints?.nonTransactional?.trim();
  if (!hint) return help;
  return `${help.replace(/\s+$/, '')} ${hint}`;
}
