import { describe, expect, it } from 'vitest';
import { migralint, project } from './cli-helpers.js';

describe('migralint --list-migrations (spawned binary)', () => {
  const dir = project({
    'flyway.toml': '[environments.default]\nurl = "jdbc:postgresql://h/db"\n\n[flyway]\nlocations = ["filesystem:sql"]\n',
    'sql/V1.2.10__c.sql': 'CREATE INDEX CONCURRENTLY t_id ON t (id);',
    'sql/V1.2.9__b.sql': 'CREATE TABLE t (id int);',
    'sql/U1.2.9__b.sql': 'DROP TABLE t;',
    'db/00001_a.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n',
    'loose.sql': 'SELECT 1;',
  });

  it('prints layout, engine, order, direction and transaction per migration, in the frameworks\' order', () => {
    const r = migralint(['--list-migrations'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '#  layout  engine      direction  transaction  migration',
        '1  flyway  postgresql  up         yes          sql/V1.2.9__b.sql',
        '2  flyway  postgresql  up         no           sql/V1.2.10__c.sql',
        '3  flyway  postgresql  down       yes          sql/U1.2.9__b.sql',
        '4  goose   postgresql  up         no           db/00001_a.sql#up',
        '5  goose   postgresql  down       no           db/00001_a.sql#down',
        '6  sql     postgresql  up         unknown      loose.sql',
        '',
      ].join('\n'),
    );
  });

  it('prints the same as JSON with --format json', () => {
    const r = migralint(['--list-migrations', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(r.stdout) as { migrations: Array<Record<string, unknown>> };
    expect(json.migrations[1]).toEqual({ order: 2, id: 'sql/V1.2.10__c.sql', file: 'sql/V1.2.10__c.sql', layout: 'flyway', engine: 'postgresql', direction: 'up', transactional: 'no', orderKey: ['.', 0, '1.2.10', 1] });
  });
});
