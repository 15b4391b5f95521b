/**
 * Safe: the index is built CONCURRENTLY, outside Knex's transaction.
 * @param { import("knex").Knex } knex
 */
exports.up = async function (knex) {
  await knex.raw('CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id)');
};

exports.down = async function (knex) {
  await knex.raw('DROP INDEX CONCURRENTLY orders_user_id_idx');
};

exports.config = { transaction: false };
