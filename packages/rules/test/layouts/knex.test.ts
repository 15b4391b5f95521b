import { describe, expect, it } from 'vitest';
import { SHARED_CASES } from '../shared-cases.js';
import { expectSameAsSql, lintProject } from '../shared-harness.js';

/*
 * The shared case table in Knex form: each unsafe (or safe) schema change written with Knex's
 * builder (or knex.raw where the builder cannot express it), as a JavaScript and as a TypeScript
 * migration, must report the rule ids that plain SQL reports, at the JS/TS line of the call.
 */

/** The setup migration's `up` body, alike in JavaScript and TypeScript but for the first callback's parameter. */
const setupUp = (param: string) => `  await knex.schema.createTable('users', (${param}) => {
    t.bigInteger('id').primary();
    t.string('email', 50);
    t.text('name');
    t.index(['email'], 'users_email_idx');
  });
  await knex.schema.createTable('orders', (t) => {
    t.bigInteger('id').primary();
    t.bigInteger('user_id');
    t.decimal('total', 10, 2);
  });
`;
const SETUP_DOWN = `  await knex.schema.dropTable('orders');
  await knex.schema.dropTable('users');
`;

const SETUP_JS = `exports.up = async (knex) => {
${setupUp('t')}};

exports.down = async (knex) => {
${SETUP_DOWN}};
`;

const SETUP_TS = `import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
${setupUp('t: Knex.CreateTableBuilder')}}

export async function down(knex: Knex): Promise<void> {
${SETUP_DOWN}}
`;

/** How each shared case is written with Knex: a table-builder statement, or a whole `up` body. */
type KnexCase = { table: string; statement: string } | { body: string; nonTransactional?: boolean };

const KNEX_CASES: Record<string, KnexCase> = {
  'create-index': { table: 'users', statement: "table.index(['name'], 'users_name_idx');" },
  'create-unique-index': { table: 'users', statement: "table.unique(['email'], { indexName: 'users_email_key', useConstraint: false });" },
  'drop-index': { table: 'users', statement: "table.dropIndex(['email'], 'users_email_idx');" },
  'add-column-volatile-default': { table: 'users', statement: "table.uuid('token').defaultTo(knex.raw('gen_random_uuid()'));" },
  'add-required-column': { table: 'users', statement: "table.integer('age').notNullable();" },
  'add-check-constraint': { table: 'orders', statement: "table.check('total >= 0', [], 'orders_total_check');" },
  'add-foreign-key': { table: 'orders', statement: "table.foreign('user_id', 'orders_user_id_fk').references('id').inTable('users');" },
  'drop-column': { table: 'users', statement: "table.dropColumn('name');" },
  'drop-table': { body: "await knex.schema.dropTable('orders');" },
  'rename-column': { table: 'users', statement: "table.renameColumn('name', 'full_name');" },
  'rename-table': { body: "await knex.schema.renameTable('orders', 'purchases');" },
  'change-column-type': { table: 'orders', statement: "table.integer('total').alter();" },
  'safe-add-nullable-column': { table: 'users', statement: "table.text('nickname');" },
  'safe-constant-default': { table: 'users', statement: "table.boolean('active').notNullable().defaultTo(false);" },
  'safe-widen-varchar': { table: 'users', statement: "table.string('email', 100).alter();" },
  'safe-concurrent-index': { body: "await knex.raw('CREATE INDEX CONCURRENTLY users_name_idx ON users (name)');", nonTransactional: true },
};

function body(c: KnexCase): string {
  if ('body' in c) return `  ${c.body}`;
  return `  await knex.schema.alterTable('${c.table}', (table) => {\n    ${c.statement}\n  });`;
}

function caseJs(c: KnexCase): string {
  const config = 'body' in c && c.nonTransactional ? '\nexports.config = { transaction: false };\n' : '';
  return `/**\n * @param { import("knex").Knex } knex\n */\nexports.up = async function (knex) {\n${body(c)}\n};\n\nexports.down = async function () {};\n${config}`;
}

