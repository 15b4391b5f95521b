import type { Knex } from 'knex';
import { archiveTable } from '../helpers';

export async function up(knex: Knex): Promise<void> {
  // Unsafe: dropping a table clients may still read.
  await knex.schema.dropTableIfExists('legacy_sessions');
  // Not checked: code in another file.
  await archiveTable(knex, 'audit_log');
}

export async function down(): Promise<void> {}
