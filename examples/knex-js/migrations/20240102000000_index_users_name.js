/**
 * Unsafe: Knex's table.index() builds a plain CREATE INDEX, which blocks writes to users
 * until the whole table is indexed.
 * @param { import("knex").Knex } knex
 */
exports.up = async function (knex) {
  await knex.schema.alterTable('users', (table) => {
    table.index(['name'], 'users_name_idx');
  });
};

exports.down = async function (knex) {
  await knex.schema.alterTable('users', (table) => {
    table.dropIndex(['name'], 'users_name_idx');
  });
};
