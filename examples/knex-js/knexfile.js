// Knex configuration: migralint reads it (never runs it) for the client and the migrations directory.
module.exports = {
  client: 'pg',
  connection: process.env.DATABASE_URL,
  migrations: {
    directory: './migrations',
  },
};