function caseTs(c: KnexCase): string {
  const config = 'body' in c && c.nonTransactional ? '\nexport const config = { transaction: false };\n' : '';
  return `import type { Knex } from 'knex';\n\nexport async function up(knex: Knex): Promise<void> {\n${body(c)}\n}\n\nexport async function down(_knex: Knex): Promise<void> {}\n${config}`;
}

/** 1-based line of the call under test. */
function lineOf(text: string, c: KnexCase): number {
  const needle = 'body' in c ? c.body : c.statement;
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

const KNEXFILE_JS = "module.exports = {\n  client: 'pg',\n  migrations: { directory: './migrations' },\n};\n";
const KNEXFILE_TS = "import type { Knex } from 'knex';\n\nconst config: { [env: string]: Knex.Config } = {\n  development: { client: 'sqlite3', connection: { filename: './dev.sqlite3' } },\n  production: { client: 'postgresql', migrations: { directory: './db/migrations', loadExtensions: ['.ts'] } },\n};\n\nmodule.exports = config;\n";

describe('shared cases in Knex form', () => {
  it('covers every shared case', () => {
    expect(Object.keys(KNEX_CASES).sort()).toEqual(SHARED_CASES.map((c) => c.id).sort());
  });

  for (const c of SHARED_CASES) {
    const k = KNEX_CASES[c.id]!;
    it(`${c.id} (JavaScript, knexfile.js)`, async () => {
      const text = caseJs(k);
      await expectSameAsSql(c.id, {
        files: { 'knexfile.js': KNEXFILE_JS, 'migrations/20240101000000_setup.js': SETUP_JS, 'migrations/20240102000000_case.js': text },
        file: 'migrations/20240102000000_case.js',
        line: lineOf(text, k),
      });
    });
    it(`${c.id} (TypeScript, knexfile.ts with environments)`, async () => {
      const text = caseTs(k);
      await expectSameAsSql(c.id, {
        files: { 'knexfile.ts': KNEXFILE_TS, 'db/migrations/20240101000000_setup.ts': SETUP_TS, 'db/migrations/20240102000000_case.ts': text },
        file: 'db/migrations/20240102000000_case.ts',
        line: lineOf(text, k),
      });
    });
  }

  it('works without a knexfile (a migrations directory of Knex files)', async () => {
    const k = KNEX_CASES['add-required-column']!;
    const text = caseJs(k);
    await expectSameAsSql('add-required-column', {
      files: { 'migrations/001_setup.js': SETUP_JS, 'migrations/002_case.js': text },
      file: 'migrations/002_case.js',
      line: lineOf(text, k),
    });
  });
});

describe('Knex specifics', () => {
  const project = (text: string, extra: Record<string, string> = {}) =>
    lintProject({ 'knexfile.js': KNEXFILE_JS, 'migrations/001_setup.js': SETUP_JS, 'migrations/002_case.js': text, ...extra });
  const found = async (text: string, extra?: Record<string, string>) =>
    (await project(text, extra)).flatMap((r) => r.diagnostics.map((d) => `${d.file}:${d.span.start.line} ${d.ruleId}`));

  it('reports nothing destructive in down', async () => {
    const text = "exports.up = async () => {};\nexports.down = async (knex) => {\n  await knex.schema.dropTable('orders');\n  await knex.schema.alterTable('users', (t) => t.dropColumn('name'));\n};\n";
    expect(await found(text)).toEqual([]);
  });

  it('reports CONCURRENTLY inside the migration transaction, and honours exports.config', async () => {
    const raw = "exports.up = async (knex) => {\n  await knex.raw('CREATE INDEX CONCURRENTLY users_name_idx ON users (name)');\n};\nexports.down = async () => {};\n";
    expect(await found(raw)).toEqual(['migrations/002_case.js:2 ban-concurrent-index-creation-in-transaction']);
    expect(await found(`${raw}exports.config = { transaction: false };\n`)).toEqual([]);
  });

  it('reads disableTransactions from the knexfile, and a migration config overrides it', async () => {
    const raw = "exports.up = async (knex) => {\n  await knex.raw('CREATE INDEX CONCURRENTLY users_name_idx ON users (name)');\n};\nexports.down = async () => {};\n";
    const knexfile = "module.exports = { client: 'pg', migrations: { disableTransactions: true } };\n";
    expect(await found(raw, { 'knexfile.js': knexfile })).toEqual([]);
    expect(await found(`${raw}exports.config = { transaction: true };\n`, { 'knexfile.js': knexfile })).toEqual(['migrations/002_case.js:2 ban-concurrent-index-creation-in-transaction']);
  });

  it('silences a finding with // migralint-disable-next-line', async () => {
    const text =
      "exports.up = async (knex) => {\n  await knex.schema.alterTable('users', (table) => {\n    // migralint-disable-next-line require-concurrent-index-creation -- users is tiny\n    table.index(['name']);\n  });\n};\nexports.down = async () => {};\n";
    expect(await found(text)).toEqual([]);
  });

  it('silences a raw statement from the line above the call, and inside the SQL', async () => {
    const above = "exports.up = async (knex) => {\n  // migralint-disable-next-line require-concurrent-index-creation\n  await knex.raw(`\n    CREATE INDEX users_name_idx ON users (name)\n  `);\n};\nexports.down = async () => {};\n";
    expect(await found(above)).toEqual([]);
    const inside = "exports.up = async (knex) => {\n  await knex.raw(`\n    CREATE INDEX a_idx ON users (name);\n    -- migralint-disable-next-line require-concurrent-index-creation\n    CREATE INDEX b_idx ON users (email);\n  `);\n};\nexports.down = async () => {};\n";
    expect(await found(inside)).toEqual(['migrations/002_case.js:3 require-concurrent-index-creation']);
  });

  it('marks operations in a conditional and still reports them', async () => {
    const text =
      "exports.up = async (knex) => {\n  if (!(await knex.schema.hasColumn('users', 'age'))) {\n    await knex.schema.alterTable('users', (t) => {\n      t.integer('age').notNullable();\n    });\n  }\n};\nexports.down = async () => {};\n";
    expect(await found(text)).toEqual(['migrations/002_case.js:4 adding-required-field']);
  });

  it('turns a loop and a dynamic table name into opaque code, never a finding', async () => {
    const text =
      "const tables = ['users', 'orders'];\nexports.up = async (knex) => {\n  for (const t of tables) {\n    await knex.schema.alterTable(t, (table) => table.dropColumn('name'));\n  }\n  await knex.schema.alterTable(process.env.TABLE, (table) => {\n    table.dropColumn('name');\n  });\n};\nexports.down = async () => {};\n";
    expect(await found(text)).toEqual(['migrations/002_case.js:3 opaque-code', 'migrations/002_case.js:6 opaque-code']);
  });

  it('offers the CONCURRENTLY fix inside raw SQL outside a transaction, never on builder calls or in interpolations', async () => {
    const text =
      "const TABLE = 'users';\nexports.up = async (knex) => {\n  await knex.raw(`CREATE INDEX a_idx ON ${TABLE} (name)`);\n  await knex.raw(`CREATE ${'INDEX'} b_idx ON users (name)`);\n  await knex.schema.alterTable('users', (t) => t.index(['email'], 'c_idx'));\n};\nexports.down = async () => {};\nexports.config = { transaction: false };\n";
    const results = await project(text);
    const diags = results.flatMap((r) => r.diagnostics).filter((d) => d.ruleId === 'require-concurrent-index-creation');
    expect(diags.map((d) => `${d.span.start.line} ${d.fix ? JSON.stringify(d.fix.edits) : 'no fix'}`)).toEqual([
      `3 [{"start":${text.indexOf('INDEX a_idx') + 5},"end":${text.indexOf('INDEX a_idx') + 5},"text":" CONCURRENTLY"}]`,
      '4 no fix',
      '5 no fix',
    ]);
  });

  it('reads MySQL from the knexfile client', async () => {
    const results = await lintProject({
      'knexfile.js': "module.exports = { client: 'mysql2' };\n",
      'migrations/001.js': "exports.up = (knex) => knex.schema.alterTable('users', (t) => {\n  t.dropColumn('name');\n});\nexports.down = () => {};\n",
    });
    expect(results.find((r) => r.file === 'migrations/001.js')?.migrations[0]?.engine).toBe('mysql');
  });
});

