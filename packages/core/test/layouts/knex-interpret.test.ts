import { describe, expect, it } from 'vitest';
import type { Engine } from '@migralint/core';
import { loadKnex, opsOf } from './knex-helpers.js';

const CLIENT: Record<Engine, string> = { postgresql: 'pg', mysql: 'mysql2', sqlite: 'sqlite3' };

/** Interprets an `up` body (lines start at line 2 of the file) and lists its operations. */
async function up(body: string, options: { engine?: Engine; config?: string; prelude?: string } = {}) {
  const prelude = options.prelude ? `${options.prelude}\n` : '';
  const text = `${prelude}exports.up = async (knex) => {\n${body}\n};\nexports.down = async () => {};\n${options.config ?? ''}`;
  const loaded = await loadKnex({ 'knexfile.js': `module.exports = { client: '${CLIENT[options.engine ?? 'postgresql']}' };\n`, 'migrations/001.js': text });
  return { ops: opsOf(loaded, 'migrations/001.js#up'), problems: loaded.problems, loaded };
}

describe('createTable / alterTable as Knex compiles them (PostgreSQL)', () => {
  it('column types and modifiers', async () => {
    const { ops, problems } = await up(`  await knex.schema.createTable('accounts', (t) => {
    t.increments();
    t.bigInteger('owner_id').unsigned().notNullable();
    t.string('name').notNullable().defaultTo('x');
    t.boolean('active').defaultTo(true);
    t.decimal('balance');
    t.float('ratio');
    t.double('score');
    t.timestamp('seen_at').defaultTo(knex.fn.now());
    t.datetime('local_at', { useTz: false, precision: 3 });
    t.jsonb('data').defaultTo({ a: 1 });
    t.uuid('token').defaultTo(knex.fn.uuid());
    t.binary('blob');
    t.specificType('tags', 'text[]');
    t.enu('kind', ['a', 'b']);
    t.timestamps(true, true);
  });`);
    expect(problems).toEqual([]);
    expect(ops).toEqual([
      "createTable accounts(id serial not null, owner_id bigint not null, name varchar(255) not null default 'x', active boolean default '1', balance numeric(8, 2), ratio real, score double precision, seen_at timestamptz default CURRENT_TIMESTAMP, local_at timestamp(3), data jsonb default '{\"a\":1}', token uuid default gen_random_uuid(), blob bytea, tags text[], kind text, created_at timestamptz not null default CURRENT_TIMESTAMP, updated_at timestamptz not null default CURRENT_TIMESTAMP) @2",
    ]);
  });

  it('alterTable: added columns first, then altered ones, then table statements in call order', async () => {
    const { ops } = await up(`  await knex.schema.alterTable('users', (table) => {
    table.dropColumn('legacy');
    table.string('email', 100).notNullable().alter();
    table.integer('age');
    table.index(['age']);
    table.string('code').unique();
    table.integer('team_id').references('id').inTable('teams').onDelete('CASCADE');
  });`);
    expect(ops).toEqual([
      'addColumn users.age integer @5',
      'addColumn users.code varchar(255) @7',
      'addColumn users.team_id integer @8',
      'dropDefault users.email @4',
      'dropNotNull users.email @4',
      'alterColumnType users.email varchar(100) @4',
      'setNotNull users.email @4',
      'dropColumn users.legacy @3',
      'createIndex users_age_index on users(age) @6',
      'addConstraint users unique users_code_unique(code) @7',
      'addConstraint users foreignKey users_team_id_foreign(team_id) -> teams(id) @8',
    ]);
  });

  it('.alter() honours alterNullable and alterType, and re-declares the default', async () => {
    const { ops } = await up(`  await knex.schema.table('users', (t) => {
    t.integer('age').defaultTo(0).alter({ alterNullable: false });
    t.integer('score').alter({ alterType: false });
  });`);
    expect(ops).toEqual([
      'dropDefault users.age @3',
      'alterColumnType users.age integer @3',
      "setDefault users.age '0' (immutable) @3",
      'dropDefault users.score @4',
      'dropNotNull users.score @4',
    ]);
  });

  it('indexes, unique indexes, primary keys, drops and renames', async () => {
    const { ops } = await up(`  await knex.schema.withSchema('app').alterTable('users', (t) => {
    t.index(['a', 'b'], 'ab_idx', { indexType: 'unique', storageEngineIndexType: 'gin' });
    t.unique('email', { indexName: 'email_key', useConstraint: false });
    t.primary(['id']);
    t.dropIndex(['a']);
    t.dropUnique(['email']);
    t.dropForeign('team_id');
    t.dropPrimary();
    t.renameColumn('a', 'b');
    t.setNullable('c');
    t.dropNullable('d');
    t.dropTimestamps();
  });`);
    expect(ops).toEqual([
      'createIndex ab_idx on app.users(a,b) unique @3',
      'createIndex email_key on app.users(email) unique @4',
      'addConstraint app.users primaryKey users_pkey(id) @5',
      'dropIndex app.users_a_index @6',
      'dropConstraint app.users users_email_unique @7',
      'dropConstraint app.users users_team_id_foreign @8',
      'dropConstraint app.users users_pkey @9',
      'renameColumn app.users.a->b @10',
      'dropNotNull app.users.c @11',
      'setNotNull app.users.d @12',
      'dropColumn app.users.created_at @13',
      'dropColumn app.users.updated_at @13',
    ]);
  });

  it('a native enum creates its type first; checks and foreign keys of a new table follow it', async () => {
    const { ops } = await up(`  await knex.schema.createTable('jobs', (t) => {
    t.enu('state', ['new', 'done'], { useNative: true, enumName: 'job_state' });
    t.integer('user_id').references('users.id');
    t.integer('tries').checkPositive();
    t.check('?? > 0', ['tries'], 'tries_positive');
  });`);
    expect(ops).toEqual([
      'createType job_state new,done @3',
      'createTable jobs(state job_state, user_id integer, tries integer) @2',
      'addConstraint jobs foreignKey jobs_user_id_foreign(user_id) -> users(id) @4',
    ]);
  });

  it('schema-level calls, chained: each at its own line', async () => {
    const { ops } = await up(`  await knex.schema
    .renameTable('a', 'b')
    .dropTableIfExists('c')
    .createSchemaIfNotExists('s')
    .raw('VACUUM b');`);
    expect(ops).toEqual(['renameTable a->b @2', 'dropTable c if exists @4', 'other CreateSchemaStmt @5', 'maintenance @6']);
  });
});

