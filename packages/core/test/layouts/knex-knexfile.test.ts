import { describe, expect, it } from 'vitest';
import { compareOrderKeys, lint, resolveConfig } from '@migralint/core';
import { loadKnex, writeTree } from './knex-helpers.js';

const M = (table: string) => `exports.up = (knex) => knex.schema.dropTable('${table}');\nexports.down = () => {};\n`;

function ordered(loaded: Awaited<ReturnType<typeof loadKnex>>, direction = 'up'): string[] {
  return loaded.migrations
    .filter((m) => m.direction === direction)
    .sort((a, b) => compareOrderKeys(a.orderKey, b.orderKey))
    .map((m) => m.source.path);
}

describe('knexfile', () => {
  it('picks the production environment, resolves path.join(__dirname, …) and loadExtensions', async () => {
    const loaded = await loadKnex({
      'knexfile.js': `const path = require('path');
const shared = { migrations: { directory: path.join(__dirname, 'db', 'migrations'), loadExtensions: ['.js'] } };
module.exports = {
  development: { client: 'sqlite3', ...shared },
  production: { client: process.env.DB_CLIENT || 'mysql2', ...shared },
};
`,
      'db/migrations/001.js': M('a'),
      'db/migrations/002.ts': M('b'),
      'migrations/003.js': M('c'),
    });
    expect(loaded.problems).toEqual([]);
    expect(ordered(loaded)).toEqual(['db/migrations/001.js']);
    expect(loaded.migrations[0]!.engine).toBe('mysql');
  });

  it('orders files by name as Knex does (code units, all directories together unless sortDirsSeparately)', async () => {
    const files = {
      'a/20240102_b.js': M('b'),
      'a/20240101_a.js': M('a'),
      'b/20240101_B.js': M('B'),
      'b/20240103_c.js': M('c'),
      'b/notes.txt': 'x',
      'b/20240104_d.mjs': M('d'),
    };
    const together = await loadKnex({ ...files, 'knexfile.js': "module.exports = { client: 'pg', migrations: { directory: ['./a', './b'] } };\n" });
    expect(ordered(together)).toEqual(['b/20240101_B.js', 'a/20240101_a.js', 'a/20240102_b.js', 'b/20240103_c.js']);
    expect(ordered(together, 'down')).toEqual(ordered(together));
    const separately = await loadKnex({ ...files, 'knexfile.js': "module.exports = { client: 'pg', migrations: { directory: ['./a', './b'], sortDirsSeparately: true } };\n" });
    expect(ordered(separately)).toEqual(['a/20240101_a.js', 'a/20240102_b.js', 'b/20240101_B.js', 'b/20240103_c.js']);
  });

  it('reads an ESM or TypeScript knexfile: export default, satisfies, import.meta.url, a function', async () => {
    const esm = await loadKnex({
      'knexfile.mjs': `import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const __dirname = dirname(fileURLToPath(import.meta.url));
export default { client: 'pg', migrations: { directory: join(__dirname, 'src/migrations'), loadExtensions: ['.mjs'] } };
`,
      'src/migrations/001.mjs': "export const up = (knex) => knex.schema.dropTable('a');\nexport const down = () => {};\n",
    });
    expect(esm.problems).toEqual([]);
    expect(ordered(esm)).toEqual(['src/migrations/001.mjs']);
    const ts = await loadKnex({
      'knexfile.ts': "import type { Knex } from 'knex';\n\nexport default (async () => ({ client: 'postgresql', migrations: { directory: './migrations', disableTransactions: true } })) satisfies () => Promise<Knex.Config>;\n",
      'migrations/001.ts': "export async function up(knex) {\n  await knex.schema.dropTable('a');\n}\nexport async function down() {}\n",
    });
    expect(ts.problems).toEqual([]);
    expect(ts.migrations[0]!.transactional).toBe('no');
  });

  it('reports a client migralint cannot lint, and lints nothing for it unless the engine is set', async () => {
    const files = { 'knexfile.js': "module.exports = {\n  client: 'mssql',\n};\n", 'migrations/001.js': M('a') };
    const loaded = await loadKnex(files);
    expect(loaded.problems).toEqual([
      "knexfile.js:2:3 layout-error Knex client 'mssql' has no SQL dialect in migralint (it reads PostgreSQL, MySQL and SQLite): these migrations are not linted. Set `engine` in the migralint config to lint them as one of those.",
    ]);
    expect(loaded.migrations).toEqual([]);
    const forced = await loadKnex(files, { engine: 'postgresql', engineExplicit: true });
    expect(forced.problems).toEqual([]);
    expect(forced.migrations.map((m) => m.engine)).toEqual(['postgresql', 'postgresql']);
  });

  it('reports a malformed knexfile with its line and column, and goes on with the defaults', async () => {
    const loaded = await loadKnex({ 'knexfile.js': "module.exports = {\n  client: 'pg'\n  migrations: {},\n};\n", 'migrations/001.js': M('a') });
    expect(loaded.problems).toEqual(["knexfile.js:3:3 layout-error Malformed knexfile: ',' expected. Knex could not load it; migralint reads what it can."]);
    expect(ordered(loaded)).toEqual(['migrations/001.js']);
  });

  it('says when the client or the directory is computed at run time, or the directory is missing', async () => {
    const loaded = await loadKnex({ 'knexfile.js': "module.exports = {\n  client: getClient(),\n  migrations: { directory: './db' },\n};\n" });
    expect(loaded.problems).toEqual([
      "knexfile.js:2:3 opaque-code The knexfile's `client` is computed at run time: migralint lints these migrations with the engine of its own configuration (`engine`, PostgreSQL by default).",
      'knexfile.js:1:1 layout-error The migrations directory db does not exist: `knex migrate:latest` would fail (ENOENT).',
    ]);
  });
});

describe('discovery', () => {
  it('finds the knexfile above a migrations directory named on the command line', async () => {
    const loaded = await loadKnex({ 'knexfile.js': "module.exports = { client: 'mysql2' };\n", 'migrations/001.js': M('a') }, { dir: 'migrations' });
    expect(loaded.migrations.map((m) => `${m.id} ${m.engine}`)).toEqual(['migrations/001.js#up mysql', 'migrations/001.js#down mysql']);
  });

  it('without a knexfile, claims only Knex-looking files in a migrations directory', async () => {
    const loaded = await loadKnex({
      'db/migrations/001_knex.js': M('a'),
      'db/migrations/002_typeorm.ts': 'export class Init implements MigrationInterface {\n  async up(queryRunner) { await queryRunner.query("DROP TABLE a"); }\n}\n',
      'src/util.js': M('b'),
    });
    expect(loaded.migrations.map((m) => m.id)).toEqual(['db/migrations/001_knex.js#up', 'db/migrations/001_knex.js#down']);
  });

  it('lints one migration named on the command line with its knexfile settings', async () => {
    const cwd = writeTree({ 'knexfile.js': "module.exports = { client: 'mysql2' };\n", 'migrations/001.js': M('a'), 'migrations/002.js': M('b') });
    const results = await lint([{ path: 'migrations/002.js' }], resolveConfig({ file: undefined, dir: cwd, config: {} }, []), { cwd });
    expect(results.map((r) => `${r.file} ${r.migrations.map((m) => `${m.layout}/${m.engine}/${m.orderKey.join(':')}`).join(' ')}`)).toEqual(['migrations/002.js knex/mysql/.:0:1 knex/mysql/.:2:1']);
  });
});
