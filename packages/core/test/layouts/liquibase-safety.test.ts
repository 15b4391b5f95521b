import { describe, expect, it } from 'vitest';
import { SourceFile } from '@migralint/core';
import { readJson } from '../../src/layouts/liquibase/json.js';
import { readXml } from '../../src/layouts/liquibase/xml.js';
import { readYaml } from '../../src/layouts/liquibase/yaml.js';
import { readFormattedSql } from '../../src/layouts/liquibase/formatted-sql.js';
import { lintTree, loadTree, noDrop, order } from './liquibase-helpers.js';

const XML = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n${body}\n</databaseChangeLog>\n`;
const DROP = (id: string, table: string) => `  <changeSet id="${id}" author="dev">\n    <dropTable tableName="${table}"/>\n  </changeSet>`;

describe('hostile and broken changelogs', () => {
  it('never reads a file through an XML external entity (XXE)', async () => {
    const secret = 'TOP-SECRET-CONTENT';
    const { lines, results } = await lintTree(
      {
        'secret.txt': secret,
        'changelog.xml': `<?xml version="1.0"?>\n<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "secret.txt"> ]>\n<databaseChangeLog>\n  <changeSet id="1" author="x"><sql>SELECT '&xxe;';</sql></changeSet>\n</databaseChangeLog>\n`,
      },
      [noDrop],
    );
    expect(lines).toEqual(['changelog.xml:2:1 syntax-error']);
    expect(JSON.stringify(results)).not.toContain(secret);
    expect(results[0]!.diagnostics[0]!.message).toMatch(/DOCTYPE declarations are not allowed/);
  });

  it('fails fast with a diagnostic on a YAML billion-laughs document, and goes on with the rest', async () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) rows.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(',')}]`);
    rows.push('databaseChangeLog: *j');
    const t = Date.now();
    const { lines } = await lintTree({ 'a/lol.yaml': rows.join('\n'), 'b/changelog.xml': XML(DROP('1', 't')) }, [noDrop]);
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(lines).toEqual(['a/lol.yaml:11:20 syntax-error', 'b/changelog.xml:4:5 no-drop drop']);
  });

  it('reports an include cycle at the include that closes it, and follows nothing twice', async () => {
    const l = await loadTree({
      'db/master.xml': XML(`  <include file="a.xml" relativeToChangelogFile="true"/>\n${DROP('m', 'm')}`),
      'db/a.xml': XML(`${DROP('a', 'a')}\n  <include file="b.xml" relativeToChangelogFile="true"/>`),
      'db/b.xml': XML(`  <include file="master.xml" relativeToChangelogFile="true"/>\n${DROP('b', 'b')}`),
    });
    expect(l.diagnostics).toEqual(['db/b.xml:3:3 layout-error Include cycle: db/master.xml → db/a.xml → db/b.xml → db/master.xml; the include is not followed.']);
    expect(order(l)).toEqual(['db/a.xml#dev:a up yes', 'db/b.xml#dev:b up yes', 'db/master.xml#dev:m up yes']);
  });

  it('still lints a pure include cycle (no changelog outside it) from one of its changelogs', async () => {
    const l = await loadTree({
      'a.xml': XML(`  <include file="b.xml" relativeToChangelogFile="true"/>\n${DROP('a', 'a')}`),
      'b.xml': XML(`  <include file="a.xml" relativeToChangelogFile="true"/>\n${DROP('b', 'b')}`),
    });
    expect(l.diagnostics).toEqual([expect.stringMatching(/^b\.xml:3:3 layout-error Include cycle: a\.xml → b\.xml → a\.xml/)]);
    expect(order(l)).toEqual(['b.xml#dev:b up yes', 'a.xml#dev:a up yes']);
  });

  it('does not follow includes, includeAll or sqlFile paths that leave the project root', async () => {
    const l = await loadTree({
      'project/changelog.xml': XML(
        [
          '  <include file="../../outside.xml" relativeToChangelogFile="true"/>',
          '  <include file="../escape.xml"/>',
          '  <include file="/etc/liquibase.xml"/>',
          '  <includeAll path="../../" relativeToChangelogFile="true"/>',
          '  <changeSet id="1" author="dev">\n    <sqlFile path="../../../etc/passwd.sql" relativeToChangelogFile="true"/>\n  </changeSet>',
        ].join('\n'),
      ),
    });
    expect(l.diagnostics).toEqual([
      "project/changelog.xml:3:3 layout-error The included changelog '../../outside.xml' resolves to ../outside.xml, outside the project root; it is not followed.",
      "project/changelog.xml:4:3 layout-error The included changelog '../escape.xml' resolves to ../escape.xml, outside the project root; it is not followed.",
      expect.stringMatching(/^project\/changelog\.xml:5:3 layout-error The included changelog '\/etc\/liquibase\.xml' resolves to .*, outside the project root; it is not followed\.$/),
      "project/changelog.xml:6:3 layout-error The includeAll directory '../../' resolves to .., outside the project root; it is not followed.",
      "project/changelog.xml:8:5 layout-error The sqlFile '../../../etc/passwd.sql' resolves to ../../etc/passwd.sql, outside the project root; it is not read.",
    ]);
  });

  it('reports missing includes (unless errorIfMissing="false"), unknown formats and non-changelogs', async () => {
    const l = await loadTree({
      'changelog.xml': XML(
        [
          '  <include file="nope.xml" relativeToChangelogFile="true"/>',
          '  <include file="maybe.xml" relativeToChangelogFile="true" errorIfMissing="false"/>',
          '  <include file="notes.txt" relativeToChangelogFile="true"/>',
          '  <include file="pom.xml" relativeToChangelogFile="true"/>',
          '  <includeAll path="empty/" relativeToChangelogFile="true" errorIfMissingOrEmpty="false"/>',
          '  <include/>',
        ].join('\n'),
      ),
      'pom.xml': '<project><modelVersion>4.0.0</modelVersion></project>',
    });
    expect(l.diagnostics).toEqual([
      expect.stringMatching(/^changelog\.xml:3:3 layout-error The included changelog 'nope\.xml' was not found/),
      expect.stringMatching(/^changelog\.xml:5:3 layout-error Liquibase has no changelog parser for 'notes\.txt'/),
      'pom.xml:1:1 layout-error pom.xml is not a Liquibase changelog: the root element is <project>.',
      expect.stringMatching(/^changelog\.xml:8:3 layout-error <include> has no 'file' attribute/),
    ]);
  });

  it('turns malformed XML, YAML, JSON and formatted SQL into syntax errors with line and column, and lints the rest', async () => {
    const { lines } = await lintTree(
      {
        'db/master.xml': XML(
          ['a.xml', 'b.yaml', 'c.json', 'd.sql', 'ok.xml'].map((f) => `  <include file="${f}" relativeToChangelogFile="true"/>`).join('\n'),
        ),
        'db/a.xml': XML('  <changeSet id="1" author="dev">\n    <dropTable tableName="t">\n  </changeSet>'),
        'db/b.yaml': 'databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: [dev\n',
        'db/c.json': '{"databaseChangeLog": [\n  {"changeSet": {"id": "1" "author": "dev"}}\n]}',
        'db/d.sql': '--liquibase formatted sql\n--changeset nobody\nSELECT 1;\n',
        'db/ok.xml': XML(DROP('1', 'ok')),
      },
      [noDrop],
    );
    expect(lines).toEqual([
      'db/a.xml:5:3 syntax-error',
      'db/b.yaml:5:1 syntax-error',
      'db/c.json:2:28 syntax-error',
      'db/d.sql:2:1 syntax-error',
      'db/ok.xml:4:5 no-drop drop',
    ]);
  });

  it('reports an unreadable (binary) changelog and goes on', async () => {
    const { lines } = await lintTree({ 'db/master.xml': XML(`  <include file="bin.xml" relativeToChangelogFile="true"/>\n${DROP('1', 'x')}`), 'db/bin.xml': new Uint8Array([0x3c, 0, 1, 2, 0x3e]) }, [noDrop]);
    expect(lines).toEqual(['db/bin.xml:1:1 unreadable-file', 'db/master.xml:5:5 no-drop drop']);
  });

  it('never throws on truncated or mangled changelogs', () => {
    const xml = XML(`${DROP('1', 't')}\n  <changeSet id="2" author="dev"><sql><![CDATA[SELECT 1;]]> &amp; &#65;</sql></changeSet>`);
    const yaml = 'databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: dev\n      changes:\n        - sql:\n            sql: |\n              SELECT 1;\n        - dropTable: {tableName: &t x}\n        - dropTable: {tableName: *t}\n';
    const json = '{"databaseChangeLog": [{"changeSet": {"id": "1", "author": "dev", "changes": [{"sql": {"sql": "SELECT \\"1\\";\\u0041"}}]}}]}';
    const sql = '--liquibase formatted sql\n--changeset a:1 endDelimiter:GO\nSELECT 1\nGO\n--rollback SELECT 2;\n/* liquibase rollback\nSELECT 3;\n*/\n';
    for (const [name, text, read] of [
      ['x.xml', xml, readXml],
      ['x.yaml', yaml, readYaml],
      ['x.json', json, readJson],
      ['x.sql', sql, readFormattedSql],
    ] as const) {
      for (let cut = 0; cut <= text.length; cut += 3) {
        const mangled = text.slice(0, cut) + text.slice(cut + 5).replace(/"/, '');
        expect(() => (read as (f: SourceFile) => unknown)(new SourceFile(name, mangled))).not.toThrow();
      }
    }
  });
});
