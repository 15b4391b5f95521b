import type { Knex } from 'knex';

// Safe: everything here happens to tables this migration creates.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (table: Knex.CreateTableBuilder) => {
    table.uuid('id').primary().defaultTo(knex.fn.uuid());
    table.string('email', 120).notNullable().unique();
    table.enu('plan', ['free', 'pro'], { useNative: true, enumName: 'account_plan' }).notNullable().defaultTo('free');
    table.timestamps(true, true);
  });
  await knex.schema.createTable('invoices', (table) => {
    table.bigIncrements('id');
    table.uuid('account_id').notNullable().references('id').inTable('accounts');
    table.integer('amount_cents').notNullable();
    table.index(['account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invoices');
  await knex.schema.dropTable('accounts');
  await knex.raw('DROP TYPE account_plan');
}
