import { beforeAll, describe, expect, it } from 'vitest';
import { loadParsers, parseSql, RunAnalysis, runRules, SourceFile, type Migration, type Operation, type TypeRef } from '@migralint/core';
import changingColumnType from '../rules/changing-column-type.js';
import { changesWithoutRewrite } from './column-types.js';

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
    [t('numeric', [10, 2]), t('numeric', [12, 2])],
    [t('numeric', [10, 2]), t('numeric')],
    [t('numeric', [5]), t('numeric', [7])],
    [t('cidr'), t('inet')],
    [t('int4'), t('integer')],
    [t('varbit', [5]), t('varbit', [6])],
    [t('timestamp', [3]), t('timestamp', [6])],
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
    [t('int4'), t('int8')],
    [t('timestamp'), t('timestamptz')],
    [t('timestamp'), t('timestamp', [3])],
    [t('varchar', [10], true), t('varchar', [20], true)],
    [t('varchar', [10], true), t('text', [], true)],
    [t('varchar', [10]), t('varchar', [10], true)],
  ])('%j → %j rewrites', (from, to) => {
    expect(changesWithoutRewrite(from, to)).toBe(false);
  });
});

function migration(path: string, text: string): Migration {
  const source = new SourceFile(path, text);
  const parsed = parseSql('postgresql', { file: source, sql: text });
  const m: Migration = { id: path, source, layout: 'sql', engine: 'postgresql', orderKey: [path], direction: 'up', transactional: 'unknown', operations: [], comments: [] };
  m.operations = parsed.operations.map((op) => ({ ...op, migration: m }) as Operation);
  return m;
}

describe('changing-column-type across the migrations of one run', () => {
  const registry = new Map([[changingColumnType.meta.id, changingColumnType]]);
  const config = { rules: new Map([[changingColumnType.meta.id, { level: 'error' as const, options: {} }]]), settings: { engine: 'postgresql' as const, engineVersion: 15 } };
  const lintRun = (...files: Array<[string, string]>) => {
    const analysis = new RunAnalysis();
    return files.map(([path, text]) => runRules(migration(path, text), registry, config, analysis).map((d) => d.message.split(' (')[0]));
  };

  it('knows the type an earlier migration declared', () => {
    const [first, second, third] = lintRun(
      ['V1.sql', 'CREATE TABLE users (id int, email varchar(100));'],
      ['V2.sql', 'ALTER TABLE users ALTER COLUMN email TYPE varchar(200);'],
      ['V3.sql', 'ALTER TABLE users ALTER COLUMN id TYPE bigint;'],
    );
    expect(first).toEqual([]);
    expect(second).toEqual([]);
    expect(third).toEqual(['Changing the type of id from integer to bigint rewrites users and rebuilds all its indexes under an ACCESS EXCLUSIVE lock: every read and write blocks until the rewrite ends, and clients expecting integer may break.']);
  });

  it('forgets a dropped table and starts afresh for a new run', () => {
    const [, second] = lintRun(['V1.sql', 'CREATE TABLE users (email varchar(100));'], ['V2.sql', 'DROP TABLE users;\nALTER TABLE users ALTER COLUMN email TYPE text;']);
    expect(second).toHaveLength(1);
    const [alone] = lintRun(['V2.sql', 'ALTER TABLE users ALTER COLUMN email TYPE varchar(200);']);
    expect(alone?.[0]).toMatch(/^Changing a column type whose current type migralint cannot see/);
  });
});
