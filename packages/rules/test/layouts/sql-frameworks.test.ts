/**
 * The shared case table, written in the form of every SQL-file framework layout (Flyway, Prisma,
 * golang-migrate, goose, dbmate, sqitch, diesel, sqlx, refinery): each must report exactly what
 * plain SQL reports, at the statement's line in the original file. Then the transaction semantics
 * that decide ban-concurrent-index-creation-in-transaction, per layout.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint, resolveConfig, type Rule } from '@migralint/core';
import { rules } from '@migralint/rules';
import { SETUP_SQL, SHARED_CASES, type SharedCase } from '../shared-cases.js';
import { expectSameAsSql, lintProject, type LayoutCase } from '../shared-harness.js';

const PG_TOML = '[environments.default]\nurl = "jdbc:postgresql://localhost/app"\n\n[flyway]\nlocations = ["filesystem:sql"]\n';
const CARGO = (crate: string, feature: string) => `[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\n${crate} = { version = "1", features = ["${feature}"] }\n`;

type Render = (c: SharedCase) => LayoutCase;

const LAYOUTS: Record<string, Render> = {
  flyway: (c) => ({ files: { 'flyway.toml': PG_TOML, 'sql/V1__setup.sql': SETUP_SQL, 'sql/V2__case.sql': c.sql }, file: 'sql/V2__case.sql', line: 1 }),
  prisma: (c) => ({
    files: {
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_setup/migration.sql': SETUP_SQL,
      'prisma/migrations/20240201000000_case/migration.sql': `-- CreateIndex\n${c.sql}\n`,
    },
    file: 'prisma/migrations/20240201000000_case/migration.sql',
    line: 2,
  }),
  'golang-migrate': (c) => ({
    files: { 'migrations/000001_setup.up.sql': SETUP_SQL, 'migrations/000001_setup.down.sql': 'DROP TABLE orders;\nDROP TABLE users;', 'migrations/000002_case.up.sql': c.sql, 'migrations/000002_case.down.sql': 'SELECT 1;' },
    file: 'migrations/000002_case.up.sql',
    line: 1,
  }),
  goose: (c) => ({
    files: {
      'db/migrations/00001_setup.sql': `-- +goose Up\n${SETUP_SQL}\n\n-- +goose Down\nDROP TABLE orders;\nDROP TABLE users;\n`,
      'db/migrations/00002_case.sql': `${c.nonTransactional ? '-- +goose NO TRANSACTION\n' : ''}-- +goose Up\n${c.sql}\n\n-- +goose Down\nSELECT 1;\n`,
    },
    file: 'db/migrations/00002_case.sql',
    line: c.nonTransactional ? 3 : 2,
  }),
  dbmate: (c) => ({
    files: {
      'db/migrations/20240101000000_setup.sql': `-- migrate:up\n${SETUP_SQL}\n\n-- migrate:down\nDROP TABLE orders;\nDROP TABLE users;\n`,
      'db/migrations/20240201000000_case.sql': `-- migrate:up${c.nonTransactional ? ' transaction:false' : ''}\n${c.sql}\n\n-- migrate:down\n`,
    },
    file: 'db/migrations/20240201000000_case.sql',
    line: 2,
  }),
  sqitch: (c) => ({
    files: {
      'sqitch.conf': '[core]\n\tengine = pg\n',
      'sqitch.plan': '%syntax-version=1.0.0\n%project=app\n\nsetup 2024-01-01T00:00:00Z Ann <ann@example.com>\ncase [setup] 2024-02-01T00:00:00Z Ann <ann@example.com>\n',
      'deploy/setup.sql': `BEGIN;\n${SETUP_SQL}\nCOMMIT;\n`,
      'revert/setup.sql': 'DROP TABLE orders;\nDROP TABLE users;\n',
      'deploy/case.sql': c.nonTransactional ? `-- Deploy app:case to pg\n${c.sql}\n` : `-- Deploy app:case to pg\nBEGIN;\n${c.sql}\nCOMMIT;\n`,
      'verify/case.sql': 'SELECT 1;\n',
    },
    file: 'deploy/case.sql',
    line: c.nonTransactional ? 2 : 3,
  }),
  diesel: (c) => ({
    files: {
      'migrations/2024-01-01-000000_setup/up.sql': SETUP_SQL,
      'migrations/2024-01-01-000000_setup/down.sql': 'DROP TABLE orders;\nDROP TABLE users;',
      'migrations/2024-02-01-000000_case/up.sql': c.sql,
      'migrations/2024-02-01-000000_case/down.sql': 'SELECT 1;',
      ...(c.nonTransactional ? { 'migrations/2024-02-01-000000_case/metadata.toml': 'run_in_transaction = false\n' } : {}),
    },
    file: 'migrations/2024-02-01-000000_case/up.sql',
    line: 1,
  }),
  sqlx: (c) => ({
    files: { 'Cargo.toml': CARGO('sqlx', 'postgres'), 'migrations/20240101000000_setup.sql': SETUP_SQL, 'migrations/20240201000000_case.sql': `${c.nonTransactional ? '-- no-transaction\n' : ''}${c.sql}\n` },
    file: 'migrations/20240201000000_case.sql',
    line: c.nonTransactional ? 2 : 1,
  }),
  refinery: (c) => ({
    files: { 'Cargo.toml': CARGO('refinery', 'tokio-postgres'), 'migrations/V1__setup.sql': SETUP_SQL, 'migrations/V2__case.sql': `${c.nonTransactional ? '-- refinery:noTransaction\n' : ''}${c.sql}\n` },
    file: 'migrations/V2__case.sql',
    line: c.nonTransactional ? 2 : 1,
  }),
};

describe.each(Object.entries(LAYOUTS))('%s: shared cases report what plain SQL reports, at the same statement', (layout, render) => {
  it.each(SHARED_CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const lc = render(c);
    const results = await lintProject(lc.files);
    // The case file really is read by this layout, not by plain SQL.
    expect(results.find((r) => r.file === lc.file)?.migrations.map((m) => m.layout)).toContain(layout);
    await expectSameAsSql(c.id, lc);
  });
});

/** Rule ids reported on a file. */
async function idsOn(files: Record<string, string>, file: string): Promise<string[]> {
  const results = await lintProject(files);
  return (results.find((r) => r.file === file)?.diagnostics ?? []).map((d) => `${d.ruleId}@${d.span.start.line}`);
}

