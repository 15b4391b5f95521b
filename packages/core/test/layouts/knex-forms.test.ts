import { describe, expect, it } from 'vitest';
import { loadKnex, opsOf } from './knex-helpers.js';

/** Every form people write `up`/`down` in must yield the same operations. */
const KNEXFILE = { 'knexfile.js': "module.exports = { client: 'pg' };\n" };
const DROP = "knex.schema.dropTable('t')";

const FORMS: Record<string, string> = {
  'exports.up = function': `exports.up = function (knex) {\n  return ${DROP};\n};\nexports.down = function () {};\n`,
  'exports.up = arrow expression': `exports.up = (knex) => ${DROP};\nexports.down = () => {};\n`,
  'module.exports.up =': `module.exports.up = async (knex) => {\n  await ${DROP};\n};\nmodule.exports.down = async () => {};\n`,
  'module.exports = { up, down } (shorthand)': `async function up(knex) {\n  await ${DROP};\n}\nasync function down() {}\nmodule.exports = { up, down };\n`,
  'module.exports = { async up(knex) {} }': `module.exports = {\n  async up(knex) {\n    await ${DROP};\n  },\n  async down() {},\n};\n`,
  'module.exports = { up: function }': `module.exports = {\n  up: function (knex) {\n    return ${DROP};\n  },\n  down: () => Promise.resolve(),\n};\n`,
  'export async function up': `export async function up(knex) {\n  await ${DROP};\n}\nexport async function down() {}\n`,
  'export const up = async arrow': `export const up = async (knex) => {\n  await ${DROP};\n};\nexport const down = async () => {};\n`,
  'export { up, down }': `const up = async (knex) => {\n  await ${DROP};\n};\nconst down = async () => {};\nexport { up, down };\n`,
  'destructured parameter': `exports.up = async ({ schema }) => {\n  await schema.dropTable('t');\n};\nexports.down = async () => {};\n`,
  'promise chain': `exports.up = function (knex) {\n  return Promise.resolve().then(() => {\n    return ${DROP};\n  });\n};\nexports.down = function () {};\n`,
  'schema alias': `exports.up = async (knex) => {\n  const schema = knex.schema;\n  await schema.dropTable('t');\n};\nexports.down = async () => {};\n`,
  'helper in the same file': `function drop(k, name) {\n  return k.schema.dropTable(name);\n}\nexports.up = async (knex) => {\n  await drop(knex, 't');\n};\nexports.down = async () => {};\n`,
};

describe('up/down forms', () => {
  for (const [name, text] of Object.entries(FORMS)) {
    it(name, async () => {
      const loaded = await loadKnex({ ...KNEXFILE, 'migrations/001_a.js': text });
      expect(loaded.problems).toEqual([]);
      const ops = opsOf(loaded, 'migrations/001_a.js#up');
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatch(/^dropTable t @\d+$/);
      expect(loaded.byId.get('migrations/001_a.js#down')?.direction).toBe('down');
    });
  }

  it('reads a TypeScript migration with type annotations and import type { Knex }', async () => {
    const text = `import type { Knex } from 'knex';

interface Options { table: string }
const options: Options = { table: 'users' } satisfies Options;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(options.table as string, (table: Knex.AlterTableBuilder): void => {
    table.string('email', 100).notNullable();
  });
  const rows = await knex<{ id: number }>('users').select('id');
  void rows;
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (table) => table.dropColumn('email'));
}
`;
    const loaded = await loadKnex({ ...KNEXFILE, 'migrations/20240101_add_email.ts': text });
    expect(loaded.problems).toEqual([]);
    expect(opsOf(loaded, 'migrations/20240101_add_email.ts#up')).toEqual(['addColumn users.email varchar(100) not null @8']);
    expect(opsOf(loaded, 'migrations/20240101_add_email.ts#down')).toEqual(['dropColumn users.email @15']);
  });

  it('reads an old-style callback that uses `this` as the table builder', async () => {
    const text = "exports.up = function (knex) {\n  return knex.schema.createTable('t', function () {\n    this.increments();\n    this.string('name');\n  });\n};\nexports.down = function () {};\n";
    const loaded = await loadKnex({ ...KNEXFILE, 'migrations/001.js': text });
    expect(opsOf(loaded, 'migrations/001.js#up')).toEqual(['createTable t(id serial not null, name varchar(255)) @2']);
  });

  it('reports a syntax error with its line and column, and nothing else for that file', async () => {
    const text = "exports.up = async (knex) => {\n  await knex.schema.alterTable('users', (t) => {\n    t.string('a'\n  });\n};\nexports.down = async () => {};\n";
    const loaded = await loadKnex({ ...KNEXFILE, 'migrations/001.js': text, 'migrations/002.js': `exports.up = (knex) => ${DROP};\nexports.down = () => {};\n` });
    expect(loaded.problems).toEqual(["migrations/001.js:4:3 syntax-error Syntax error: ',' expected."]);
    expect(loaded.byId.has('migrations/001.js#up')).toBe(false);
    expect(opsOf(loaded, 'migrations/002.js#up')).toEqual(['dropTable t @1']);
  });

  it('reports a migration Knex would reject: no down, or a default export', async () => {
    const loaded = await loadKnex({
      ...KNEXFILE,
      'migrations/001.js': `exports.up = (knex) => ${DROP};\n`,
      'migrations/002.mjs': `export default {\n  up: (knex) => ${DROP},\n  down: () => {},\n};\n`,
      'knexfile.js': "module.exports = { client: 'pg', migrations: { loadExtensions: ['.js', '.mjs'] } };\n",
    });
    expect(loaded.problems).toEqual([
      'migrations/001.js:1:1 layout-error Knex rejects this migration: it does not export `down` ("Invalid migration: … must have both an up and down function").',
      'migrations/002.mjs:1:1 layout-error Knex rejects this migration: it reads `up` and `down` off the module itself, and a default export hides them ("Invalid migration: … must have both an up and down function"). Export them by name (`export async function up(knex)`, `exports.up = …`).',
    ]);
    // Still linted, so that the code is checked while the export is fixed.
    expect(opsOf(loaded, 'migrations/002.mjs#up')).toEqual(['dropTable t @2']);
  });

  it('reports exports it cannot read as opaque code', async () => {
    const loaded = await loadKnex({ ...KNEXFILE, 'migrations/001.js': "module.exports = require('./shared')('users');\n", 'migrations/002.js': "exports.up = require('./shared').up;\nexports.down = () => {};\n" });
    expect(loaded.problems).toEqual([
      "migrations/001.js:1:1 opaque-code Not checked: the migration's exports are computed at run time (module.exports = …); migralint cannot find its up and down functions.",
      'migrations/002.js:1:1 opaque-code Not checked: `up` is not a function defined in this file; migralint does not follow it.',
    ]);
  });

  it('reports CoffeeScript migrations as not checked', async () => {
    const loaded = await loadKnex({ ...KNEXFILE, 'migrations/001.coffee': 'exports.up = (knex) -> knex.schema.dropTable "t"\n' });
    expect(loaded.problems).toEqual(['migrations/001.coffee:1:1 opaque-code Not checked: Knex loads .coffee migrations, but migralint reads only JavaScript and TypeScript; review this migration by hand.']);
  });
});
