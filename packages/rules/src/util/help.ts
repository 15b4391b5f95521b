import { interpolate, type Migration } from '@migralint/core';

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

/**
 * Appends the layout's SET NOT NULL recipe in its own terms (Liquibase changeSets …), filled
 * with the finding's names, when the layout adapter gave one.
 */
export function withSetNotNullHint(help: string, migration: Migration, data: Record<string, string | number>): string {
  const hint = migration.hints?.setNotNull?.trim();
  if (!hint) return help;
  return `${help.replace(/\s+$/, '')} ${interpolate(hint, data)}`;
}
