import { beforeAll, describe, expect, it } from 'vitest';
import { loadParsers, plainSqlMigration, RuleTester, RunAnalysis, runRules, SourceFile, type Rule } from '@migralint/core';
import rule from './adding-not-nullable-field.js';

const before = 'CREATE TABLE users (id bigint PRIMARY KEY, email text, name text NOT NULL);';
const checked = `${before}\nALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;`;

new RuleTester().run(rule, {
  valid: [
    { name: 'a validated CHECK from an earlier migration', code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', before: checked },
    { name: 'PostgreSQL 12 is the threshold', code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', before: checked, engineVersion: 12 },
    {
      name: 'the whole recipe in one migration, lower-case, quoted and schema-qualified',
      code: 'alter table app."Users" add constraint "Email_nn" check ("Email" is not null) not valid;\nalter table app."Users" validate constraint "Email_nn";\nalter table app."Users" alter column "Email" set not null;',
    },
    {
      name: 'a validated PostgreSQL 18 NOT NULL constraint',
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      engineVersion: 18,
    },
    { name: 'PostgreSQL 18 NOT NULL … NOT VALID does not scan', code: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID;', engineVersion: 18 },
    { name: 'already NOT NULL', code: 'ALTER TABLE users ALTER COLUMN name SET NOT NULL;', before },
    { name: 'new table', code: 'CREATE TABLE t (id int, x int);\nALTER TABLE t ALTER COLUMN x SET NOT NULL;' },
    { name: 'new table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (x int);\r\nALTER TABLE app."T" ALTER COLUMN x SET NOT NULL;\r\nCOMMIT;' },
    { name: 'a table config marks small', code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', tableSizes: { users: 'small' } },
    { name: 'DROP NOT NULL is another rule\'s business', code: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;' },
    { name: 'down migration', code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', direction: 'down' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'scan', line: 1, column: 19, endLine: 1, endColumn: 50, data: { table: 'users', column: 'email' } }],
    },
    {
      name: 'lower-case, IF EXISTS, quoted and schema-qualified',
      code: 'alter table if exists app."Users" alter "Email" set not null;',
      errors: [{ messageId: 'scan', line: 1, column: 35, data: { table: 'app."Users"', column: '"Email"' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: 'ALTER TABLE users\n  ALTER COLUMN email SET NOT NULL, -- first\n  ALTER /* second */ COLUMN name SET NOT NULL;',
      errors: [
        { messageId: 'scan', line: 2, column: 3, data: { table: 'users', column: 'email' } },
        { messageId: 'scan', line: 3, column: 3, data: { table: 'users', column: 'name' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\r\nCOMMIT;',
      errors: [{ messageId: 'scan', line: 2, column: 19 }],
    },
    {
      name: 'a CHECK that is not validated yet does not help',
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'scan', line: 2, column: 19 }],
    },
    {
      name: 'a validated CHECK on another column does not help',
      code: 'ALTER TABLE users ALTER COLUMN name SET NOT NULL;',
      before: checked.replace('CHECK (email IS NOT NULL)', 'CHECK (id IS NOT NULL)').replace('name text NOT NULL', 'name text'),
      errors: [{ messageId: 'scan', line: 1, column: 19, data: { table: 'users', column: 'name' } }],
    },
    {
      name: 'PostgreSQL 11 scans even after a validated CHECK',
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      before: checked,
      engineVersion: 11,
      errors: [{ messageId: 'beforeV12', line: 1, column: 19, data: { version: 11, table: 'users', column: 'email' } }],
    },
    {
      name: 'PostgreSQL 18 ADD CONSTRAINT … NOT NULL without NOT VALID scans like SET NOT NULL',
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email;',
      engineVersion: 18,
      errors: [{ messageId: 'scan', line: 1, column: 19, data: { table: 'users', column: 'email' } }],
    },
    {
      name: 'a table config marks large',
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      tableSizes: { users: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 19, data: { table: 'users', column: 'email' } }],
    },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      tableSizes: { users: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'scan', line: 1, column: 19 }],
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (x int);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'scan', line: 2, column: 19 }],
    },
  ],
});

// The recipe usually spans migrations on a table that no linted migration created.
describe('adding-not-nullable-field across the migrations of one run', () => {
  const lintRun = (...texts: string[]) => {
    const analysis = new RunAnalysis();
    const registry = new Map([[rule.meta.id, rule as Rule<never>]]);
    const config = { rules: new Map([[rule.meta.id, { level: 'error' as const, options: {} }]]), settings: { engine: 'postgresql' as const, engineVersion: 15 } };
    return texts.map((text, i) => {
      const { migration } = plainSqlMigration(new SourceFile(`V${i + 1}.sql`, text), { engine: 'postgresql' });
      return runRules(migration, registry, config, analysis).map((d) => d.message.split(':')[0]);
    });
  };

  beforeAll(loadParsers);

  it('trusts a CHECK added and validated in earlier migrations of an unknown table', () => {
    const out = lintRun(
      'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;',
      'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    );
    expect(out).toEqual([[], [], []]);
  });

  it('does not trust one that was never validated, or was dropped', () => {
    const out = lintRun(
      'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      'ALTER TABLE users ADD CHECK (name IS NOT NULL);\nALTER TABLE users DROP CONSTRAINT users_name_check;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    );
    // The second SET NOT NULL of email is a no-op: the first one made it NOT NULL.
    expect(out).toEqual([[], ['Setting email NOT NULL scans every row of users under an ACCESS EXCLUSIVE lock to look for NULLs'], ['Setting name NOT NULL scans every row of users under an ACCESS EXCLUSIVE lock to look for NULLs']]);
  });

  it('starts afresh for a new run', () => {
    lintRun('ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL);');
    expect(lintRun('ALTER TABLE users ALTER COLUMN email SET NOT NULL;')[0]).toHaveLength(1);
  });

  it('points at the NOT VALID check to validate first', async () => {
    const { diagnostics } = await new RuleTester().lintCase(rule as Rule<never>, {
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    });
    expect(diagnostics[0]?.help).toMatch(/^Constraint users_email_nn already says email IS NOT NULL but is NOT VALID: ALTER TABLE users VALIDATE CONSTRAINT users_email_nn first/);
  });

  it('gives the PostgreSQL 18 recipe on 18', async () => {
    const { diagnostics } = await new RuleTester().lintCase(rule as Rule<never>, { code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;', engineVersion: 18 });
    expect(diagnostics[0]?.help).toMatch(/^ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID/);
  });
});
