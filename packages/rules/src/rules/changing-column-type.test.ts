import { describe, expect, it } from 'vitest';
import { loadParsers, parseSql, RuleTester, RunAnalysis, runRules, SourceFile, type InvalidCase, type Migration, type Operation } from '@migralint/core';
import rule from './changing-column-type.js';

// An earlier migration created the table: the replayed schema gives the rule the current type.
const USERS = 'CREATE TABLE users (id bigint PRIMARY KEY, c text);';
const withColumn = (type: string) => `CREATE TABLE users (id bigint PRIMARY KEY, c ${type});`;
const change = (to: string) => `ALTER TABLE users ALTER COLUMN c TYPE ${to};`;
const rewrites = (from: string, to: string, fromText: string, toText: string): InvalidCase => ({
  name: `${from} to ${to} rewrites`,
  before: withColumn(from),
  code: change(to),
  errors: [{ messageId: 'rewrite', line: 1, column: 19, data: { table: 'users', column: 'c', from: fromText, to: toText } }],
});

new RuleTester().run(rule, {
  valid: [
    {
      name: 'a column added to a table no linted migration created: its replayed type makes the widening safe',
      code: 'ALTER TABLE users ADD COLUMN n varchar(10);\nALTER TABLE users ALTER COLUMN n TYPE varchar(20);',
    },
    { name: 'new table', code: 'CREATE TABLE t (id int);\nALTER TABLE t ALTER COLUMN id TYPE bigint;' },
    { name: 'down migration', code: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;', direction: 'down' },
    { name: 'varchar(n) to varchar(m > n)', before: withColumn('varchar(10)'), code: change('varchar(20)') },
    { name: 'varchar(n) to text', before: withColumn('varchar(10)'), code: change('text') },
    { name: 'varchar(n) to varchar', before: withColumn('character varying(10)'), code: change('varchar') },
    { name: 'text to varchar', before: withColumn('text'), code: change('varchar') },
    { name: 'numeric(p, s) to numeric(q > p, s)', before: withColumn('numeric(10, 2)'), code: change('decimal(12,2)') },
    { name: 'numeric(p) to numeric(q > p, 0)', before: withColumn('numeric(5)'), code: change('numeric(7, 0)') },
    { name: 'numeric(p, s) to numeric', before: withColumn('numeric(10, 2)'), code: change('numeric') },
    { name: 'cidr to inet', before: withColumn('cidr'), code: change('inet') },
    { name: 'the same type spelled another way', before: withColumn('int'), code: change('integer') },
    { name: 'the same type with a USING that only casts the column', before: withColumn('int4'), code: 'ALTER TABLE users ALTER COLUMN c TYPE int USING c::int;' },
    { name: 'varbit(n) to varbit(m > n)', before: withColumn('bit varying(5)'), code: change('varbit(10)') },
    { name: 'timestamp(3) to timestamp', before: withColumn('timestamp(3)'), code: change('timestamp') },
    { name: 'timestamptz to timestamptz(6)', before: withColumn('timestamptz'), code: change('timestamp(6) with time zone') },
    {
      name: 'lower-case, quoted and schema-qualified, comments, SET DATA TYPE, inside BEGIN/COMMIT, CRLF',
      before: 'create table app."Users" ("Code" varchar(10));',
      code: 'begin;\r\nalter table app."Users" alter "Code" /* widen */ set data type character varying(20);\r\ncommit;',
    },
    { name: 'type followed through a column rename', before: withColumn('varchar(10)'), code: 'ALTER TABLE users RENAME COLUMN c TO b;\nALTER TABLE users ALTER COLUMN b TYPE text;' },
    { name: 'type followed through a table rename', before: withColumn('varchar(10)'), code: 'ALTER TABLE users RENAME TO people;\nALTER TABLE people ALTER COLUMN c TYPE text;' },
    { name: 'column added by an earlier migration', before: `${USERS}\nALTER TABLE users ADD COLUMN a varchar(10);`, code: 'ALTER TABLE users ALTER COLUMN a TYPE varchar(11);' },
    { name: 'public. spelled on one side only', before: 'CREATE TABLE public.users (a varchar(10));', code: 'ALTER TABLE users ALTER COLUMN a TYPE varchar(11);' },
    { name: 'chain of widenings', before: withColumn('varchar(10)'), code: 'ALTER TABLE users ALTER COLUMN c TYPE varchar(20), ALTER COLUMN c TYPE text;' },
    { name: 'known small table (ignoreSmallTables defaults to true)', code: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;', tableSizes: { users: 'small' } },
  ],
  invalid: [
    {
      name: 'current type unknown',
      code: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
      errors: [{ messageId: 'unknownType', line: 1, column: 19, endLine: 1, endColumn: 46, data: { table: 'users', column: 'id', to: 'bigint' } }],
    },
    {
      name: 'a column added to a table no linted migration created: its type is replayed, and a narrowing rewrites',
      code: 'ALTER TABLE users ADD COLUMN n varchar(20);\nALTER TABLE users ALTER COLUMN n TYPE varchar(10);',
      errors: [{ messageId: 'rewrite', line: 2, column: 19, data: { table: 'users', column: 'n', from: 'varchar(20)', to: 'varchar(10)' } }],
    },
    {
      before: withColumn('int'),
      code: 'SELECT 1;\nALTER TABLE users ALTER COLUMN c TYPE bigint;',
      errors: [{ messageId: 'rewrite', line: 2, column: 19, endLine: 2, endColumn: 45, data: { table: 'users', column: 'c', from: 'integer', to: 'bigint' } }],
    },
    rewrites('varchar(20)', 'varchar(10)', 'varchar(20)', 'varchar(10)'),
    rewrites('varchar', 'varchar(10)', 'varchar', 'varchar(10)'),
    rewrites('text', 'varchar(50)', 'text', 'varchar(50)'),
    rewrites('numeric(10,2)', 'numeric(12,3)', 'numeric(10, 2)', 'numeric(12, 3)'),
    rewrites('numeric', 'numeric(10,2)', 'numeric', 'numeric(10, 2)'),
    rewrites('char(3)', 'char(5)', 'char(3)', 'char(5)'),
    rewrites('varchar(10)[]', 'varchar(20)[]', 'varchar(10)[]', 'varchar(20)[]'),
    rewrites('varchar(10)', 'varchar(10)[]', 'varchar(10)', 'varchar(10)[]'),
    rewrites('timestamp', 'timestamptz', 'timestamp', 'timestamptz'),
    rewrites('timestamp', 'timestamp(3)', 'timestamp', 'timestamp(3)'),
    rewrites('inet', 'cidr', 'inet', 'cidr'),
    rewrites('json', 'jsonb', 'json', 'jsonb'),
    {
      name: 'a USING expression rewrites even when the type stays',
      before: withColumn('text'),
      code: 'ALTER TABLE users ALTER COLUMN c TYPE text USING lower(c);',
      errors: [{ messageId: 'rewrite', line: 1, column: 19, data: { table: 'users', column: 'c', from: 'text', to: 'text' } }],
    },
    {
      name: 'a USING of another column',
      before: 'CREATE TABLE users (a varchar(10), b varchar(10));',
      code: 'ALTER TABLE users ALTER COLUMN a TYPE varchar(20) USING b;',
      errors: [{ messageId: 'rewrite', line: 1, column: 19 }],
    },
    {
      name: 'two findings in one statement',
      code: 'ALTER TABLE users\n  ALTER COLUMN a TYPE bigint,\n  ALTER COLUMN b TYPE text;',
      errors: [
        { messageId: 'unknownType', line: 2, column: 3, endLine: 2, endColumn: 29, data: { table: 'users', column: 'a', to: 'bigint' } },
        { messageId: 'unknownType', line: 3, column: 3, endLine: 3, endColumn: 27, data: { table: 'users', column: 'b', to: 'text' } },
      ],
    },
    {
      name: 'lower-case, ALTER TABLE IF EXISTS, SET DATA TYPE, comment',
      code: 'alter table if exists users alter column id /* wider */ set data type bigint;',
      errors: [{ messageId: 'unknownType', line: 1, column: 29, endColumn: 77, data: { table: 'users', column: 'id', to: 'bigint' } }],
    },
    {
      name: 'a DO block may have changed any column',
      before: withColumn('varchar(10)'),
      code: 'DO $$ BEGIN PERFORM 1; END $$;\nALTER TABLE users ALTER COLUMN c TYPE text;',
      errors: [{ messageId: 'unknownType', line: 2, column: 19 }],
    },
    {
      name: 'quoted and schema-qualified, inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE app."Users" ALTER COLUMN "Id" TYPE bigint;\r\nCOMMIT;',
      errors: [{ messageId: 'unknownType', line: 2, column: 25, endLine: 2, endColumn: 54, data: { table: 'app."Users"', column: '"Id"', to: 'bigint' } }],
    },
    {
      name: 'a column of the same name in another schema tells nothing',
      before: 'CREATE TABLE app.users (a varchar(10));',
      code: 'ALTER TABLE users ALTER COLUMN a TYPE text;',
      errors: [{ messageId: 'unknownType', line: 1, column: 19 }],
    },
    {
      name: 'a column of a new table in another schema is not exempt',
      code: 'CREATE TABLE app.users (id int);\nALTER TABLE users ALTER COLUMN id TYPE bigint;',
      errors: [{ messageId: 'unknownType', line: 2, column: 19 }],
    },
    {
      name: 'known large table, known type',
      before: withColumn('int'),
      code: change('bigint'),
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'rewriteLargeTable', line: 1, column: 19, data: { table: 'users', column: 'c', from: 'integer', to: 'bigint' } }],
    },
    {
      name: 'known large table, unknown type',
      code: change('bigint'),
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'unknownTypeLargeTable', line: 1, column: 19, data: { table: 'users', column: 'c', to: 'bigint' } }],
    },
    {
      name: 'known small table with ignoreSmallTables: false',
      code: change('bigint'),
      tableSizes: { users: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'unknownType', line: 1, column: 19 }],
    },
  ],
});

