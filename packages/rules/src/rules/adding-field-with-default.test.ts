import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './adding-field-with-default.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { name: 'constant default on PostgreSQL 11+', code: 'ALTER TABLE users ADD COLUMN score integer DEFAULT 0;' },
    { name: 'constant default at the threshold', code: 'ALTER TABLE users ADD COLUMN score integer DEFAULT 0;', engineVersion: 11 },
    { name: 'stable default', code: 'ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();' },
    { code: 'alter table users add column if not exists created_at timestamptz default current_timestamp;' },
    { name: 'constant cast', code: "ALTER TABLE users ADD COLUMN prefs jsonb NOT NULL DEFAULT '{}'::jsonb;" },
    { name: 'DEFAULT NULL never rewrites', code: 'ALTER TABLE users ADD COLUMN x text DEFAULT NULL;', engineVersion: 10 },
    { name: 'no default before 11', code: 'ALTER TABLE users ADD COLUMN x int;', engineVersion: 9.6 },
    { name: 'virtual generated column', code: 'ALTER TABLE users ADD COLUMN g int GENERATED ALWAYS AS (age + 1) VIRTUAL;' },
    { name: 'volatile default set separately', code: 'ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();' },
    { name: 'new table', code: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid();' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (id int);\r\nALTER TABLE app."T" ADD COLUMN n bigserial;\r\nCOMMIT;' },
    { name: 'known small table', code: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();', tableSizes: { users: 'small' } },
    { name: 'constant default on a large table, PostgreSQL 16', code: 'ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT false;', engineVersion: 16, tableSizes: { users: 'large' } },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      errors: [{ messageId: 'volatileDefault', line: 1, column: 19, endLine: 1, endColumn: 66, data: { table: 'users', column: 'token', default: 'gen_random_uuid()' } }],
    },
    {
      name: 'default of unknown volatility',
      code: 'ALTER TABLE users ADD COLUMN n int DEFAULT next_number();',
      errors: [{ messageId: 'unknownDefault', line: 1, column: 19, data: { table: 'users', column: 'n', default: 'next_number()' } }],
    },
    {
      name: 'constant default before PostgreSQL 11',
      code: 'ALTER TABLE users ADD COLUMN score integer DEFAULT 0;',
      engineVersion: 10,
      errors: [{ messageId: 'beforeV11', line: 1, column: 19, data: { table: 'users', column: 'score', default: '0' } }],
    },
    {
      name: 'stable default before PostgreSQL 11',
      code: 'ALTER TABLE users ADD COLUMN c timestamptz DEFAULT now();',
      engineVersion: 10.9,
      errors: [{ messageId: 'beforeV11', line: 1, column: 19 }],
    },
    {
      name: 'serial, lower-case, quoted and schema-qualified',
      code: 'alter table app."Users" add column "N" bigserial;',
      errors: [{ messageId: 'serial', line: 1, column: 25, endColumn: 49, data: { table: 'app."Users"', column: '"N"', type: 'bigserial' } }],
    },
    {
      name: 'identity',
      code: 'ALTER TABLE users ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY;',
      errors: [{ messageId: 'identity', line: 1, column: 19, data: { table: 'users', column: 'id2' } }],
    },
    {
      name: 'stored generated column',
      code: 'ALTER TABLE users ADD COLUMN g int GENERATED ALWAYS AS (age + 1) STORED;',
      errors: [{ messageId: 'stored', line: 1, column: 19, data: { table: 'users', column: 'g' } }],
    },
    {
      name: 'two findings in one statement',
      code: 'ALTER TABLE users\n  ADD COLUMN a float8 DEFAULT random(),\n  ADD COLUMN b serial;',
      errors: [
        { messageId: 'volatileDefault', line: 2, column: 3, endLine: 2, endColumn: 39 },
        { messageId: 'serial', line: 3, column: 3, endLine: 3, endColumn: 22 },
      ],
    },
    {
      name: 'comments between tokens and IF NOT EXISTS',
      code: 'ALTER TABLE users ADD /* c */ COLUMN IF NOT EXISTS -- x\n t timestamptz DEFAULT clock_timestamp();',
      errors: [{ messageId: 'volatileDefault', line: 1, column: 19, endLine: 2, endColumn: 41, data: { table: 'users', column: 't', default: 'clock_timestamp()' } }],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid();\r\nCOMMIT;\r\n',
      errors: [{ messageId: 'volatileDefault', line: 2, column: 19, endLine: 2, endColumn: 62 }],
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (id int);\nALTER TABLE users ADD COLUMN n serial;',
      errors: [{ messageId: 'serial', line: 2, column: 19 }],
    },
    {
      name: 'known large table: volatile default',
      code: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'largeTable', line: 1, column: 19, data: { table: 'users', column: 'token', rewrite: 'is rewritten', why: 'PostgreSQL evaluates gen_random_uuid() for every existing row' } }],
    },
    {
      name: 'known large table: a default of unknown volatility only may rewrite',
      code: 'ALTER TABLE users ADD COLUMN n int DEFAULT next_number();',
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'largeTable', line: 1, column: 19, data: { table: 'users', column: 'n', rewrite: 'may be rewritten', why: 'if next_number() is volatile, PostgreSQL computes it for every existing row' } }],
    },
    {
      name: 'known large table before PostgreSQL 11',
      code: 'ALTER TABLE users ADD COLUMN score integer DEFAULT 0;',
      engineVersion: 10,
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'largeTable', line: 1, column: 19, data: { table: 'users', column: 'score', rewrite: 'is rewritten', why: 'before PostgreSQL 11 the default 0 is written into every existing row' } }],
    },
    {
      name: 'known small table with ignoreSmallTables: false',
      code: 'ALTER TABLE users ADD COLUMN n bigserial;',
      tableSizes: { users: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'serial', line: 1, column: 19 }],
    },
  ],
});

it('adding-field-with-default: the serial recipe uses the migration\'s names', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'ALTER TABLE app.orders ADD COLUMN number bigserial;' });
  expect(diagnostics[0]?.help).toBe(
    "Add number as a plain bigint column, then CREATE SEQUENCE app.orders_number_seq OWNED BY app.orders.number and ALTER TABLE app.orders ALTER COLUMN number SET DEFAULT nextval('app.orders_number_seq') (new rows only), and backfill existing rows in batches.",
  );
});

it('adding-field-with-default: the default recipe names the default', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();' });
  expect(diagnostics[0]?.help).toContain('ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid()');
});
