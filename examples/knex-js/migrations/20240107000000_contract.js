/**
 * Contract step: the application stopped reading users.name two releases ago.
 * @param { import("knex").Knex } knex
 */
exports.up = async function (knex) {
  await knex.schema.alterTable('users', (table) => {
    // migralint-disable-next-line ban-drop-column -- no reader left since release 42
    table.dropColumn('name');
  });
};

exports.down = async function (knex) {
  await knex.schema.alterTable('users', (table) => {
    table.text('name');
  });
};