function migration(path: string, text: string): Migration {
  const source = new SourceFile(path, text);
  const parsed = parseSql('postgresql', { file: source, sql: text });
  const m: Migration = { id: path, source, layout: 'sql', engine: 'postgresql', orderKey: [path], direction: 'up', transactional: 'unknown', operations: [], comments: [] };
  m.operations = parsed.operations.map((op) => ({ ...op, migration: m }) as Operation);
  return m;
}

describe('changing-column-type across the migrations of one run', () => {
  const registry = new Map([[rule.meta.id, rule]]);
  const config = { rules: new Map([[rule.meta.id, { level: 'error' as const, options: {} }]]), settings: { engine: 'postgresql' as const, engineVersion: 15 } };
  const lintRun = async (...files: Array<[string, string]>) => {
    await loadParsers();
    const analysis = new RunAnalysis();
    return files.map(([path, text]) => runRules(migration(path, text), registry, config, analysis).map((d) => d.message.split(' (')[0]));
  };

  it('knows the type an earlier migration declared', async () => {
    const [first, second, third] = await lintRun(
      ['V1.sql', 'CREATE TABLE users (id int, email varchar(100));'],
      ['V2.sql', 'ALTER TABLE users ALTER COLUMN email TYPE varchar(200);'],
      ['V3.sql', 'ALTER TABLE users ALTER COLUMN id TYPE bigint;'],
    );
    expect(first).toEqual([]);
    expect(second).toEqual([]);
    expect(third).toEqual(['Changing the type of id from integer to bigint rewrites users and rebuilds all its indexes under an ACCESS EXCLUSIVE lock: every read and write blocks until the rewrite ends, and clients expecting integer may break.']);
  });

  it('forgets a dropped table and starts afresh for a new run', async () => {
    const [, second] = await lintRun(['V1.sql', 'CREATE TABLE users (email varchar(100));'], ['V2.sql', 'DROP TABLE users;\nALTER TABLE users ALTER COLUMN email TYPE text;']);
    expect(second).toHaveLength(1);
    const [alone] = await lintRun(['V2.sql', 'ALTER TABLE users ALTER COLUMN email TYPE varchar(200);']);
    expect(alone?.[0]).toMatch(/^Changing a column type whose current type migralint cannot see/);
  });
});
