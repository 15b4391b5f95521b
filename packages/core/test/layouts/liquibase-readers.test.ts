import { describe, expect, it } from 'vitest';
import { SourceFile } from '@migralint/core';
import { child, elements, elementsNamed, type PNode } from '../../src/layouts/liquibase/node.js';
import { readXml } from '../../src/layouts/liquibase/xml.js';
import { readYaml } from '../../src/layouts/liquibase/yaml.js';
import { readJson } from '../../src/layouts/liquibase/json.js';
import { readFormattedSql, isFormattedSql } from '../../src/layouts/liquibase/formatted-sql.js';
import { alignToSource, MappedText } from '../../src/layouts/liquibase/text.js';
import { contextMatches, dbmsMatches, labelsMatch } from '../../src/layouts/liquibase/filters.js';
import { Params, parseJavaProperties, readLiquibaseProperties } from '../../src/layouts/liquibase/properties.js';
import { sqlChunks } from '../../src/layouts/liquibase/sql-change.js';

/** Where each character of a mapped value sits in the file: `line:col` of its first and last character. */
function where(file: SourceFile, v: MappedText | undefined): string {
  if (!v) return 'none';
  const a = file.positionAt(v.offsetAt(0));
  const b = file.positionAt(v.offsetAt(v.length - 1));
  return `${a.line}:${a.column}-${b.line}:${b.column}`;
}

/** The file text behind each character of a mapped value (checks the mapping character by character). */
function behind(file: SourceFile, v: MappedText): string {
  return [...v.text].map((_, i) => file.text[v.offsetAt(i)]).join('');
}

describe('MappedText', () => {
  it('maps slices, concatenations and trims back to file offsets', () => {
    const t = MappedText.concat([MappedText.verbatim('  ab', 10), MappedText.at('<', 20), MappedText.verbatim('cd  ', 25)]);
    expect(t.text).toBe('  ab<cd  ');
    expect([...t.text].map((_, i) => t.offsetAt(i))).toEqual([10, 11, 12, 13, 20, 25, 26, 27, 28]);
    const trimmed = t.trim();
    expect(trimmed.text).toBe('ab<cd');
    expect(trimmed.offsetAt(0)).toBe(12);
    expect(trimmed.offsetAt(4)).toBe(26);
    expect(trimmed.offsetAt(5)).toBe(27);
  });

  it('expands ${name} case-insensitively and maps the value to the reference', () => {
    const t = MappedText.verbatim('x ${Prefix}users ${missing} ${ p }', 100);
    const e = t.expand((n) => ({ prefix: 'app_', p: 'P' })[n.toLowerCase()]);
    expect(e.text).toBe('x app_users ${missing} P');
    expect(e.offsetAt(2)).toBe(102); // the `$` of ${Prefix}
    expect(e.offsetAt(5)).toBe(102);
    expect(e.offsetAt(6)).toBe(111); // `u` of users
    expect(e.offsetAt(12)).toBe(117); // `$` of ${missing}, kept as written
  });

  it('aligns a decoded block scalar with its source, skipping indentation', () => {
    const src = '|\n  SELECT 1;\n  SELECT 2;\n';
    const v = alignToSource('SELECT 1;\nSELECT 2;\n', src, 50);
    expect(v.offsetAt(0)).toBe(54);
    expect(v.offsetAt(10)).toBe(66);
    expect(src[v.offsetAt(10) - 50]).toBe('S');
  });
});