const CIC = 'CREATE INDEX CONCURRENTLY users_name_idx ON users (name);';
const BAN = 'ban-concurrent-index-creation-in-transaction';

describe('transaction semantics reach ban-concurrent-index-creation-in-transaction', () => {
  it('Flyway on PostgreSQL wraps a migration unless it only holds non-transactional statements or says executeInTransaction=false', async () => {
    const base = { 'flyway.toml': PG_TOML, 'sql/V1__setup.sql': SETUP_SQL };
    expect(await idsOn({ ...base, 'sql/V2__cic.sql': CIC }, 'sql/V2__cic.sql')).toEqual([]);
    expect(await idsOn({ ...base, 'sql/V2__cic.sql': `-- flyway:executeInTransaction=true\n${CIC}` }, 'sql/V2__cic.sql')).toEqual([`${BAN}@2`]);
    expect(await idsOn({ ...base, 'sql/V2__cic.sql': CIC, 'sql/V2__cic.sql.conf': 'executeInTransaction=true' }, 'sql/V2__cic.sql')).toEqual([`${BAN}@1`]);
    expect(await idsOn({ ...base, 'sql/V2__cic.sql': `-- flyway:executeInTransaction=false\n${CIC}` }, 'sql/V2__cic.sql')).toEqual([]);
    // A mix is refused by Flyway itself: a layout error, not a second finding.
    expect(await idsOn({ ...base, 'sql/V2__mix.sql': `ALTER TABLE users ADD COLUMN nickname text;\n${CIC}` }, 'sql/V2__mix.sql')).toEqual(['layout-error@2']);
  });

  it('goose NO TRANSACTION, diesel run_in_transaction = false, dbmate transaction:false and golang-migrate never put a lone CIC in a transaction', async () => {
    expect(await idsOn({ 'db/00001_setup.sql': `-- +goose Up\n${SETUP_SQL}\n`, 'db/00002_cic.sql': `-- +goose NO TRANSACTION\n-- +goose Up\n${CIC}\n` }, 'db/00002_cic.sql')).toEqual([]);
    expect(await idsOn({ 'db/00001_setup.sql': `-- +goose Up\n${SETUP_SQL}\n`, 'db/00002_cic.sql': `-- +goose Up\n${CIC}\n` }, 'db/00002_cic.sql')).toEqual([`${BAN}@2`]);
    const diesel = { 'migrations/2024-01-01-000000_setup/up.sql': SETUP_SQL, 'migrations/2024-02-01-000000_cic/up.sql': CIC };
    expect(await idsOn({ ...diesel, 'migrations/2024-02-01-000000_cic/metadata.toml': 'run_in_transaction = false' }, 'migrations/2024-02-01-000000_cic/up.sql')).toEqual([]);
    expect(await idsOn(diesel, 'migrations/2024-02-01-000000_cic/up.sql')).toEqual([`${BAN}@1`]);
    expect(await idsOn({ 'db/migrations/1_setup.sql': `-- migrate:up\n${SETUP_SQL}\n-- migrate:down\n`, 'db/migrations/2_cic.sql': `-- migrate:up transaction:false\n${CIC}\n-- migrate:down\n` }, 'db/migrations/2_cic.sql')).toEqual([]);
    expect(await idsOn({ 'migrations/1_setup.up.sql': SETUP_SQL, 'migrations/2_cic.up.sql': CIC }, 'migrations/2_cic.up.sql')).toEqual([]);
  });

  it('but a tool that sends a whole file as one query puts several statements in one implicit transaction on PostgreSQL', async () => {
    expect(await idsOn({ 'migrations/1_setup.up.sql': SETUP_SQL, 'migrations/2_cic.up.sql': `SET lock_timeout = '2s';\n${CIC}` }, 'migrations/2_cic.up.sql')).toEqual([`${BAN}@2`]);
  });

  it('down code gets no destructive findings in any layout, but syntax errors are still reported there', async () => {
    const results = await lintProject({
      'migrations/000001_setup.up.sql': SETUP_SQL,
      'migrations/000001_setup.down.sql': 'DROP TABLE orders;\nALTER TABLE users DROP COLUMN name;\nDROP TABLEZ users;',
      'db/00001_setup.sql': `-- +goose Up\n${SETUP_SQL}\n-- +goose Down\nDROP TABLE orders;\n`,
    });
    const all = results.flatMap((r) => r.diagnostics.map((d) => `${d.ruleId}@${d.file}:${d.span.start.line} ${d.direction}`));
    expect(all).toEqual(['syntax-error@migrations/000001_setup.down.sql:3 down']);
  });
});

