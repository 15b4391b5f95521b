import { RuleTester } from '@migralint/core';
import rule from './adding-required-field.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1;' },
    { name: 'default before PostgreSQL 11 (a rewrite, but no failure)', code: 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1;', engineVersion: 10 },
    { code: 'ALTER TABLE users ADD COLUMN tenant_id bigint;' },
    { name: 'serial fills existing rows', code: 'ALTER TABLE users ADD COLUMN n bigserial NOT NULL;' },
    { name: 'identity fills existing rows', code: 'ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;' },
    { name: 'generated column fills existing rows', code: 'ALTER TABLE users ADD COLUMN g int NOT NULL GENERATED ALWAYS AS (age * 2) STORED;' },
    { name: 'new table', code: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN tenant_id bigint NOT NULL;' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (id int);\r\nALTER TABLE app."T" ADD COLUMN x int NOT NULL;\r\nCOMMIT;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', line: 1, column: 19, endLine: 1, endColumn: 55, data: { table: 'users', column: 'tenant_id' } }],
    },
    {
      name: 'NOT NULL DEFAULT NULL',
      code: 'ALTER TABLE users ADD COLUMN x int NOT NULL DEFAULT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', line: 1, column: 19 }],
    },
    {
      name: 'primary key column',
      code: 'ALTER TABLE users ADD COLUMN uid uuid PRIMARY KEY;',
      errors: [{ messageId: 'notNullWithoutDefault', line: 1, column: 19, data: { table: 'users', column: 'uid' } }],
    },
    {
      name: 'lower-case, IF NOT EXISTS, quoted and schema-qualified',
      code: 'alter table app."Users" add column if not exists "Tenant" int not null;',
      errors: [{ messageId: 'notNullWithoutDefault', line: 1, column: 25, data: { table: 'app."Users"', column: '"Tenant"' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE users\n  ADD COLUMN a int /* required */ NOT NULL,\n  ADD COLUMN b int NOT NULL DEFAULT 0,\n  ADD COLUMN c text NOT NULL;',
      errors: [
        { messageId: 'notNullWithoutDefault', line: 2, column: 3, endLine: 2, endColumn: 43, data: { table: 'users', column: 'a' } },
        { messageId: 'notNullWithoutDefault', line: 4, column: 3, data: { table: 'users', column: 'c' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE users ADD COLUMN x int NOT NULL;\r\nCOMMIT;',
      errors: [{ messageId: 'notNullWithoutDefault', line: 2, column: 19, endLine: 2, endColumn: 44 }],
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (id int);\nALTER TABLE users ADD COLUMN x int NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', line: 2, column: 19 }],
    },
  ],
});
