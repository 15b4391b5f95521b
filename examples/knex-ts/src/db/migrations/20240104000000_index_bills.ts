import type { Knex } from 'knex';

// Unsafe: CREATE INDEX CONCURRENTLY cannot run inside Knex's transaction, which is on by default.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX CONCURRENTLY bills_amount_idx ON bills (amount_cents)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY bills_amount_idx');
}
