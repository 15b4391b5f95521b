import { beforeAll, describe, expect, it } from 'vitest';
import { loadParsers, parseSql, SourceFile, type DetachedOperation } from '@migralint/core';

beforeAll(loadParsers);

function parse(text: string) {
  const file = new SourceFile('m.sql', text);
  return parseSql('postgresql', { file, sql: text });
}
const at = (op: DetachedOperation) => `${op.span.start.line}:${op.span.start.column}-${op.span.end.line}:${op.span.end.column}`;

describe('PostgreSQL dialect', () => {
  it('turns statements into operations with spans in the original file', () => {
    const r = parse('-- note\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON public."Users" (email) WHERE x > 1;\n');
    expect(r.problems).toEqual([]);
    expect(r.operations).toHaveLength(1);
    const op = r.operations[0]!;
    expect(op).toMatchObject({ kind: 'createIndex', concurrently: true, ifNotExists: true, name: 'ix', table: { schema: 'public', name: 'Users' }, columns: ['email'], where: 'x > 1' });
    expect(at(op)).toBe('2:1-2:81');
    expect(r.comments.map((c) => c.body)).toEqual([' note']);
  });

  it('gives each ALTER TABLE clause its own span', () => {
    const r = parse('ALTER TABLE t\n  ADD COLUMN c int NOT NULL DEFAULT now(),\n  ALTER COLUMN d TYPE varchar(20) USING d::text;');
    expect(r.operations.map((o) => o.kind)).toEqual(['addColumn', 'alterColumnType']);
    expect(r.operations.map(at)).toEqual(['2:3-2:42', '3:3-3:48']);
    const add = r.operations[0]!;
    if (add.kind !== 'addColumn') throw new Error();
    expect(add.column).toMatchObject({ name: 'c', notNull: true, default: { text: 'now()', volatility: 'stable', isNull: false }, type: { name: 'int4', text: 'integer' } });
    const alter = r.operations[1]!;
    if (alter.kind !== 'alterColumnType') throw new Error();
    expect(alter.newType).toMatchObject({ name: 'varchar', args: [20] });
    expect(alter.using).toBe('d::text');
  });

  it('classifies default volatility', () => {
    const kinds = ['0', "'x'", 'now()', 'gen_random_uuid()', 'my_func()', 'NULL', 'CURRENT_TIMESTAMP', "lower('A')"].map((d) => {
      const op = parse(`ALTER TABLE t ADD COLUMN c text DEFAULT ${d};`).operations[0]!;
      return op.kind === 'addColumn' ? `${op.column.default!.volatility}${op.column.default!.isNull ? '/null' : ''}` : '?';
    });
    expect(kinds).toEqual(['immutable', 'immutable', 'stable', 'volatile', 'unknown', 'immutable/null', 'stable', 'immutable']);
  });

  it('maps UTF-8 byte offsets to UTF-16 columns', () => {
    const r = parse("SELECT 'héllo ✓ 😀';\nDROP TABLE t;");
    expect(at(r.operations[1]!)).toBe('2:1-2:13');
    const r2 = parse("UPDATE t SET a = '😀😀'; ALTER TABLE t DROP COLUMN x;");
    expect(at(r2.operations[1]!)).toBe('1:40-1:53');
  });

  it('treats empty and comment-only input as zero operations', () => {
    expect(parse('').operations).toEqual([]);
    expect(parse('  \n-- nothing here\n/* at all */\n').operations).toEqual([]);
    expect(parse('  \n-- nothing here\n').problems).toEqual([]);
  });

  it('reports a syntax error at its line and column and keeps the other statements', () => {
    const r = parse('CREATE INDEX a ON t (x);\nCREATE TABLEX oops;\nDROP TABLE u;');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toContain('syntax error at or near "TABLEX"');
    expect(r.problems[0]!.span.start).toMatchObject({ line: 2, column: 8 });
    expect(r.operations.map((o) => o.kind)).toEqual(['createIndex', 'dropTable']);
  });

  it('reports an unterminated string', () => {
    const r = parse("SELECT 1;\nUPDATE t SET a = 'oops;\n");
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.span.start.line).toBe(2);
  });

  it('reads transactions, settings, constraints and maintenance statements', () => {
    const r = parse(
      [
        'BEGIN;',
        "SET LOCAL lock_timeout = '1s';",
        'ALTER TABLE a ADD CONSTRAINT fk FOREIGN KEY (b) REFERENCES c (id) NOT VALID;',
        'ALTER TABLE a ADD CONSTRAINT chk CHECK (b IS NOT NULL) NOT VALID;',
        'ALTER TABLE a VALIDATE CONSTRAINT chk;',
        'COMMIT;',
        'VACUUM FULL a;',
        'REINDEX INDEX CONCURRENTLY ix;',
        'DROP INDEX CONCURRENTLY IF EXISTS ix2;',
        'ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;',
        "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';",
        'TRUNCATE a CASCADE;',
        'DELETE FROM a;',
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    expect(r.operations.map((o) => o.kind)).toEqual([
      'transaction', 'setting', 'addConstraint', 'addConstraint', 'validateConstraint', 'transaction',
      'maintenance', 'reindex', 'dropIndex', 'partition', 'alterEnum', 'truncate', 'dataChange',
    ]);
    expect(r.operations[1]).toMatchObject({ name: 'lock_timeout', value: '1s', local: true });
    expect(r.operations[2]).toMatchObject({ constraint: { type: 'foreignKey', notValid: true, references: { table: { name: 'c' }, columns: ['id'] } } });
    expect(r.operations[3]).toMatchObject({ constraint: { type: 'check', checksNotNullOf: 'b', notValid: true } });
    expect(r.operations[6]).toMatchObject({ action: 'vacuumFull' });
    expect(r.operations[7]).toMatchObject({ target: 'index', concurrently: true });
    expect(r.operations[8]).toMatchObject({ concurrently: true, ifExists: true, indexes: [{ name: 'ix2' }] });
    expect(r.operations[9]).toMatchObject({ action: 'detach', concurrently: true, partition: { name: 'p1' } });
    expect(r.operations[10]).toMatchObject({ action: 'addValue', value: 'meh', before: 'ok' });
    expect(r.operations[11]).toMatchObject({ cascade: true });
    expect(r.operations[12]).toMatchObject({ action: 'delete', hasWhere: false });
  });

  it('handles CRLF line endings', () => {
    const r = parse('SELECT 1;\r\nALTER TABLE t\r\n  DROP COLUMN c;\r\n');
    expect(at(r.operations[1]!)).toBe('3:3-3:16');
  });

  it('keeps function bodies with semicolons whole', () => {
    const r = parse("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql;\nDROP TABLE x;");
    expect(r.operations.map((o) => o.kind)).toEqual(['other', 'dropTable']);
  });

  it('parses a 10,000-statement migration', () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(i % 2 ? `ALTER TABLE t${i} ADD COLUMN c${i} int;` : `CREATE INDEX ix${i} ON t${i} (a);`);
    const r = parse(lines.join('\n'));
    expect(r.problems).toEqual([]);
    expect(r.operations).toHaveLength(10_000);
    expect(r.operations[9_999]!.span.start.line).toBe(10_000);
  });
});
