/**
 * Unsafe: a foreign key added to an existing table checks every row under locks on both tables.
 * @param { import("knex").Knex } knex
 */
exports.up = async function (knex) {
  await knex.schema.alterTable('orders', (table) => {
    table.bigInteger('coupon_id');
    table.foreign('user_id', 'orders_user_id_fk').references('id').inTable('users').onDelete('CASCADE');
  });
};

exports.down = async function (knex) {
  await knex.schema.alterTable('orders', (table) => {
    table.dropForeign('user_id', 'orders_user_id_fk');
    table.dropColumn('coupon_id');
  });
};
