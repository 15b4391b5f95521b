/*
 * Which column type changes PostgreSQL makes without rewriting the table (changesWithoutRewrite,
 * used by the lock/rewrite model and by changing-column-type). Each pair was checked against
 * PostgreSQL 18 in packages/rules/test/oracle.test.ts; these cases keep the table honest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { baseType, changesWithoutRewrite, loadParsers, plainSqlMigration, RunAnalysis, SourceFile, type TypeRef } from '@migralint/core';

beforeAll(loadParsers);

const t = (name: string, args: number[] = [], array = false): TypeRef => ({ name, args, array, text: name });

describe('changesWithoutRewrite', () => {
  it.each([
    [t('varchar', [10]), t('varchar', [20])],
    [t('varchar', [10]), t('varchar', [10])],
    [t('varchar', [10]), t('varchar')],
    [t('varchar', [10]), t('text')],
    [t('varchar'), t('text')],
    [t('text'), t('varchar')],
    [t('character varying', [10]), t('varchar', [12])],
    [t('numeric', [10, 2]), t('numeric', [12, 2])],
    [t('numeric', [10, 2]), t('numeric')],
    [t('numeric', [5]), t('numeric', [7])],
    [t('decimal', [5, 0]), t('numeric', [7])],
    [t('cidr'), t('inet')],
    [t('int4'), t('integer')],
    [t('varbit', [5]), t('varbit', [6])],
    [t('timestamp', [3]), t('timestamp', [6])],
    [t('timestamp', [3]), t('timestamp')],
    [t('timestamptz'), t('timestamptz', [6])],
    [t('varchar', [10], true), t('varchar', [10], true)],
  ])('%j → %j keeps the table', (from, to) => {
    expect(changesWithoutRewrite(from, to)).toBe(true);
  });

  it.each([
    [t('varchar', [20]), t('varchar', [10])],
    [t('varchar'), t('varchar', [10])],
    [t('text'), t('varchar', [10])],
    [t('numeric', [10, 2]), t('numeric', [12, 3])],
    [t('numeric', [10, 2]), t('numeric', [9, 2])],
    [t('numeric'), t('numeric', [10, 2])],
    [t('inet'), t('cidr')],
    [t('bpchar', [3]), t('bpchar', [5])],
    [t('bpchar', [3]), t('text')],
    [t('int4'), t('int8')],
    [t('int2'), t('int4')],
    [t('json'), t('jsonb')],
    // Without the session's TimeZone (UTC keeps the table on 12+) this must count as a rewrite.
    [t('timestamp'), t('timestamptz')],
    [t('timestamp'), t('timestamp', [3])],
    [t('varchar', [10], true), t('varchar', [20], true)],
    [t('varchar', [10], true), t('text', [], true)],
    [t('varchar', [10]), t('varchar', [10], true)],
  ])('%j → %j rewrites', (from, to) => {
    expect(changesWithoutRewrite(from, to)).toBe(false);
  });

  it('folds the SQL spellings of a type to PostgreSQL\'s names', () => {
    expect(['integer', 'int', 'smallint', 'bigint', 'character varying', 'character', 'timestamp with time zone'].map((n) => baseType(t(n)))).toEqual([
      'int4', 'int4', 'int2', 'int8', 'varchar', 'bpchar', 'timestamptz',
    ]);
  });
});

describe('type changes as the parser and the replayed schema see them', () => {
  /** The effect of the last statement of `texts`, each text one migration replayed in order. */
  const rewriteOf = (...texts: string[]) => {
    const a = new RunAnalysis({ engineVersion: () => 15 });
    let last;
    texts.forEach((text, i) => {
      const m = plainSqlMigration(new SourceFile(`${i}.sql`, text), { engine: 'postgresql' }).migration;
      a.enter(m);
      for (const op of m.operations) {
        last = op;
        if (i < texts.length - 1 || op !== m.operations[m.operations.length - 1]) a.advance(op);
      }
    });
    return a.effect(last!).rewrite;
  };

  it.each([
    ['varchar(10)', 'character varying(20)', 'no'],
    ['varchar(100)', 'text', 'no'],
    ['numeric(10, 2)', 'decimal(12,2)', 'no'],
    ['timestamp(3) without time zone', 'timestamp', 'no'],
    ['int', 'bigint', 'yes'],
    ['char(3)', 'char(5)', 'yes'],
    ['varchar(10)[]', 'varchar(20)[]', 'yes'],
  ])('%s → %s: rewrite %s', (from, to, rewrite) => {
    expect(rewriteOf(`CREATE TABLE users (c ${from});`, `ALTER TABLE users ALTER COLUMN c TYPE ${to};`)).toBe(rewrite);
  });

  it('follows the type through renames and earlier changes', () => {
    expect(rewriteOf('CREATE TABLE users (a varchar(10));', 'ALTER TABLE users RENAME COLUMN a TO b; ALTER TABLE users RENAME TO people;', 'ALTER TABLE people ALTER COLUMN b TYPE text;')).toBe('no');
    expect(rewriteOf('CREATE TABLE users (a varchar(10));', 'ALTER TABLE users ALTER COLUMN a TYPE varchar(5);', 'ALTER TABLE users ALTER COLUMN a TYPE varchar(8);')).toBe('no');
  });

  it('does not know a column of a table no linted migration created', () => {
    expect(rewriteOf('ALTER TABLE users ALTER COLUMN a TYPE text;')).toBe('maybe');
    expect(rewriteOf('CREATE TABLE users (a varchar(10));', 'DROP TABLE users;', 'ALTER TABLE users ALTER COLUMN a TYPE text;')).toBe('maybe');
    expect(rewriteOf('CREATE TABLE app.users (a varchar(10));', 'ALTER TABLE users ALTER COLUMN a TYPE text;')).toBe('maybe');
  });
});
