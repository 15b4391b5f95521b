import { describe, expect, it } from 'vitest';
import { parseSql, SourceFile } from '@migralint/core';

function parse(text: string) {
  const file = new SourceFile('m.sql', text);
  return parseSql('mysql', { file, sql: text });
}

describe('MySQL dialect', () => {
  it('keeps ALGORITHM= and LOCK= options and statement spans', () => {
    const r = parse('# add age\nALTER TABLE users ADD COLUMN age INT NOT NULL DEFAULT 0, ALGORITHM=INPLACE, LOCK=NONE;\nCREATE INDEX ix ON users (email);');
    expect(r.problems).toEqual([]);
    expect(r.operations.map((o) => o.kind)).toEqual(['addColumn', 'createIndex']);
    expect(r.operations[0]!.sql).toMatchObject({ algorithm: 'INPLACE', lock: 'NONE' });
    expect(r.operations[0]).toMatchObject({ column: { name: 'age', notNull: true, default: { text: '0' } } });
    expect(r.operations[1]!.span.start).toMatchObject({ line: 3, column: 1 });
    expect(r.comments.map((c) => c.body)).toEqual([' add age']);
  });

  it('strips DELIMITER directives as the mysql client does', () => {
    const r = parse('DELIMITER //\nDROP TABLE a//\nDELIMITER ;\nDROP TABLE b;');
    expect(r.problems).toEqual([]);
    expect(r.operations.map((o) => (o.kind === 'dropTable' ? o.tables[0]!.name : o.kind))).toEqual(['a', 'b']);
    expect(r.operations[1]!.span.start.line).toBe(4);
  });

  it('reports a syntax error and keeps the other statements', () => {
    const r = parse('DROP TABLE a;\nCREATE TABLEX foo;\nDROP TABLE b;');
    expect(r.operations).toHaveLength(2);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.span.start).toMatchObject({ line: 2, column: 8 });
  });

  it('reads transactions, renames and data changes', () => {
    const r = parse("START TRANSACTION;\nRENAME TABLE a TO b;\nALTER TABLE t RENAME COLUMN x TO y;\nUPDATE t SET a = 1;\nDELETE FROM t WHERE id = 1;\nCOMMIT;\nSELECT ';' FROM dual;");
    expect(r.problems).toEqual([]);
    expect(r.operations.map((o) => o.kind)).toEqual(['transaction', 'renameTable', 'renameColumn', 'dataChange', 'dataChange', 'transaction', 'other']);
    expect(r.operations[3]).toMatchObject({ action: 'update', hasWhere: false });
    expect(r.operations[4]).toMatchObject({ action: 'delete', hasWhere: true });
  });

  it('treats comment-only input as zero operations', () => {
    const r = parse('-- nothing\n/* here */\n');
    expect(r.operations).toEqual([]);
    expect(r.problems).toEqual([]);
  });
});
