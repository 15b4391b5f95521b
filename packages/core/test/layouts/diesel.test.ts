import { describe, expect, it } from 'vitest';
import { lintTree, loadTree, noDropTable } from './sql-framework-helpers.js';

const M = 'migrations';

describe('diesel layout', () => {
  it('reads <version>_<name>/up.sql and down.sql in version order, down as down code', async () => {
    const r = await lintTree(
      {
        [`${M}/2024-02-01-000000_b/up.sql`]: 'DROP TABLE a;',
        [`${M}/2024-02-01-000000_b/down.sql`]: 'CREATE TABLE a (id int);',
        [`${M}/00000000000000_diesel_initial_setup/up.sql`]: 'SELECT 1;',
        [`${M}/00000000000000_diesel_initial_setup/down.sql`]: 'SELECT 1;',
        [`${M}/2024-01-01-000000_a/up.sql`]: 'CREATE TABLE a (id int);',
        [`${M}/2024-01-01-000000_a/down.sql`]: 'DROP TABLE a;',
      },
      { rules: [noDropTable] },
    );
    expect(r.order.filter((o) => o.includes(' up '))).toEqual([
      `${M}/00000000000000_diesel_initial_setup/up.sql diesel postgresql up yes`,
      `${M}/2024-01-01-000000_a/up.sql diesel postgresql up yes`,
      `${M}/2024-02-01-000000_b/up.sql diesel postgresql up yes`,
    ]);
    expect(r.findings).toEqual([`no-drop-table@${M}/2024-02-01-000000_b/up.sql:1`]);
  });

  it('honours run_in_transaction = false in metadata.toml; up.sql is still one query', async () => {
    const r = await lintTree({
      [`${M}/2024-01-01-000000_a/up.sql`]: 'CREATE TABLE a (id int);',
      [`${M}/2024-01-01-000000_a/down.sql`]: 'DROP TABLE a;',
      [`${M}/2024-02-01-000000_b/up.sql`]: 'CREATE INDEX CONCURRENTLY a1 ON a (id);',
      [`${M}/2024-02-01-000000_b/down.sql`]: 'DROP INDEX CONCURRENTLY a1;',
      [`${M}/2024-02-01-000000_b/metadata.toml`]: 'run_in_transaction = false\n',
      [`${M}/2024-03-01-000000_c/up.sql`]: 'CREATE INDEX CONCURRENTLY a2 ON a (id);',
      [`${M}/2024-04-01-000000_d/up.sql`]: 'CREATE INDEX CONCURRENTLY a3 ON a (id);\nCREATE INDEX CONCURRENTLY a4 ON a (id);',
      [`${M}/2024-04-01-000000_d/metadata.toml`]: 'run_in_transaction = false',
    });
    expect(r.findings).toEqual([`cic-in-tx@${M}/2024-03-01-000000_c/up.sql:1`, `cic-in-tx@${M}/2024-04-01-000000_d/up.sql:1`, `cic-in-tx@${M}/2024-04-01-000000_d/up.sql:2`]);
    const out = await loadTree('diesel', { [`${M}/2024-01-01-000000_a/up.sql`]: 'SELECT 1;' });
    expect(out.migrations[0]!.hints!.nonTransactional).toContain('`run_in_transaction = false` to metadata.toml');
  });

  it('reports a folder without up.sql and a malformed metadata.toml', async () => {
    const r = await lintTree({
      [`${M}/2024-01-01-000000_a/up.sql`]: 'SELECT 1;',
      [`${M}/2024-02-01-000000_b/down.sql`]: 'SELECT 1;',
      [`${M}/2024-03-01-000000_c/up.sql`]: 'SELECT 1;',
      [`${M}/2024-03-01-000000_c/metadata.toml`]: 'run_in_transaction = nope',
    });
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/^migrations\/2024-02-01-000000_b\/up\.sql:1:1 layout-error Diesel migration folder migrations\/2024-02-01-000000_b has no up\.sql/),
      expect.stringMatching(/^migrations\/2024-03-01-000000_c\/metadata\.toml:1:\d+ layout-error migrations\/2024-03-01-000000_c\/metadata\.toml is not valid TOML/),
    ]);
  });

  it('takes the engine from .env DATABASE_URL, else from the diesel features in Cargo.toml', async () => {
    const files = { [`${M}/2024-01-01-000000_a/up.sql`]: 'CREATE TABLE a (id int);' };
    expect((await lintTree({ ...files, '.env': 'DATABASE_URL=mysql://u@h/db' })).order).toEqual([`${M}/2024-01-01-000000_a/up.sql diesel mysql up no`]);
    expect((await lintTree({ ...files, 'Cargo.toml': '[dependencies]\ndiesel = { version = "2", features = ["sqlite"] }\n' })).order).toEqual([`${M}/2024-01-01-000000_a/up.sql diesel sqlite up yes`]);
  });
});
