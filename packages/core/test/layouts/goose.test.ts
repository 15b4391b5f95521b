import { describe, expect, it } from 'vitest';
import { parseGoose } from '../../src/layouts/goose/index.js';
import { lintTree, loadTree, noDropTable } from './sql-framework-helpers.js';

describe('goose layout', () => {
  it('splits Up and Down sections, orders by version, and lints Down as down code', async () => {
    const r = await lintTree(
      {
        'db/20240102000000_b.sql': '-- +goose Up\nDROP TABLE a;\n\n-- +goose Down\nCREATE TABLE a (id int);\n',
        'db/20240101000000_a.sql': '-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\nSELEKT 1;\n',
      },
      { rules: [noDropTable] },
    );
    expect(r.order).toEqual([
      'db/20240101000000_a.sql#up goose postgresql up yes',
      'db/20240102000000_b.sql#up goose postgresql up yes',
      'db/20240101000000_a.sql#down goose postgresql down yes',
      'db/20240102000000_b.sql#down goose postgresql down yes',
    ]);
    expect(r.findings).toEqual(['syntax-error@db/20240101000000_a.sql:5', 'no-drop-table@db/20240102000000_b.sql:2']);
  });

  it('runs NO TRANSACTION files outside a transaction, one statement at a time', async () => {
    const r = await lintTree({
      'db/1_a.sql': '-- +goose Up\nCREATE TABLE a (id int);\n',
      'db/2_b.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY a1 ON a (id);\nCREATE INDEX CONCURRENTLY a2 ON a (id);\n-- +goose Down\nDROP INDEX CONCURRENTLY a1;\n',
      'db/3_c.sql': '-- +goose Up\nCREATE INDEX CONCURRENTLY a3 ON a (id);\n',
    });
    expect(r.order.slice(0, 3)).toEqual(['db/1_a.sql#up goose postgresql up yes', 'db/2_b.sql#up goose postgresql up no', 'db/3_c.sql#up goose postgresql up yes']);
    expect(r.findings).toEqual(['cic-in-tx@db/3_c.sql:2']);
    const out = await loadTree('goose', { 'db/3_c.sql': '-- +goose Up\nSELECT 1;\n' });
    expect(out.migrations[0]!.hints!.nonTransactional).toContain('`-- +goose NO TRANSACTION`');
  });

  it('parses StatementBegin/End blocks whose last statement has no semicolon, and splits sections before parsing', async () => {
    const body = "-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql\n-- +goose StatementEnd\n-- +goose Down\nDROP FUNCTION f();\n";
    const r = await lintTree({ 'db/1_f.sql': body });
    expect(r.diagnostics).toEqual([]);
    expect(parseGoose(body).problems).toEqual([]);
  });

  it('reports what goose itself refuses: no Up section, Down before Up, an unterminated statement, a missing StatementEnd', async () => {
    const r = await lintTree({
      'db/1_ok.sql': '-- +goose Up\nSELECT 1;\n',
      'db/2_noup.sql': '-- +goose up\nCREATE TABLE b (id int);\n',
      'db/3_order.sql': '-- +goose Down\nSELECT 1;\n-- +goose Up\nSELECT 2;\n',
      'db/4_semicolon.sql': '-- +goose Up\nCREATE TABLE d (id int)\n-- +goose Down\nDROP TABLE d;\n',
      'db/5_block.sql': '-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n',
    });
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/^db\/2_noup\.sql:2:1 layout-error goose rejects this file: SQL before `-- \+goose Up`/),
      expect.stringMatching(/^db\/3_order\.sql:1:1 layout-error goose rejects this file: `-- \+goose Down` comes before `-- \+goose Up`/),
      expect.stringMatching(/^db\/4_semicolon\.sql:2:1 layout-error goose rejects this file: the statement starting here does not end with a semicolon/),
      expect.stringMatching(/^db\/5_block\.sql:2:1 layout-error goose rejects this file: `-- \+goose StatementBegin` without `-- \+goose StatementEnd`/),
    ]);
    // The unterminated statement still parses on its own: the Down marker does not glue onto it.
    expect(r.findings.filter((f) => f.startsWith('syntax-error'))).toEqual([]);
    const empty = await lintTree({ 'db/1_ok.sql': '-- +goose Up\nSELECT 1;\n', 'db/2_none.sql': '-- nothing here\n-- +goose down\n' });
    expect(empty.diagnostics).toEqual([expect.stringMatching(/^db\/2_none\.sql:1:1 layout-error goose rejects this file: it has no `-- \+goose Up` annotation/)]);
  });

  it('makes Go migrations opaque, reports duplicate versions, and reads GOOSE_DRIVER from .env', async () => {
    const r = await lintTree({
      '.env': 'GOOSE_DRIVER=mysql\nGOOSE_DBSTRING="user@/db"\n',
      'db/1_a.sql': '-- +goose Up\nCREATE TABLE a (id int);\n',
      'db/2_b.go': 'package migrations\n',
      'db/002_c.sql': '-- +goose Up\nSELECT 1;\n',
    });
    expect(r.order).toEqual(['db/1_a.sql#up goose mysql up no', 'db/2_b.go goose mysql up unknown', 'db/002_c.sql#up goose mysql up no']);
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/^db\/2_b\.go:1:1 layout-error Duplicate goose version 2: db\/002_c\.sql has it too/),
      'db/2_b.go:1:1 opaque-code goose Go migration: its schema changes are code that migralint does not read; review it by hand.',
    ]);
  });
});
