import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/layouts/sqitch/index.js';
import { lintTree, loadTree, noDropTable } from './sql-framework-helpers.js';

const PLAN = '%syntax-version=1.0.0\n%project=shop\n\nusers 2024-01-01T00:00:00Z A <a@x> # users\nz_first [users] 2024-01-02T00:00:00Z A <a@x>\n@v1 2024-01-03T00:00:00Z A <a@x>\nusers [users@v1] 2024-01-04T00:00:00Z A <a@x> # reworked\n';

describe('sqitch layout', () => {
  it('follows sqitch.plan order (not file names), with reworked changes as <name>@<tag>', async () => {
    const r = await lintTree(
      {
        'sqitch.conf': '[core]\n\tengine = pg\n',
        'sqitch.plan': PLAN,
        'deploy/users@v1.sql': 'BEGIN;\nCREATE TABLE users (id int);\nCOMMIT;\n',
        'deploy/z_first.sql': 'CREATE INDEX CONCURRENTLY users_id ON users (id);\n',
        'deploy/users.sql': 'BEGIN;\nALTER TABLE users ADD COLUMN name text;\nCOMMIT;\n',
        'revert/users.sql': 'BEGIN;\nALTER TABLE users DROP COLUMN name;\nCOMMIT;\n',
        'revert/users@v1.sql': 'DROP TABLE users;\n',
        'verify/z_first.sql': 'SELECT 1/count(*) FROM pg_indexes WHERE indexname = \'users_id\';\n',
      },
      { rules: [noDropTable] },
    );
    expect(r.order).toEqual([
      'deploy/users@v1.sql sqitch postgresql up no',
      'deploy/z_first.sql sqitch postgresql up no',
      'deploy/users.sql sqitch postgresql up no',
      'revert/users@v1.sql sqitch postgresql down no',
      'verify/z_first.sql#verify sqitch postgresql down no',
      'revert/users.sql sqitch postgresql down no',
    ]);
    expect(r.findings).toEqual([]);
  });

  it('sees BEGIN/COMMIT in the script as the only transaction', async () => {
    const r = await lintTree({
      'sqitch.plan': 'a 2024-01-01T00:00:00Z A <a@x>\nb 2024-01-02T00:00:00Z A <a@x>\n',
      'deploy/a.sql': 'CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t1 ON t (id);\n',
      'deploy/b.sql': 'BEGIN;\nCREATE INDEX CONCURRENTLY t2 ON t (id);\nCOMMIT;\n',
    });
    expect(r.findings).toEqual(['cic-in-tx@deploy/b.sql:2']);
    const out = await loadTree('sqitch', { 'sqitch.plan': 'b 2024-01-02T00:00:00Z A <a@x>\n', 'deploy/b.sql': 'SELECT 1;' });
    expect(out.migrations[0]!.hints!.nonTransactional).toContain('Remove the BEGIN/COMMIT');
  });

  it('reports a plan entry without a deploy script at its plan line, and a change reworked without a tag', async () => {
    const r = await lintTree({ 'sqitch.plan': '%project=x\n\na 2024-01-01T00:00:00Z A <a@x>\nmissing 2024-01-02T00:00:00Z A <a@x>\na 2024-01-03T00:00:00Z A <a@x>\n', 'deploy/a.sql': 'SELECT 1;' });
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/^sqitch\.plan:3:1 layout-error Change 'a' appears twice in sqitch\.plan without a tag between/),
      expect.stringMatching(/^sqitch\.plan:4:1 layout-error sqitch\.plan line 4: change 'missing' has no deploy script deploy\/missing\.sql/),
    ]);
  });

  it('takes the engine and directories from sqitch.conf', async () => {
    const r = await lintTree({
      'db/sqitch.conf': '[core]\n\tengine = mysql\n\ttop_dir = sqitch\n',
      'db/sqitch/sqitch.plan': 'a 2024-01-01T00:00:00Z A <a@x>\n',
      'db/sqitch/deploy/a.sql': 'CREATE TABLE t (id int);',
    });
    expect(r.order).toEqual(['db/sqitch/deploy/a.sql sqitch mysql up no']);
    const s = await lintTree({ 'sqitch.conf': '[core]\n\tengine = sqlite\n', 'sqitch.plan': 'a 2024-01-01T00:00:00Z A <a@x>\n', 'deploy/a.sql': 'CREATE TABLE t (id int);' });
    expect(s.order).toEqual(['deploy/a.sql sqitch sqlite up no']);
    const oracle = await lintTree({ 'sqitch.conf': '[core]\n\tengine = oracle\n', 'sqitch.plan': 'a 2024-01-01T00:00:00Z A <a@x>\n', 'deploy/a.sql': 'SELECT 1 FROM dual;' });
    expect(oracle.diagnostics).toEqual([expect.stringMatching(/^sqitch\.plan:1:1 layout-error sqitch targets 'oracle'/)]);
  });

  it('parses tags, pragmas, notes and dependencies', () => {
    expect(parsePlan(PLAN)).toEqual({
      changes: [
        { name: 'users', script: 'users@v1', line: 4 },
        { name: 'z_first', script: 'z_first', line: 5 },
        { name: 'users', script: 'users', line: 7 },
      ],
      problems: [],
    });
  });
});
