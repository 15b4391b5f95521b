/**
 * Safe: tables created in this migration can be indexed and constrained freely.
 * @param { import("knex").Knex } knex
 */
exports.up = async function (knex) {
  await knex.schema.createTable('users', (table) => {
    table.bigIncrements('id');
    table.string('email', 50).notNullable();
    table.text('name');
    table.timestamps(true, true);
    table.index(['email'], 'users_email_idx');
  });
  await knex.schema.createTable('orders', (table) => {
    table.bigIncrements('id');
    table.bigInteger('user_id').references('id').inTable('users');
    table.decimal('total', 10, 2);
  });
};

exports.down = async function (knex) {
  await knex.schema.dropTable('orders');
  await knex.schema.dropTable('users');
};
