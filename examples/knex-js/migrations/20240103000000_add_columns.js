/**
 * Two unsafe columns and two safe ones.
 * @param { import("knex").Knex } knex
 */
exports.up = async function (knex) {
  await knex.schema.alterTable('users', (table) => {
    table.integer('age').notNullable();
    table.uuid('token').defaultTo(knex.fn.uuid());
    table.text('nickname');
    table.boolean('active').notNullable().defaultTo(true);
  });
};

exports.down = async function (knex) {
  await knex.schema.alterTable('users', (table) => {
    table.dropColumns('age', 'token', 'nickname', 'active');
  });
};
