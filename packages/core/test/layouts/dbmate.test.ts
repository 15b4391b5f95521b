import { describe, expect, it } from 'vitest';
import { lintTree, loadTree, noDropTable } from './sql-framework-helpers.js';

describe('dbmate layout', () => {
  it('splits -- migrate:up / -- migrate:down, lints down as down code, orders by version', async () => {
    const r = await lintTree(
      {
        'db/migrations/20240102000000_b.sql': '-- migrate:up\nDROP TABLE a;\n\n-- migrate:down\nCREATE TABLE a (id int);\n',
        'db/migrations/20240101000000_a.sql': '-- a comment first is fine\n-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n',
      },
      { rules: [noDropTable] },
    );
    expect(r.order).toEqual([
      'db/migrations/20240101000000_a.sql#up dbmate postgresql up yes',
      'db/migrations/20240102000000_b.sql#up dbmate postgresql up yes',
      'db/migrations/20240101000000_a.sql#down dbmate postgresql down yes',
      'db/migrations/20240102000000_b.sql#down dbmate postgresql down yes',
    ]);
    expect(r.findings).toEqual(['no-drop-table@db/migrations/20240102000000_b.sql:2']);
  });

  it('honours transaction:false per block; the block is still one query, so several statements share an implicit transaction', async () => {
    const r = await lintTree({
      'db/migrations/1_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\n',
      'db/migrations/2_b.sql': '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY a1 ON a (id);\n\n-- migrate:down\nSELECT 1;\n',
      'db/migrations/3_c.sql': '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY a2 ON a (id);\nCREATE INDEX CONCURRENTLY a3 ON a (id);\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY a2;\n',
      'db/migrations/4_d.sql': '-- migrate:up\nCREATE INDEX CONCURRENTLY a4 ON a (id);\n-- migrate:down\n',
    });
    expect(r.order.filter((o) => o.includes(' up '))).toEqual([
      'db/migrations/1_a.sql#up dbmate postgresql up yes',
      'db/migrations/2_b.sql#up dbmate postgresql up no',
      'db/migrations/3_c.sql#up dbmate postgresql up yes',
      'db/migrations/4_d.sql#up dbmate postgresql up yes',
    ]);
    expect(r.findings).toEqual(['cic-in-tx@db/migrations/3_c.sql:2', 'cic-in-tx@db/migrations/3_c.sql:3', 'cic-in-tx@db/migrations/4_d.sql:2']);
    const out = await loadTree('dbmate', { 'db/migrations/4_d.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\n' });
    expect(out.migrations[0]!.hints!.nonTransactional).toContain('`-- migrate:up transaction:false`');
  });

  it('reports what dbmate refuses: no up block, no down block, down before up, statements before up', async () => {
    const r = await lintTree({
      'db/migrations/1_ok.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\n',
      'db/migrations/2_noup.sql': '-- migrate:down\nSELECT 1;\n',
      'db/migrations/3_nodown.sql': '-- migrate:up\nSELECT 1;\n',
      'db/migrations/4_order.sql': '-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 2;\n',
      'db/migrations/5_before.sql': 'SELECT 0;\n-- migrate:up\nSELECT 1;\n-- migrate:down\n',
    });
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/^db\/migrations\/2_noup\.sql:1:1 layout-error dbmate refuses this file: it has no up block/),
      expect.stringMatching(/^db\/migrations\/3_nodown\.sql:1:1 layout-error dbmate refuses this file: it has no down block/),
      expect.stringMatching(/^db\/migrations\/4_order\.sql:1:1 layout-error dbmate refuses this file: '-- migrate:down' comes before '-- migrate:up'/),
      expect.stringMatching(/^db\/migrations\/5_before\.sql:1:1 layout-error dbmate refuses this file: statements come before the '-- migrate:up' block/),
    ]);
  });

  it('takes the engine from DATABASE_URL in .env', async () => {
    const r = await lintTree({ '.env': 'DATABASE_URL="sqlite:db/app.sqlite3"\n', 'db/migrations/1_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\n' });
    expect(r.order[0]).toBe('db/migrations/1_a.sql#up dbmate sqlite up yes');
  });
});
