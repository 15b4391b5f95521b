import { describe, expect, it } from 'vitest';
import { loadParsers, parseSql, SourceFile } from '@migralint/core';

describe('smoke', () => {
  it('parses', async () => {
    await loadParsers();
    const f = new SourceFile('a.sql', 'CREATE INDEX ix ON t (a);');
    expect(parseSql('postgresql', { file: f, sql: f.text }).operations[0]!.kind).toBe('createIndex');
  });
});
