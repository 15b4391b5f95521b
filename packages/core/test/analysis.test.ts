import { beforeAll, describe, expect, it } from 'vitest';
import { loadParsers, plainSqlMigration, RunAnalysis, SourceFile, type Transactional } from '@migralint/core';

beforeAll(loadParsers);

function migration(text: string, assumeInTransaction?: boolean) {
  return plainSqlMigration(new SourceFile('m.sql', text), { engine: 'postgresql', assumeInTransaction }).migration;
}

describe('RunAnalysis', () => {
  it('knows tables created earlier in the same migration, with or without BEGIN, through renames', () => {
    const m = migration('CREATE INDEX a ON t (x);\nCREATE TABLE t (x int);\nCREATE INDEX b ON public.t (x);\nALTER TABLE t RENAME TO u;\nCREATE INDEX c ON u (x);\nCREATE INDEX d ON other (x);');
    const a = new RunAnalysis();
    const ops = m.operations.filter((o) => o.kind === 'createIndex');
    expect(ops.map((o) => (o.kind === 'createIndex' ? a.isNewTable(o.table, o) : null))).toEqual([false, true, true, false]);
  });

  it('tracks transaction state from the layout and explicit BEGIN/COMMIT', () => {
    const text = 'SELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\nSELECT 3;';
    const states = (assume?: boolean): Transactional[] => {
      const m = migration(text, assume);
      const a = new RunAnalysis();
      return m.operations.filter((o) => o.kind === 'other').map((o) => a.inTransaction(o));
    };
    expect(states(undefined)).toEqual(['unknown', 'yes', 'unknown']);
    expect(states(false)).toEqual(['no', 'yes', 'no']);
    expect(states(true)).toEqual(['yes', 'yes', 'no']);
  });
});
