import type { Knex } from 'knex';

// Safe: the same index, in a migration that Knex runs outside a transaction.
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX CONCURRENTLY IF NOT EXISTS bills_account_idx ON bills (account_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS bills_account_idx');
}
