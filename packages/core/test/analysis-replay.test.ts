import { beforeAll, describe, expect, it } from 'vitest';
import { loadParsers, plainSqlMigration, RunAnalysis, SourceFile, tableSizer, type Operation } from '@migralint/core';

beforeAll(loadParsers);

/** Replays migrations in order like the engine does; returns the analysis and each migration's ops. */
function replay(texts: string[], version = 15, assumeInTransaction?: boolean) {
  const a = new RunAnalysis({ engineVersion: () => version });
  const ops: Operation[][] = [];
  texts.forEach((t, i) => {
    const m = plainSqlMigration(new SourceFile(`${i}.sql`, t), { engine: 'postgresql', assumeInTransaction }).migration;
    a.enter(m);
    for (const op of m.operations) a.advance(op);
    ops.push(m.operations);
  });
  return { a, ops };
}

describe('schema replay', () => {
  it('follows tables, columns, renames, constraints and indexes across migrations', () => {
    const { a } = replay([
      'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(50), name text NOT NULL);',
      'ALTER TABLE users ADD COLUMN age int DEFAULT 0; ALTER TABLE users RENAME COLUMN name TO full_name; CREATE INDEX users_email_idx ON users (email);',
      'ALTER TABLE users ADD CONSTRAINT age_nn CHECK (age IS NOT NULL) NOT VALID;',
      'ALTER TABLE users VALIDATE CONSTRAINT age_nn; ALTER TABLE users RENAME TO people;',
    ]);
    const t = a.schema.table({ name: 'people' })!;
    expect([...t.columns.keys()]).toEqual(['id', 'email', 'full_name', 'age']);
    expect(t.columns.get('email')!.type).toMatchObject({ name: 'varchar', args: [50] });
    expect(t.columns.get('full_name')!.notNull).toBe(true);
    expect(t.createdBy).toBe('0.sql');
    expect(a.schema.hasValidatedNotNull({ name: 'people' }, 'age')).toBe(true);
    expect(a.schema.index({ name: 'users_email_idx' })?.table.name).toBe('people');
    expect(a.schema.table({ name: 'users' })).toBeUndefined();
  });

  it('does not replay down migrations', () => {
    const a = new RunAnalysis();
    const m = plainSqlMigration(new SourceFile('d.sql', 'CREATE TABLE x (id int);'), { engine: 'postgresql' }).migration;
    m.direction = 'down';
    a.enter(m);
    for (const op of m.operations) a.advance(op);
    expect(a.schema.table({ name: 'x' })).toBeUndefined();
  });
});

describe('lock effects (PostgreSQL)', () => {
  const effectOf = (setup: string[], sql: string, version = 15) => {
    const { a, ops } = replay([...setup, sql], version);
    return a.effect(ops[ops.length - 1]![0]!);
  };
  it('names the lock modes, rewrites and scans', () => {
    expect(effectOf([], 'CREATE INDEX i ON t (a);')).toEqual({ locks: [{ relation: { name: 't' }, kind: 'table', mode: 'SHARE' }], rewrite: 'no', scan: 'yes', noTransaction: false });
    expect(effectOf([], 'CREATE INDEX CONCURRENTLY i ON t (a);')).toMatchObject({ locks: [{ mode: 'SHARE UPDATE EXCLUSIVE' }], noTransaction: true });
    expect(effectOf([], 'ALTER TABLE t ADD COLUMN c int DEFAULT 0;')).toMatchObject({ locks: [{ mode: 'ACCESS EXCLUSIVE' }], rewrite: 'no' });
    expect(effectOf([], 'ALTER TABLE t ADD COLUMN c int DEFAULT 0;', 10)).toMatchObject({ rewrite: 'yes' });
    expect(effectOf([], 'ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid();')).toMatchObject({ rewrite: 'yes' });
    expect(effectOf([], 'ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id);').locks.map((l) => `${l.relation.name}:${l.mode}`)).toEqual(['t:SHARE ROW EXCLUSIVE', 'u:SHARE ROW EXCLUSIVE']);
  });
  it('uses the replayed old type for type changes, and the validated check for SET NOT NULL', () => {
    const setup = ['CREATE TABLE t (a varchar(10), b int);'];
    expect(effectOf(setup, 'ALTER TABLE t ALTER COLUMN a TYPE varchar(20);').rewrite).toBe('no');
    expect(effectOf(setup, 'ALTER TABLE t ALTER COLUMN b TYPE bigint;').rewrite).toBe('yes');
    expect(effectOf([], 'ALTER TABLE t ALTER COLUMN b TYPE bigint;').rewrite).toBe('maybe');
    const checked = [...setup, 'ALTER TABLE t ADD CONSTRAINT b_nn CHECK (b IS NOT NULL) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT b_nn;'];
    expect(effectOf(checked, 'ALTER TABLE t ALTER COLUMN b SET NOT NULL;').scan).toBe('no');
    expect(effectOf(checked, 'ALTER TABLE t ALTER COLUMN b SET NOT NULL;', 11).scan).toBe('yes');
    expect(effectOf(setup, 'ALTER TABLE t ALTER COLUMN b SET NOT NULL;').scan).toBe('yes');
  });
});

describe('transactions, held locks and timeouts', () => {
  it('knows which locks earlier statements of the transaction still hold', () => {
    const { a, ops } = replay(['BEGIN;\nALTER TABLE users ADD COLUMN c int;\nCREATE TABLE n (id int);\nCREATE INDEX ON n (id);\nUPDATE users SET c = 1;\nCOMMIT;\nUPDATE users SET c = 2;']);
    const [, , , , update, , after] = ops[0]!;
    const held = a.heldBefore(update!);
    expect([...held.values()].map((h) => `${h.table.name}:${h.mode}`)).toEqual(['users:ACCESS EXCLUSIVE']);
    expect(a.heldBefore(after!).size).toBe(0);
    expect(a.transactionOf(update!).map((o) => o.kind)).toEqual(['transaction', 'addColumn', 'createTable', 'createIndex', 'dataChange']);
  });
  it('tracks lock_timeout and statement_timeout, SET LOCAL until the end of the transaction', () => {
    const { a, ops } = replay(["BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;\nALTER TABLE t ADD COLUMN d int;\nSET statement_timeout = 5000;\nALTER TABLE t ADD COLUMN e int;\nSET lock_timeout = 0;\nALTER TABLE t ADD COLUMN f int;"]);
    const adds = ops[0]!.filter((o) => o.kind === 'addColumn');
    expect(adds.map((o) => a.timeoutsBefore(o))).toEqual([
      { lockTimeout: true, statementTimeout: false },
      { lockTimeout: false, statementTimeout: false },
      { lockTimeout: false, statementTimeout: true },
      { lockTimeout: false, statementTimeout: true },
    ]);
  });

  it('ignores SET LOCAL outside a transaction block, as PostgreSQL does', () => {
    const { a, ops } = replay(["SET LOCAL lock_timeout = '2s';\nALTER TABLE t ADD COLUMN c int;"]);
    expect(a.timeoutsBefore(ops[0]![1]!)).toEqual({ lockTimeout: false, statementTimeout: false });
  });
});

describe('table sizes from config', () => {
  it('uses globs first, small over large, then statistics with the row threshold', () => {
    const size = tableSizer({ tables: { large: ['events', 'audit_*'], small: ['audit_tiny'], largeRows: 1000 } }, '/', undefined);
    expect(['events', 'audit_log', 'audit_tiny', 'users'].map((name) => size({ name }))).toEqual(['large', 'large', 'small', 'unknown']);
  });
});
