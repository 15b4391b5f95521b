import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (table) => {
    // Safe: widening a varchar keeps the table as it is. `alterNullable: false` stops Knex from
    // re-declaring NOT NULL (drop, then set again: a full scan under an exclusive lock).
    table.string('email', 255).alter({ alterNullable: false });
  });
  await knex.schema.alterTable('invoices', (table) => {
    // Unsafe twice: integer → bigint rewrites invoices and its indexes, and `.notNullable().alter()`
    // sets NOT NULL again, which scans the table.
    table.bigInteger('amount_cents').notNullable().alter();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('invoices', (table) => {
    table.integer('amount_cents').notNullable().alter();
  });
}
