import type { Knex } from 'knex';

// Environments: migralint lints for `production` when there is one (a deploy is what locks
// tables), and reads the file statically — it never imports or runs it.
const config: { [env: string]: Knex.Config } = {
  development: {
    client: 'sqlite3',
    connection: { filename: './dev.sqlite3' },
    useNullAsDefault: true,
    migrations: { directory: './src/db/migrations', extension: 'ts' },
  },
  production: {
    client: 'postgresql',
    connection: process.env.DATABASE_URL,
    migrations: { directory: './src/db/migrations', extension: 'ts' },
  },
};

module.exports = config;