describe('XML reader', () => {
  const xml = `<?xml version="1.0"?>
<!-- header -->
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:ext="urn:ext">
  <changeSet id="1" author="a&amp;b">
    <sql splitStatements="false"><![CDATA[SELECT '<x>';]]> SELECT &apos;&#65;&#x42;&apos;;</sql>
    <ext:thing/>
  </changeSet>
</databaseChangeLog>
`;
  const file = new SourceFile('c.xml', xml);
  const r = readXml(file);

  it('keeps elements, attributes and prefixes with their offsets', () => {
    expect(r.problem).toBeUndefined();
    const root = r.root!;
    expect(root.name).toBe('databaseChangeLog');
    const cs = elements(root)[0]!;
    expect(cs.name).toBe('changeSet');
    expect(file.positionAt(cs.start)).toMatchObject({ line: 4, column: 3 });
    expect(child(cs, 'author')!.value!.text).toBe('a&b');
    expect(where(file, child(cs, 'author')!.value)).toBe('4:29-4:35');
    const ext = elements(cs)[1]!;
    expect([ext.prefix, ext.name]).toEqual(['ext', 'thing']);
    expect(r.comments.map((c) => c.body)).toEqual([' header ']);
  });

  it('maps element text through CDATA and character references', () => {
    const sql = elementsNamed(elements(r.root!)[0]!, 'sql')[0]!;
    expect(sql.value!.text).toBe("SELECT '<x>'; SELECT 'AB';");
    expect(behind(file, sql.value!)).toBe("SELECT '<x>'; SELECT &&&&;");
    expect(child(sql, 'splitStatements')!.value!.text).toBe('false');
  });

  it.each([
    ['<a><b></a>', /XML: <\/a> does not match <b> \(opened on line 1\)/, '1:7'],
    ['<a x="1" x="2"/>', /duplicate attribute 'x'/, '1:10'],
    ['<a>&nbsp;</a>', /undefined entity &nbsp; \(DTDs and entity declarations are disabled\)/, '1:4'],
    ['<a><!-- a -- b --></a>', /'--' is not allowed inside an XML comment/, '1:11'],
    ['<a>\n  <b>\n', /<b> is never closed/, '2:3'],
    ['<a/><b/>', /content after the root element/, '1:5'],
    ['<a x=1/>', /attribute value must be quoted/, '1:6'],
  ])('reports malformed XML with a position: %s', (text, message, at) => {
    const f = new SourceFile('bad.xml', text);
    const p = readXml(f).problem!;
    expect(p.message).toMatch(message);
    const pos = f.positionAt(p.offset);
    expect(`${pos.line}:${pos.column}`).toBe(at);
  });

  it('rejects a DOCTYPE: no DTD, no entity expansion, no external file (XXE)', () => {
    const f = new SourceFile('xxe.xml', '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<databaseChangeLog>&x;</databaseChangeLog>');
    const r2 = readXml(f);
    expect(r2.root).toBeUndefined();
    expect(r2.problem!.message).toMatch(/DOCTYPE declarations are not allowed/);
    expect(f.positionAt(r2.problem!.offset).line).toBe(2);
  });

  it('stops at absurd nesting instead of overflowing the stack', () => {
    const f = new SourceFile('deep.xml', '<a>'.repeat(5000) + '</a>'.repeat(5000));
    expect(readXml(f).problem!.message).toMatch(/nested more than 256 deep/);
  });
});

describe('YAML reader', () => {
  const yaml = `# top comment
databaseChangeLog:
  - changeSet:
      id: 001
      author: "jo"
      runInTransaction: no
      changes:
        - sql:
            sql: |
              CREATE INDEX CONCURRENTLY i ON t (a); # not a YAML comment
              SELECT 1;
        - sql:
            sql: >-
              UPDATE t
              SET a = 1;
        - createTable: &tbl
            tableName: t
            columns:
              - column: {name: id, type: int}
        - createTable:
            <<: *tbl
            tableName: u
`;
  const file = new SourceFile('c.yaml', yaml);
  const r = readYaml(file);
  const cs = () => child(r.root!, 'databaseChangeLog')!.children[0]!;

  it('keeps keys with their positions and scalars as written', () => {
    expect(r.problem).toBeUndefined();
    expect(cs().name).toBe('changeSet');
    expect(child(cs(), 'id')!.value!.text).toBe('001');
    expect(child(cs(), 'author')!.value!.text).toBe('jo');
    expect(child(cs(), 'runInTransaction')!.value!.text).toBe('no');
    expect(file.positionAt(cs().start)).toMatchObject({ line: 3, column: 5 });
    expect(r.comments.map((c) => c.body)).toEqual([' top comment']);
  });

  it('maps block literal and folded scalars back to their lines', () => {
    const changes = elementsNamed(cs(), 'sql');
    const literal = child(changes[0]!, 'sql')!.value!;
    expect(literal.text).toBe('CREATE INDEX CONCURRENTLY i ON t (a); # not a YAML comment\nSELECT 1;\n');
    expect(behind(file, literal)).toBe(literal.text);
    expect(where(file, literal)).toBe('10:15-11:24');
    const folded = child(changes[1]!, 'sql')!.value!;
    expect(folded.text).toBe('UPDATE t SET a = 1;');
    expect(where(file, folded)).toBe('14:15-15:24');
  });

  it('honours anchors and merge keys', () => {
    const [a, b] = elementsNamed(cs(), 'createTable');
    expect(child(a!, 'tableName')!.value!.text).toBe('t');
    expect(child(b!, 'tableName')!.value!.text).toBe('u');
    expect(elementsNamed(b!, 'column').map((c: PNode) => child(c, 'name')!.value!.text)).toEqual(['id']);
  });

  it('fails fast on a billion-laughs document', () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) rows.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
    rows.push('databaseChangeLog: *i');
    const t = Date.now();
    const r2 = readYaml(new SourceFile('lol.yaml', rows.join('\n')));
    expect(r2.problem!.message).toMatch(/aliases expand to more than 10000 nodes/);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('reports a syntax error with its position', () => {
    const f = new SourceFile('bad.yaml', 'databaseChangeLog:\n  - changeSet:\n      id: 1\n     author: x\n');
    const p = readYaml(f).problem!;
    expect(p.message).toMatch(/^YAML: /);
    expect(f.positionAt(p.offset).line).toBe(4);
  });
});