describe('raw SQL', () => {
  it('maps statements into the JS string, through escapes', async () => {
    const { ops, loaded } = await up("  await knex.raw('SELECT 1;\\n  CREATE INDEX \"ix\" ON users (email);\\tDROP TABLE old');");
    expect(ops).toEqual(['other SelectStmt @2', 'createIndex ix on users(email) @2', 'dropTable old @2']);
    const m = loaded.byId.get('migrations/001.js#up')!;
    const text = m.source.text;
    expect(text.slice(m.operations[1]!.span.start.offset, m.operations[1]!.span.end.offset)).toBe('CREATE INDEX "ix" ON users (email)');
    expect(text.slice(m.operations[2]!.span.start.offset, m.operations[2]!.span.end.offset)).toBe('DROP TABLE old');
  });

  it('reports a single-statement raw call at the call, several statements each at its line', async () => {
    const { ops } = await up('  await knex.raw(`\n    CREATE INDEX a ON users (x)\n  `);\n  await knex.schema.raw(`\n    DROP INDEX a;\n    DROP INDEX b;\n  `);');
    expect(ops).toEqual(['createIndex a on users(x) @2', 'dropIndex a @6', 'dropIndex b @7']);
  });

  it('splices constants into templates; other interpolations are placeholders', async () => {
    const { ops, problems } = await up('  await knex.raw(`ALTER TABLE ${TABLE} ADD COLUMN a int DEFAULT ${value}`);\n  await knex.raw(`DROP TABLE ${name}`);\n  await knex.raw(sql);', {
      prelude: "const TABLE = 'users';",
    });
    expect(ops).toEqual([
      'addColumn users.a integer default ${value} (unknown) @3',
      'opaque the raw SQL names an object with `${name}`, known only at run time @4',
      'opaque knex.raw() gets SQL built at run time (sql); migralint cannot read it @5',
    ]);
    expect(problems).toEqual([
      'migrations/001.js:4:3 opaque-code Not checked: the raw SQL names an object with `${name}`, known only at run time.',
      'migrations/001.js:5:3 opaque-code Not checked: knex.raw() gets SQL built at run time (sql); migralint cannot read it.',
    ]);
  });

  it('applies ?? and ? bindings the way Knex does', async () => {
    const { ops } = await up("  await knex.raw('CREATE INDEX ?? ON ?? (??)', ['ix', 'users', 'email']);\n  await knex.raw('UPDATE ?? SET a = ? WHERE id = ?', ['users', 1, id]);\n  await knex.raw('DROP INDEX :name:', { name: 'ix' });");
    expect(ops).toEqual(['createIndex ix on users(email) @2', 'dataChange update users where @3', 'dropIndex ix @4']);
  });

  it('reports a syntax error in raw SQL at its place in the string', async () => {
    const { problems } = await up("  await knex.raw('ALTER TABLE users ADD COLUMN');");
    expect(problems).toEqual(['migrations/001.js:2:47 syntax-error Syntax error in raw SQL: syntax error at end of input']);
  });

  it('on PostgreSQL, a bare ? becomes a parameter as Knex sends it; \\? stays a question mark', async () => {
    const { ops, problems } = await up("  await knex.raw(\"CREATE INDEX a ON t (x) WHERE data ? 'k'\");\n  await knex.raw(\"CREATE INDEX b ON t (x) WHERE data \\\\? 'k'\");");
    expect(problems).toEqual([
      'migrations/001.js:2:56 syntax-error Syntax error in raw SQL: syntax error at or near "\'k\'" (Knex sends each `?` of the SQL to PostgreSQL as a `$n` parameter: write `\\?` for a literal question mark, such as the jsonb `?` operator)',
    ]);
    expect(ops).toEqual(['createIndex b on t(x) @3']);
  });

  it('keeps lines and columns in a CRLF file, through a multi-line template', async () => {
    const text = "exports.up = async (knex) => {\r\n  await knex.raw(`\r\n    DROP INDEX a;\r\n      DROP INDEX b;\r\n  `);\r\n};\r\nexports.down = async () => {};\r\n";
    const loaded = await loadKnex({ 'knexfile.js': "module.exports = { client: 'pg' };\n", 'migrations/001.js': text });
    const m = loaded.byId.get('migrations/001.js#up')!;
    expect(m.operations.map((o) => `${o.span.start.line}:${o.span.start.column} ${text.slice(o.span.start.offset, o.span.end.offset)}`)).toEqual(['3:5 DROP INDEX a', '4:7 DROP INDEX b']);
  });

  it('turns raw defaults into their volatility', async () => {
    const { ops } = await up("  await knex.schema.alterTable('users', (t) => {\n    t.uuid('a').defaultTo(knex.raw('gen_random_uuid()'));\n    t.integer('b').defaultTo(LIMIT);\n  });");
    expect(ops).toEqual(['addColumn users.a uuid default gen_random_uuid() (volatile) @3', 'addColumn users.b integer default LIMIT (unknown) @4']);
  });
});

