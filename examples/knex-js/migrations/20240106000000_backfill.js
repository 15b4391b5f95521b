const BATCHES = ['a', 'b', 'c'];

/**
 * Code migralint cannot see into (a loop) is reported as not checked, never guessed.
 * @param { import("knex").Knex } knex
 */
exports.up = async function (knex) {
  if (await knex.schema.hasColumn('users', 'nickname')) {
    await knex('users').whereNull('nickname').update({ nickname: knex.ref('name') });
  }
  for (const prefix of BATCHES) {
    await knex('users').where('email', 'like', `${prefix}%`).update({ active: true });
  }
};

exports.down = async function () {};