const EXAMPLES: Record<string, string[]> = {
  flyway: ['adding-foreign-key-constraint@migrations/V2__orders_fk.sql:1', 'constraint-missing-not-valid@migrations/V2__orders_fk.sql:1', 'require-concurrent-index-creation@migrations/V2__orders_fk.sql:2'],
  prisma: ['adding-required-field@prisma/migrations/20240201090000_orders/migration.sql:8', 'require-concurrent-index-creation@prisma/migrations/20240201090000_orders/migration.sql:19'],
  'golang-migrate': ['renaming-column@migrations/000003_names.up.sql:1', 'ban-concurrent-index-creation-in-transaction@migrations/000003_names.up.sql:2'],
  goose: ['adding-required-field@db/migrations/20240301090000_orders.sql:13', 'require-concurrent-index-creation@db/migrations/20240301090000_orders.sql:14'],
  dbmate: ['changing-column-type@db/migrations/20240301090000_plans.sql:3'],
  sqitch: ['adding-required-field@deploy/users_plan.sql:5', 'ban-concurrent-index-creation-in-transaction@deploy/users_plan.sql:6'],
  diesel: ['changing-column-type@migrations/2024-03-01-090000_email_type/up.sql:1', 'ban-concurrent-index-creation-in-transaction@migrations/2024-03-01-090000_email_type/up.sql:2'],
  sqlx: ['ban-concurrent-index-creation-in-transaction@migrations/20240301090000_unique_name.sql:3'],
  refinery: ['ban-drop-column@migrations/V3__drop_name.sql:1'],
};

describe('examples/<layout>: zero-config migralint reports the README\'s findings', () => {
  // Rules keep being added: each listed finding must be there, and nothing may land in another file
  // (the safe migrations and the down scripts stay clean).
  it.each(Object.entries(EXAMPLES))('%s', async (layout, expected) => {
    const cwd = fileURLToPath(new URL(`../../../../examples/${layout}/`, import.meta.url));
    const config = resolveConfig({ file: undefined, dir: cwd, config: {} }, rules as unknown as Rule<never>[]);
    const results = await lint([{ path: '.' }], config, { cwd });
    const found = results.flatMap((r) => r.diagnostics.map((d) => `${d.ruleId}@${d.file}:${d.span.start.line}`));
    expect(found).toEqual(expect.arrayContaining(expected));
    const files = new Set(expected.map((e) => e.slice(e.indexOf('@') + 1, e.lastIndexOf(':'))));
    expect(found.filter((f) => !files.has(f.slice(f.indexOf('@') + 1, f.lastIndexOf(':'))))).toEqual([]);
    expect(new Set(results.flatMap((r) => r.migrations.map((m) => m.layout)))).toEqual(new Set([layout]));
  });
});