describe('data changes', () => {
  it('update, delete and insert, with or without where', async () => {
    const { ops } = await up(`  await knex('users').update({ a: 1 });
  await knex('users').where('id', 1).del();
  await knex.table('users').whereIn('id', [1]).increment('n');
  await knex('users').insert({ a: 1 });
  await knex.into('audit').insert([{ a: 1 }]);
  await knex.select('*').from('users');
  const rows = await knex('users');
  await knex('users').truncate();
  await trxless.update();`);
    expect(ops).toEqual([
      'dataChange update users @2',
      'dataChange delete users where @3',
      'dataChange update users where @4',
      'dataChange insert users @5',
      'dataChange insert audit @6',
      'truncate @9',
    ]);
  });
});

describe('control flow', () => {
  it('marks operations in branches as conditional', async () => {
    const { ops } = await up(`  if (await knex.schema.hasColumn('users', 'age')) {
    await knex.schema.table('users', (t) => t.dropColumn('age'));
  } else {
    await knex.schema.table('users', (t) => t.integer('age'));
  }
  const exists = await knex.schema.hasTable('x');
  exists || (await knex.schema.createTable('x', (t) => t.increments()));
  try {
    await knex.raw('DROP INDEX a');
  } catch (e) {
    await knex.raw('DROP INDEX b');
  }`);
    expect(ops).toEqual(['dropColumn users.age @3?', 'addColumn users.age integer @5?', 'createTable x(id serial not null) @8?', 'dropIndex a @10', 'dropIndex b @12?']);
  });

  it('loops, iterating callbacks and helpers from elsewhere are opaque, with a reason', async () => {
    const { ops, problems } = await up(`  for (const t of ['a', 'b']) await knex.schema.dropTable(t);
  await Promise.all(['a', 'b'].map((t) => knex.schema.dropTable(t)));
  await addAuditColumns(knex, 'users');
  await knex.schema.alterTable('users', (t) => {
    t.integer('x');
    helpers.timestamps(t);
  });
  for (let i = 0; i < 3; i++) console.log(i);`, { prelude: "const { addAuditColumns } = require('./helpers');" });
    expect(ops).toEqual([
      'opaque a loop runs Knex calls a number of times known only at run time; migralint does not unroll it @3',
      'opaque a loop (callback per element) runs Knex calls a number of times known only at run time; migralint does not unroll it @4',
      'opaque `addAuditColumns()` receives Knex but is defined elsewhere; migralint does not follow it @5',
      'addColumn users.x integer @7',
      'opaque `helpers.timestamps()` receives Knex but is defined elsewhere; migralint does not follow it @8',
    ]);
    expect(problems.every((p) => p.includes(' opaque-code Not checked: '))).toBe(true);
    expect(problems).toHaveLength(4);
  });

  it('a dynamic table name is opaque, not a guess', async () => {
    const { ops } = await up("  await knex.schema.alterTable(`${prefix}_users`, (t) => t.dropColumn('a'));\n  await knex.schema.dropTable(name);\n  await knex(name).del();");
    expect(ops).toEqual([
      'opaque the table name `${prefix}_users` is computed at run time @2',
      'opaque knex.schema.dropTable() gets a name computed at run time (name) @3',
      "opaque the query's table name `name` is computed at run time @4",
    ]);
  });

  it('knex.transaction in a migration without Knex\'s transaction: explicit begin and commit', async () => {
    const body = "  await knex.transaction(async (trx) => {\n    await trx.raw('CREATE INDEX CONCURRENTLY a ON users (x)');\n  });\n  await knex.raw('CREATE INDEX CONCURRENTLY b ON users (x)');";
    const outside = await up(body, { config: 'exports.config = { transaction: false };\n' });
    expect(outside.ops).toEqual(['transaction begin @2', 'createIndex a on users(x) concurrently @3', 'transaction commit @4', 'createIndex b on users(x) concurrently @5']);
    const inside = await up(body);
    expect(inside.ops).toEqual(['createIndex a on users(x) concurrently @3', 'createIndex b on users(x) concurrently @5']);
    expect(inside.loaded.byId.get('migrations/001.js#up')?.transactional).toBe('yes');
    expect(outside.loaded.byId.get('migrations/001.js#up')?.transactional).toBe('no');
  });
});

describe('other engines', () => {
  it('MySQL: MODIFY for .alter(), Knex index names', async () => {
    const { ops, loaded } = await up(`  await knex.schema.alterTable('users', (t) => {
    t.integer('age').unsigned().notNullable();
    t.string('email', 100).notNullable().alter();
    t.index('age');
    t.dropForeign('team_id');
    t.renameColumn('a', 'b');
  });`, { engine: 'mysql' });
    expect(ops).toEqual([
      'addColumn users.age int not null @3',
      'alterColumnType users.email varchar(100) not null @4',
      'createIndex users_age_index on users(age) @5',
      'dropConstraint users users_team_id_foreign @6',
      'renameColumn users.a->b @7',
    ]);
    expect(loaded.byId.get('migrations/001.js#up')?.engine).toBe('mysql');
    expect(loaded.byId.get('migrations/001.js#up')?.transactional).toBe('no');
  });

  it('SQLite', async () => {
    const { ops } = await up("  await knex.schema.createTable('t', (t) => {\n    t.increments();\n    t.string('name').unique();\n  });", { engine: 'sqlite' });
    expect(ops).toEqual(['createTable t(id integer not null, name varchar(255)) @2', 'createIndex t_name_unique on t(name) unique @4']);
  });
});
