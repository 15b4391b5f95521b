import { describe, expect, it } from 'vitest';
import { lintTree, loadTree, noDropTable } from './sql-framework-helpers.js';

describe('golang-migrate layout', () => {
  it('orders by numeric version, lints .down.sql as down code, and adds no transaction', async () => {
    const r = await lintTree(
      {
        'migrations/10_c.up.sql': 'SELECT 1;',
        'migrations/9_b.up.sql': 'SELECT 1;',
        'migrations/1_a.up.sql': 'CREATE TABLE a (id int);',
        'migrations/1_a.down.sql': 'DROP TABLE a;\nDROP TABLEX b;',
        'migrations/9_b.down.sql': 'DROP TABLE a;',
      },
      { rules: [noDropTable] },
    );
    expect(r.order).toEqual([
      'migrations/1_a.up.sql golang-migrate postgresql up no',
      'migrations/9_b.up.sql golang-migrate postgresql up no',
      'migrations/10_c.up.sql golang-migrate postgresql up no',
      'migrations/1_a.down.sql golang-migrate postgresql down yes',
      'migrations/9_b.down.sql golang-migrate postgresql down no',
    ]);
    expect(r.findings).toEqual(['syntax-error@migrations/1_a.down.sql:2']);
  });

  it('never puts a lone CREATE INDEX CONCURRENTLY in a transaction, but a multi-statement file is one implicit transaction on PostgreSQL', async () => {
    const r = await lintTree({
      'migrations/1_a.up.sql': 'CREATE TABLE a (id int);',
      'migrations/2_idx.up.sql': 'CREATE INDEX CONCURRENTLY a_id ON a (id);',
      'migrations/3_two.up.sql': 'CREATE INDEX CONCURRENTLY a_id2 ON a (id);\nCREATE INDEX CONCURRENTLY a_id3 ON a (id);',
    });
    expect(r.findings).toEqual(['cic-in-tx@migrations/3_two.up.sql:1', 'cic-in-tx@migrations/3_two.up.sql:2']);
    const mysql = await lintTree({ 'migrations/3_two.up.sql': 'CREATE INDEX a ON t (x);\nCREATE INDEX b ON t (y);' }, { config: { engine: 'mysql' } });
    expect(mysql.order).toEqual(['migrations/3_two.up.sql golang-migrate mysql up no']);
    const out = await loadTree('golang-migrate', { 'migrations/3_two.up.sql': 'SELECT 1; SELECT 2;' });
    expect(out.migrations[0]!.hints!.nonTransactional).toContain('x-multi-statement=true');
  });

  it('reports duplicate versions and takes the engine from DATABASE_URL in .env', async () => {
    const r = await lintTree({ '.env': 'DATABASE_URL=mysql://u@h/db\n', 'migrations/1_a.up.sql': 'SELECT 1;', 'migrations/01_b.up.sql': 'SELECT 1;' });
    expect(r.order.every((o) => o.includes(' mysql '))).toBe(true);
    expect(r.diagnostics).toEqual([expect.stringMatching(/^migrations\/1_a\.up\.sql:1:1 layout-error Duplicate migration version 1 \(up\): migrations\/01_b\.up\.sql has it too/)]);
  });
});
