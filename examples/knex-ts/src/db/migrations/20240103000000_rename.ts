import type { Knex } from 'knex';

const TABLE = 'invoices';

// Unsafe: renames break every client that still uses the old names.
export const up = async (knex: Knex): Promise<void> => {
  await knex.schema.renameTable(TABLE, 'bills');
  await knex.schema.alterTable('accounts', (table) => table.renameColumn('plan', 'tier'));
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.schema.alterTable('accounts', (table) => table.renameColumn('tier', 'plan'));
  await knex.schema.renameTable('bills', TABLE);
};
