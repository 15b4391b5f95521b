import { describe, expect, it } from 'vitest';
import { lintTree, loadTree, noDropTable } from './sql-framework-helpers.js';

const CARGO = '[package]\nname = "x"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres", "migrate"] }\n';

describe('sqlx layout', () => {
  it('needs a crate that depends on sqlx, orders by version, and lints .down.sql as down code', async () => {
    const r = await lintTree(
      {
        'Cargo.toml': CARGO,
        'migrations/20240201000000_b.up.sql': 'DROP TABLE a;',
        'migrations/20240201000000_b.down.sql': 'CREATE TABLE a (id int);',
        'migrations/20240101000000_a.up.sql': 'CREATE TABLE a (id int);',
        'migrations/20240101000000_a.down.sql': 'DROP TABLE a;',
      },
      { rules: [noDropTable] },
    );
    expect(r.order).toEqual([
      'migrations/20240101000000_a.up.sql sqlx postgresql up yes',
      'migrations/20240201000000_b.up.sql sqlx postgresql up yes',
      'migrations/20240101000000_a.down.sql sqlx postgresql down yes',
      'migrations/20240201000000_b.down.sql sqlx postgresql down yes',
    ]);
    expect(r.findings).toEqual(['no-drop-table@migrations/20240201000000_b.up.sql:1']);
    // Without sqlx in Cargo.toml the same names are golang-migrate's.
    expect((await lintTree({ 'migrations/1_a.up.sql': 'SELECT 1;' })).order).toEqual(['migrations/1_a.up.sql golang-migrate postgresql up no']);
  });

  it('honours -- no-transaction only as the first bytes of the file (not after a BOM or another line)', async () => {
    const r = await lintTree({
      'Cargo.toml': CARGO,
      'migrations/1_a.sql': 'CREATE TABLE a (id int);',
      'migrations/2_b.sql': '-- no-transaction\nCREATE INDEX CONCURRENTLY a1 ON a (id);',
      'migrations/3_c.sql': '-- online index\n-- no-transaction\nCREATE INDEX CONCURRENTLY a2 ON a (id);',
      'migrations/4_d.sql': '\ufeff-- no-transaction\nCREATE INDEX CONCURRENTLY a3 ON a (id);',
      'migrations/5_e.sql': '-- no-transaction\nCREATE INDEX CONCURRENTLY a4 ON a (id);\nCREATE INDEX CONCURRENTLY a5 ON a (id);',
    });
    expect(r.order.map((o) => o.split(' ').pop())).toEqual(['yes', 'no', 'yes', 'yes', 'yes']);
    expect(r.findings).toEqual(['cic-in-tx@migrations/3_c.sql:3', 'cic-in-tx@migrations/4_d.sql:2', 'cic-in-tx@migrations/5_e.sql:2', 'cic-in-tx@migrations/5_e.sql:3']);
    const out = await loadTree('sqlx', { 'Cargo.toml': CARGO, 'migrations/1_a.sql': 'SELECT 1;' });
    expect(out.migrations[0]!.hints!.nonTransactional).toContain('Start the file with `-- no-transaction`');
  });

  it('takes the engine from DATABASE_URL or the sqlx features, and reports duplicate versions', async () => {
    const mysql = await lintTree({ 'Cargo.toml': CARGO.replace('"postgres"', '"mysql"'), 'migrations/1_a.sql': 'SELECT 1;', 'migrations/01_b.sql': 'SELECT 1;' });
    expect(mysql.order.every((o) => o.includes(' mysql '))).toBe(true);
    expect(mysql.diagnostics).toEqual([expect.stringMatching(/^migrations\/1_a\.sql:1:1 layout-error Duplicate sqlx version 1: migrations\/01_b\.sql has it too/)]);
    const env = await lintTree({ 'Cargo.toml': CARGO, '.env': 'DATABASE_URL=sqlite://data.db', 'migrations/1_a.sql': 'SELECT 1;' });
    expect(env.order).toEqual(['migrations/1_a.sql sqlx sqlite up yes']);
  });
});
