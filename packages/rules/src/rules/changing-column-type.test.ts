import { RuleTester, type InvalidCase } from '@migralint/core';
import rule from './changing-column-type.js';

// A column added earlier in the migration gives the rule its current type.
const change = (from: string, to: string) => `ALTER TABLE users ADD COLUMN c ${from};\nALTER TABLE users ALTER COLUMN c TYPE ${to};`;
const rewrites = (from: string, to: string, fromText: string, toText: string): InvalidCase => ({
  name: `${from} to ${to} rewrites`,
  code: change(from, to),
  errors: [{ messageId: 'rewrite', line: 2, column: 19, data: { table: 'users', column: 'c', from: fromText, to: toText } }],
});

new RuleTester().run(rule, {
  valid: [
    { name: 'new table', code: 'CREATE TABLE t (id int);\nALTER TABLE t ALTER COLUMN id TYPE bigint;' },
    { name: 'down migration', code: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;', direction: 'down' },
    { name: 'varchar(n) to varchar(m > n)', code: change('varchar(10)', 'varchar(20)') },
    { name: 'varchar(n) to text', code: change('varchar(10)', 'text') },
    { name: 'varchar(n) to varchar', code: change('character varying(10)', 'varchar') },
    { name: 'text to varchar', code: change('text', 'varchar') },
    { name: 'numeric(p, s) to numeric(q > p, s)', code: change('numeric(10, 2)', 'decimal(12,2)') },
    { name: 'numeric(p) to numeric(q > p, 0)', code: change('numeric(5)', 'numeric(7, 0)') },
    { name: 'numeric(p, s) to numeric', code: change('numeric(10, 2)', 'numeric') },
    { name: 'cidr to inet', code: change('cidr', 'inet') },
    { name: 'the same type spelled another way', code: change('int', 'integer') },
    { name: 'the same type with USING', code: 'ALTER TABLE users ADD COLUMN c int4;\nALTER TABLE users ALTER COLUMN c TYPE int USING c::int;' },
    { name: 'varbit(n) to varbit(m > n)', code: change('bit varying(5)', 'varbit(10)') },
    { name: 'timestamp(3) to timestamp', code: change('timestamp(3)', 'timestamp') },
    { name: 'timestamptz to timestamptz(6)', code: change('timestamptz', 'timestamp(6) with time zone') },
    {
      name: 'lower-case, quoted and schema-qualified, comments, SET DATA TYPE, inside BEGIN/COMMIT, CRLF',
      code: 'begin;\r\nalter table app."Users" add column "Code" varchar(10);\r\nalter table app."Users" alter "Code" /* widen */ set data type character varying(20);\r\ncommit;',
    },
    { name: 'type followed through a column rename', code: 'ALTER TABLE users ADD COLUMN a varchar(10);\nALTER TABLE users RENAME COLUMN a TO b;\nALTER TABLE users ALTER COLUMN b TYPE text;' },
    { name: 'type followed through a table rename', code: 'ALTER TABLE users ADD COLUMN a varchar(10);\nALTER TABLE users RENAME TO people;\nALTER TABLE people ALTER COLUMN a TYPE text;' },
    { name: 'public. spelled on one side only', code: 'ALTER TABLE public.users ADD COLUMN a varchar(10);\nALTER TABLE users ALTER COLUMN a TYPE varchar(11);' },
    { name: 'chain of widenings', code: 'ALTER TABLE users ADD COLUMN a varchar(10);\nALTER TABLE users ALTER COLUMN a TYPE varchar(20), ALTER COLUMN a TYPE text;' },
  ],
  invalid: [
    {
      name: 'current type unknown',
      code: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
      errors: [{ messageId: 'unknownType', line: 1, column: 19, endLine: 1, endColumn: 46, data: { table: 'users', column: 'id', to: 'bigint' } }],
    },
    {
      code: 'ALTER TABLE users ADD COLUMN n int;\nALTER TABLE users ALTER COLUMN n TYPE bigint;',
      errors: [{ messageId: 'rewrite', line: 2, column: 19, endLine: 2, endColumn: 45, data: { table: 'users', column: 'n', from: 'integer', to: 'bigint' } }],
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
      code: 'ALTER TABLE users ADD COLUMN a varchar(10);\nDO $$ BEGIN PERFORM 1; END $$;\nALTER TABLE users ALTER COLUMN a TYPE text;',
      errors: [{ messageId: 'unknownType', line: 3, column: 19 }],
    },
    {
      name: 'quoted and schema-qualified, inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE app."Users" ALTER COLUMN "Id" TYPE bigint;\r\nCOMMIT;',
      errors: [{ messageId: 'unknownType', line: 2, column: 25, endLine: 2, endColumn: 54, data: { table: 'app."Users"', column: '"Id"', to: 'bigint' } }],
    },
    {
      name: 'a column of the same name in another schema tells nothing',
      code: 'ALTER TABLE app.users ADD COLUMN a varchar(10);\nALTER TABLE users ALTER COLUMN a TYPE text;',
      errors: [{ messageId: 'unknownType', line: 2, column: 19 }],
    },
    {
      name: 'a column of a new table in another schema is not exempt',
      code: 'CREATE TABLE app.users (id int);\nALTER TABLE users ALTER COLUMN id TYPE bigint;',
      errors: [{ messageId: 'unknownType', line: 2, column: 19 }],
    },
  ],
});
