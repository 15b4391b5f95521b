import { describe, expect, it } from 'vitest';
import { migralint, project } from './cli-helpers.js';

const SWAP = '-- swap the email column\nALTER TABLE users ADD COLUMN email_address text;\nALTER TABLE users DROP COLUMN email;\n';

interface JsonReport {
  migrations: Array<{
    id: string;
    label: string;
    transactional: string;
    statements: Array<{ line: number; kind: string; phase: string; summary: string; locks: Array<{ relation: string; mode: string; blocks: string }>; rewrite: string; scan: string; notes: string[] }>;
  }>;
  problems: Array<{ file: string; line: number; ruleId: string }>;
}

describe('migralint explain (spawned binary)', () => {
  it('labels a migration that adds a column and drops another as mixed, with its lock table', () => {
    const dir = project({ 'db/0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n', 'db/0002_swap.sql': SWAP });
    const r = migralint(['explain', 'db'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'db/0001_users.sql  expand  (sql, postgresql, up, transaction: unknown)',
        '  line  phase   statement           locks  rewrite  scan  notes',
        '  1     expand  CREATE TABLE users  —      no       no',
        '',
        'db/0002_swap.sql  mixed  (sql, postgresql, up, transaction: unknown)',
        '  line  phase     statement                                        locks                                             rewrite  scan  notes',
        '  2     expand    ALTER TABLE users ADD COLUMN email_address text  users ACCESS EXCLUSIVE (blocks reads and writes)  no       no    no lock_timeout in force',
        '  3     contract  ALTER TABLE users DROP COLUMN email              users ACCESS EXCLUSIVE (blocks reads and writes)  no       no    no lock_timeout in force',
        '',
      ].join('\n'),
    );
  });

  it('writes JSON: per statement the locks, what they block, rewrite, scan and transaction notes', () => {
    const dir = project({
      '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
      '0002_backfill.sql': "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true;\nCREATE INDEX users_active_idx ON users (active);\nCOMMIT;\n",
    });
    const r = migralint(['explain', '0002_backfill.sql', '0001_users.sql', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.problems).toEqual([]);
    // Run order, not argument order: the replay needs users from the first migration.
    expect(report.migrations.map((m) => [m.id, m.label])).toEqual([
      ['0001_users.sql', 'expand'],
      ['0002_backfill.sql', 'mixed'],
    ]);
    const rows = report.migrations[1]!.statements.map((s) => [s.line, s.phase, s.summary, s.locks.map((l) => `${l.relation} ${l.mode}: ${l.blocks}`), s.rewrite, s.scan, s.notes]);
    expect(rows).toEqual([
      [1, 'neutral', 'BEGIN', [], 'no', 'no', []],
      [2, 'neutral', "SET LOCAL lock_timeout = '2s'", [], 'no', 'no', []],
      [3, 'expand', 'ALTER TABLE users ADD COLUMN active boolean', ['users ACCESS EXCLUSIVE: reads and writes'], 'no', 'no', ['locks held until COMMIT (line 6)']],
      [4, 'backfill', 'UPDATE users (every row)', ['users ROW EXCLUSIVE: index builds and schema changes'], 'no', 'yes', ['locks held until COMMIT (line 6)', 'runs while ACCESS EXCLUSIVE on users is held (since line 3)']],
      [5, 'expand', 'CREATE INDEX users_active_idx ON users', ['users SHARE: writes'], 'no', 'yes', ['locks held until COMMIT (line 6)', 'runs while ACCESS EXCLUSIVE on users is held (since line 3)']],
      [6, 'neutral', 'COMMIT', [], 'no', 'no', []],
    ]);
  });

  it('follows the lint options: --assume-in-transaction, new tables, CONCURRENTLY in a transaction', () => {
    const dir = project({ 'm.sql': 'CREATE TABLE t (id bigint);\nCREATE INDEX t_id_idx ON t (id);\nCREATE INDEX CONCURRENTLY u_idx ON users (email);\n' });
    const report = JSON.parse(migralint(['explain', 'm.sql', '--assume-in-transaction', '-f', 'json'], { cwd: dir }).stdout) as JsonReport;
    const [m] = report.migrations;
    expect(m!.transactional).toBe('yes');
    expect(m!.statements[1]!.locks).toEqual([{ relation: 't', mode: 'SHARE', blocks: 'nothing (new table)' }]);
    expect(m!.statements[2]!.notes).toContain('fails inside a transaction block');
  });

  it('reports files it could not read with exit 1, and usage errors with exit 2', () => {
    const dir = project({ 'a.sql': 'SELECT 1;\nCREATE TABLEX oops;\n' });
    const bad = migralint(['explain', 'a.sql'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('a.sql:2:8  syntax-error  ');
    const missing = migralint(['explain', 'no/such.sql'], { cwd: dir });
    expect([missing.code, missing.stderr]).toEqual([2, 'migralint explain: no such file, directory or matching glob: no/such.sql\n']);
    expect(migralint(['explain'], { cwd: dir }).code).toBe(2);
    const help = migralint(['explain', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('migralint explain <paths..>')]);
    expect(migralint(['--help']).stdout).toContain('migralint explain <paths..>');
  });
});
