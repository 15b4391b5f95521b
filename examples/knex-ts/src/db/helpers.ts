import type { Knex } from 'knex';

/** Not a migration: migralint only reads the files in the knexfile's migrations directory. */
export async function archiveTable(knex: Knex, table: string): Promise<void> {
  await knex.schema.renameTable(table, `${table}_archive`);
}
