import { describe, expect, it } from 'vitest';
import { lintTree, loadTree } from './sql-framework-helpers.js';

const CARGO = '[dependencies]\nrefinery = { version = "0.8", features = ["tokio-postgres"] }\n';

describe('refinery layout', () => {
  it('claims V/U files of a crate that depends on refinery (U is unversioned, not undo), in version order', async () => {
    const r = await lintTree({ 'Cargo.toml': CARGO, 'migrations/V10__c.sql': 'SELECT 1;', 'migrations/V2__b.sql': 'SELECT 1;', 'migrations/U1__a.sql': 'SELECT 1;' });
    expect(r.order).toEqual(['migrations/U1__a.sql refinery postgresql up yes', 'migrations/V2__b.sql refinery postgresql up yes', 'migrations/V10__c.sql refinery postgresql up yes']);
    // The same names without refinery are Flyway's, where U means undo.
    expect((await lintTree({ 'migrations/V1__a.sql': 'SELECT 1;', 'migrations/U1__a.sql': 'SELECT 1;' })).order).toEqual(['migrations/V1__a.sql flyway postgresql up yes', 'migrations/U1__a.sql flyway postgresql down yes']);
  });

  it('runs each migration in a transaction unless a line says -- refinery:noTransaction', async () => {
    const r = await lintTree({
      'Cargo.toml': CARGO,
      'migrations/V1__a.sql': 'CREATE TABLE a (id int);',
      'migrations/V2__b.sql': '-- refinery:noTransaction\nCREATE INDEX CONCURRENTLY a1 ON a (id);',
      'migrations/V3__c.sql': 'CREATE INDEX CONCURRENTLY a2 ON a (id);',
    });
    expect(r.findings).toEqual(['cic-in-tx@migrations/V3__c.sql:1']);
    const out = await loadTree('refinery', { 'Cargo.toml': CARGO, 'migrations/V1__a.sql': 'SELECT 1;' });
    expect(out.migrations[0]!.hints).toEqual({ nonTransactional: expect.stringContaining('`-- refinery:noTransaction`'), transaction: 'refinery runs this migration inside a transaction.' });
  });

  it('reports duplicate and oversized versions, and reads the engine from the features', async () => {
    const r = await lintTree({ 'Cargo.toml': CARGO.replace('tokio-postgres', 'mysql_async'), 'migrations/V1__a.sql': 'SELECT 1;', 'migrations/U1__b.sql': 'SELECT 1;', 'migrations/V99999999999__c.sql': 'SELECT 1;' });
    expect(r.order.every((o) => o.includes(' mysql '))).toBe(true);
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/^migrations\/V1__a\.sql:1:1 layout-error Duplicate refinery version 1: migrations\/U1__b\.sql has it too/),
      expect.stringMatching(/^migrations\/V99999999999__c\.sql:1:1 layout-error refinery cannot read the version '99999999999'/),
    ]);
  });
});