describe('JSON reader', () => {
  it('maps strings through escapes and flattens lists of objects into their owner', () => {
    const text = '{"databaseChangeLog": [\n  {"changeSet": {"id": "1", "author": "a", "changes": [\n    {"sql": {"sql": "SELECT \\"x\\";\\nSELECT \\u0032;"}}\n  ]}}\n]}';
    const f = new SourceFile('c.json', text);
    const r = readJson(f);
    expect(r.problem).toBeUndefined();
    const cs = child(r.root!, 'databaseChangeLog')!.children[0]!;
    const change = elementsNamed(cs, 'sql')[0]!;
    const sql = child(change, 'sql')!.value!;
    expect(sql.text).toBe('SELECT "x";\nSELECT 2;');
    expect(behind(f, sql)).toBe('SELECT \\x\\;\\SELECT \\;');
    expect(f.positionAt(change.start)).toMatchObject({ line: 3, column: 6 });
    expect(elements(cs).map((n) => n.name)).toEqual(['id', 'author', 'sql']);
  });

  it.each([
    ['{"a": [1, 2,]}', /expected a value, found '\]'/, '1:13'],
    ['{"a" 1}', /expected ':' after key "a"/, '1:6'],
    ['{"a": "x\n"}', /control character in string/, '1:9'],
    ['{"a": 1} x', /content after the JSON value/, '1:10'],
    ['[]', /must be an object/, '1:1'],
  ])('reports malformed JSON with a position: %s', (text, message, at) => {
    const f = new SourceFile('bad.json', text);
    const p = readJson(f).problem!;
    expect(p.message).toMatch(message);
    const pos = f.positionAt(p.offset);
    expect(`${pos.line}:${pos.column}`).toBe(at);
  });
});

describe('formatted SQL reader', () => {
  const text = `--liquibase formatted sql
--property name:tbl value:users
--changeset "jo smith":"id 1" runInTransaction:false context:"a and b" labels:x,y dbms:postgresql
--comment: adds an index
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT count(*) FROM pg_indexes WHERE indexname = 'i'
CREATE INDEX CONCURRENTLY i ON \${tbl} (a);
--rollback DROP INDEX i;

--changeset jo:2 splitStatements:false endDelimiter:GO
--ignoreLines:1
THIS LINE IS IGNORED
UPDATE users SET a = 1;
/* liquibase rollback
UPDATE users SET a = 0;
*/
--changeset bad
`;
  const file = new SourceFile('c.sql', text);
  const r = readFormattedSql(file);

  it('recognises the header', () => {
    expect(isFormattedSql(`\n\n${text}`)).toBe(true);
    expect(isFormattedSql('-- just sql\nSELECT 1;')).toBe(false);
  });

  it('reads changesets with their attributes, body, rollback, preconditions and comment', () => {
    const [a, b] = r.changeSets;
    expect([a!.author, a!.id]).toEqual(['jo smith', 'id 1']);
    expect(a!.attrs).toMatchObject({ runintransaction: 'false', context: 'a and b', labels: 'x,y', dbms: 'postgresql' });
    expect(a!.preconditions).toBe(true);
    expect(a!.comment).toBe('adds an index');
    expect(a!.body.text).toContain('CREATE INDEX CONCURRENTLY i ON ${tbl} (a);');
    expect(file.positionAt(a!.body.offsetAt(a!.body.text.indexOf('CREATE'))).line).toBe(7);
    expect(a!.rollback!.text).toBe('DROP INDEX i;\n');
    expect(file.positionAt(a!.rollback!.offsetAt(0))).toMatchObject({ line: 8, column: 12 });
    expect(b!.attrs).toMatchObject({ splitstatements: 'false', enddelimiter: 'GO' });
    expect(b!.body.text).not.toContain('IGNORED');
    expect(b!.rollback!.text.trim()).toBe('UPDATE users SET a = 0;');
    expect(file.positionAt(b!.rollback!.offsetAt(0)).line).toBe(15);
    expect(r.properties.map((p) => [p.property.name, p.property.value, p.before])).toEqual([['tbl', 'users', 0]]);
  });

  it('reports a changeset line Liquibase rejects', () => {
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toMatch(/--changeset <author>:<id>/);
    expect(file.positionAt(r.problems[0]!.offset).line).toBe(17);
  });
});

describe('dbms, contexts and labels', () => {
  it.each([
    [undefined, 'postgresql', true],
    ['postgresql', 'postgresql', true],
    ['mysql', 'postgresql', false],
    ['mysql, postgresql', 'postgresql', true],
    ['!postgresql', 'postgresql', false],
    ['!mysql', 'postgresql', true],
    ['!mysql, h2', 'postgresql', false],
    ['all', 'postgresql', true],
    ['none, postgresql', 'postgresql', false],
    ['MySQL', 'mysql', true],
    ['mysql', undefined, true],
  ])('dbms=%s on %s → %s', (def, db, want) => {
    expect(dbmsMatches(def, db)).toBe(want);
  });

  it.each([
    [undefined, [], true],
    ['prod', [], true],
    ['prod', ['dev'], false],
    ['prod, dev', ['dev'], true],
    ['prod and !test', ['prod'], true],
    ['prod and !test', ['prod', 'test'], false],
    ['(a or b) and c', ['b', 'c'], true],
    ['(a or b) and c', ['b'], false],
    ['not a', ['a'], false],
    ['!nocontexts and a', [], false],
    ['@a', [], false],
  ])('context=%s with runtime %j → %s', (ctx, runtime, want) => {
    expect(contextMatches(ctx, runtime)).toBe(want);
  });

  it('matches a label filter against changeSet labels', () => {
    expect(labelsMatch(undefined, 'x')).toBe(true);
    expect(labelsMatch('x', 'x, y')).toBe(true);
    expect(labelsMatch('z', 'x, y')).toBe(false);
    expect(labelsMatch('x and !y', 'x, y')).toBe(false);
    expect(labelsMatch('z', undefined)).toBe(true);
  });
});

describe('properties', () => {
  it('reads Java properties files', () => {
    const p = parseJavaProperties('# c\n! c\nchangeLogFile = db/master.xml\nurl:jdbc:postgresql://h/db\nlong=a\\\n   b\nesc=\\u0041\\tB\n  spaced value\n');
    expect(p.map((x) => [x.key, x.value])).toEqual([
      ['changeLogFile', 'db/master.xml'],
      ['url', 'jdbc:postgresql://h/db'],
      ['long', 'ab'],
      ['esc', 'A\tB'],
      ['spaced', 'value'],
    ]);
    expect(p[1]!.offset).toBe('# c\n! c\nchangeLogFile = db/master.xml\n'.length);
  });

  it('knows liquibase.properties keys in their several spellings', () => {
    const lp = readLiquibaseProperties('liquibase.properties', 'liquibase.command.changelogFile=a.xml\nliquibase.command.url=jdbc:mysql://x\ncontext-filter=dev\nlabel-filter=l1\nsearchPath=src/main/resources, db\nparameter.schema=app\n');
    expect(lp.changeLogFile!.value).toBe('a.xml');
    expect(lp.url!.value).toBe('jdbc:mysql://x');
    expect(lp.contexts).toBe('dev');
    expect(lp.labelFilter).toBe('l1');
    expect(lp.searchPath).toEqual(['src/main/resources', 'db']);
    expect(lp.parameters).toEqual([['schema', 'app']]);
  });

  it('keeps the first value set, matches names case-insensitively, scopes local properties', () => {
    const p = new Params();
    p.set('Schema', 'first');
    p.set('schema', 'second');
    p.set('local', 'L', 'a.xml');
    p.set('nested', '${schema}_x');
    const inA = p.view(['root.xml', 'a.xml']);
    const inB = p.view(['root.xml', 'b.xml']);
    expect(inA('SCHEMA')).toBe('first');
    expect(inA('local')).toBe('L');
    expect(inB('local')).toBeUndefined();
    expect(inA('nested')).toBe('first_x');
    p.set('later', 'x');
    expect(inA('later')).toBeUndefined();
  });
});

describe('SQL splitting', () => {
  const chunks = (sql: string, opts: Parameters<typeof sqlChunks>[1]) => sqlChunks(MappedText.verbatim(sql, 0), opts).map((c) => c.text.trim());

  it('splits at GO and / lines, never inside quotes, comments or dollar quotes', () => {
    expect(chunks("SELECT 'GO\nGO';\nGO\nSELECT 2\n/\n-- GO\n$$\nGO\n$$;", { splitStatements: true })).toEqual(["SELECT 'GO\nGO';", 'SELECT 2', '-- GO\n$$\nGO\n$$;']);
  });

  it('splits at a custom endDelimiter and not at all with splitStatements=false', () => {
    expect(chunks('A; B $$ C', { splitStatements: true, endDelimiter: '$$' })).toEqual(['A; B', 'C']);
    expect(chunks('A\n/\nB', { splitStatements: true, endDelimiter: '/' })).toEqual(['A', 'B']);
    expect(chunks('A\nGO\nB', { splitStatements: false })).toEqual(['A\nGO\nB']);
  });
});
