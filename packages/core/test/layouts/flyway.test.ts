import { describe, expect, it } from 'vitest';
import { anyIndex, cicInTransaction, lintTree, loadTree, noDropTable } from './sql-framework-helpers.js';

const TOML_PG = '[environments.default]\nurl = "jdbc:postgresql://localhost/app"\n\n[flyway]\nlocations = ["filesystem:sql"]\n';

describe('flyway layout', () => {
  it('orders versions as Flyway does: numeric parts, `_` as separator, repeatable last, undo as down', async () => {
    const r = await lintTree({
      'flyway.toml': TOML_PG,
      'sql/V1.2.10__c.sql': 'SELECT 1;',
      'sql/V1.2.9__b.sql': 'SELECT 1;',
      'sql/V1_1__a.sql': 'SELECT 1;',
      'sql/V010__e.sql': 'SELECT 1;',
      'sql/V2__d.sql': 'SELECT 1;',
      'sql/R__view.sql': 'SELECT 1;',
      'sql/U2__d.sql': 'SELECT 1;',
      'sql/B2__base.sql': 'SELECT 1;',
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.order.map((o) => o.split(' ').slice(0, 1).concat(o.split(' ').slice(3, 4)).join(' '))).toEqual([
      'sql/V1_1__a.sql up',
      'sql/V1.2.9__b.sql up',
      'sql/V1.2.10__c.sql up',
      'sql/B2__base.sql up',
      'sql/V2__d.sql up',
      'sql/V010__e.sql up',
      'sql/R__view.sql repeatable',
      'sql/U2__d.sql down',
    ]);
  });

  it('reports duplicate versions (1.0 equals 1) and invalid versions, as Flyway refuses them', async () => {
    const r = await lintTree({ 'db/migration/V1__a.sql': 'SELECT 1;', 'db/migration/V1.0__b.sql': 'SELECT 1;', 'db/migration/V1_x__c.sql': 'SELECT 1;', 'db/migration/V3_add.sql': 'SELECT 1;' });
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/^db\/migration\/V1__a\.sql:1:1 layout-error Found more than one migration with version 1: db\/migration\/V1\.0__b\.sql too/),
      expect.stringMatching(/^db\/migration\/V1_x__c\.sql:1:1 layout-error Flyway refuses V1_x__c\.sql: invalid version '1_x'/),
      expect.stringMatching(/^db\/migration\/V3_add\.sql:1:1 layout-error Flyway ignores V3_add\.sql: there is no '__'/),
    ]);
  });

  it('takes the engine from flyway.conf / flyway.toml urls, and an explicit engine wins', async () => {
    const conf = (url: string) => ({ 'flyway.conf': `flyway.url=${url}\nflyway.locations=filesystem:db\n`, 'db/V1__a.sql': 'CREATE TABLE t (id int);' });
    expect((await lintTree(conf('jdbc:mysql://h/db'))).order).toEqual(['db/V1__a.sql flyway mysql up no']);
    expect((await lintTree(conf('jdbc:mariadb://h/db'))).order).toEqual(['db/V1__a.sql flyway mysql up no']);
    expect((await lintTree(conf('jdbc:sqlite:app.db'))).order).toEqual(['db/V1__a.sql flyway sqlite up yes']);
    expect((await lintTree(conf('jdbc:postgresql://h/db'))).order).toEqual(['db/V1__a.sql flyway postgresql up yes']);
    expect((await lintTree(conf('jdbc:mysql://h/db'), { config: { engine: 'postgresql' } })).order).toEqual(['db/V1__a.sql flyway postgresql up yes']);
    const sqlserver = await lintTree(conf('jdbc:sqlserver://h;databaseName=x'));
    expect(sqlserver.order).toEqual([]);
    expect(sqlserver.diagnostics).toEqual([expect.stringMatching(/^flyway\.conf:1:1 layout-error Flyway targets 'sqlserver' \(flyway\.conf \(flyway\.url\)\), which migralint does not support/)]);
  });

  it('reads the datasource url of a Spring Boot project for db/migration', async () => {
    const r = await lintTree({ 'src/main/resources/application.properties': 'spring.datasource.url=jdbc:mysql://db/app\n', 'src/main/resources/db/migration/V1__a.sql': 'CREATE TABLE t (id int);' });
    expect(r.order).toEqual(['src/main/resources/db/migration/V1__a.sql flyway mysql up no']);
  });

  it('runs a script of only CREATE INDEX CONCURRENTLY outside a transaction, and wraps the others (PostgreSQL)', async () => {
    const r = await lintTree({
      'flyway.toml': TOML_PG,
      'sql/V1__t.sql': 'CREATE TABLE t (id int);',
      'sql/V2__cic.sql': '-- comment\nCREATE INDEX CONCURRENTLY t_id ON t (id);\nDROP INDEX CONCURRENTLY IF EXISTS t_old;',
      'sql/V3__begin.sql': 'BEGIN;\nCREATE INDEX CONCURRENTLY t_id2 ON t (id);\nCOMMIT;',
    });
    // BEGIN and COMMIT are transactional statements for Flyway: V3 mixes them with CIC, so Flyway refuses it.
    expect(r.order).toEqual(['sql/V1__t.sql flyway postgresql up yes', 'sql/V2__cic.sql flyway postgresql up no', 'sql/V3__begin.sql flyway postgresql up no']);
    expect(r.findings).toEqual([
      'cic-in-tx@sql/V3__begin.sql:2',
      'layout-error@sql/V3__begin.sql:2',
    ]);
  });

  it('refuses a script that mixes transactional and non-transactional statements unless mixed=true', async () => {
    const files = { 'sql/V1__t.sql': 'CREATE TABLE t (id int);', 'sql/V2__mix.sql': 'SET lock_timeout = 1000;\nCREATE INDEX CONCURRENTLY t_id ON t (id);' };
    const refused = await lintTree({ 'flyway.toml': TOML_PG, ...files });
    expect(refused.diagnostics).toEqual([expect.stringMatching(/^sql\/V2__mix\.sql:2:1 layout-error Flyway refuses this script: it mixes transactional statements with non-transactional ones/)]);
    const mixed = await lintTree({ 'flyway.toml': TOML_PG.replace('[flyway]\n', '[flyway]\nmixed = true\n'), ...files });
    expect(mixed.diagnostics).toEqual([]);
    expect(mixed.order[1]).toBe('sql/V2__mix.sql flyway postgresql up no');
  });

  it('honours executeInTransaction from a .sql.conf file, a -- flyway: header line, and the global setting', async () => {
    const cic = 'CREATE INDEX CONCURRENTLY t_id ON t (id);';
    const r = await lintTree({
      'flyway.toml': TOML_PG,
      'sql/V1__t.sql': 'CREATE TABLE t (id int);',
      'sql/V2__forced_in.sql': cic,
      'sql/V2__forced_in.sql.conf': '# script configuration\nexecuteInTransaction=true\n',
      'sql/V3__header.sql': '-- flyway:executeInTransaction=false\n-- why: online index\nCREATE INDEX t_plain ON t (id);',
      'sql/V4__bad.sql': 'SELECT 1;',
      'sql/V4__bad.sql.conf': 'executeInTransaction=perhaps\nfoo=bar\n',
    });
    expect(r.order).toEqual([
      'sql/V1__t.sql flyway postgresql up yes',
      'sql/V2__forced_in.sql flyway postgresql up yes',
      'sql/V3__header.sql flyway postgresql up no',
      'sql/V4__bad.sql flyway postgresql up yes',
    ]);
    expect(r.findings).toEqual(['cic-in-tx@sql/V2__forced_in.sql:1', 'layout-error@sql/V4__bad.sql.conf:1', 'layout-error@sql/V4__bad.sql.conf:1']);
    const global = await lintTree({ 'flyway.conf': 'flyway.url=jdbc:postgresql://h/db\nflyway.executeInTransaction=false\nflyway.locations=filesystem:sql', 'sql/V1__t.sql': 'CREATE TABLE t (id int);' });
    expect(global.order).toEqual(['sql/V1__t.sql flyway postgresql up no']);
  });

  it('replaces placeholders and maps findings and syntax errors back to the original columns', async () => {
    const r = await lintTree(
      {
        'flyway.conf': 'flyway.url=jdbc:postgresql://h/db\nflyway.locations=filesystem:sql\nflyway.placeholders.Owner=app_owner_with_a_long_name\n',
        'sql/V1__t.sql': 'CREATE TABLE ${flyway:defaultSchema}.t (id int, name text);',
        'sql/V2__idx.sql': 'ALTER TABLE t OWNER TO ${owner}; CREATE INDEX t_name ON ${schema}.t (name);\nSELECT ${x} FROM FROM;',
      },
      { rules: [anyIndex] },
    );
    expect(r.diagnostics).toEqual([
      'sql/V2__idx.sql:1:34 any-index Index.',
      'sql/V2__idx.sql:1:57 layout-error No value provided for placeholder ${schema}: Flyway stops here. Set flyway.placeholders.schema (or FLYWAY_PLACEHOLDERS_SCHEMA); migralint linted it as a neutral identifier.',
      'sql/V2__idx.sql:2:8 layout-error No value provided for placeholder ${x}: Flyway stops here. Set flyway.placeholders.x (or FLYWAY_PLACEHOLDERS_X); migralint linted it as a neutral identifier.',
      'sql/V2__idx.sql:2:18 syntax-error Syntax error: syntax error at or near "FROM"',
    ]);
  });

  it('uses a placeholder prefix and suffix from the config, and none when placeholderReplacement is off for a script', async () => {
    const r = await lintTree({
      'flyway.conf': 'flyway.url=jdbc:postgresql://h/db\nflyway.locations=filesystem:sql\nflyway.placeholderPrefix=#[\nflyway.placeholderSuffix=]\nflyway.placeholders.tbl=t\n',
      'sql/V1__t.sql': 'CREATE TABLE #[tbl] (id int);\nSELECT \'${not_a_placeholder}\';',
      'sql/V2__raw.sql': "SELECT '#[kept]';",
      'sql/V2__raw.sql.conf': 'placeholderReplacement=false',
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('lints undo migrations as down code: no destructive findings, syntax errors still reported', async () => {
    const r = await lintTree({ 'flyway.toml': TOML_PG, 'sql/V1__t.sql': 'CREATE TABLE t (id int);', 'sql/U1__t.sql': 'DROP TABLE t;\nDROP TABLEX u;', 'sql/V2__drop.sql': 'DROP TABLE t;' }, { rules: [noDropTable] });
    expect(r.findings).toEqual(['syntax-error@sql/U1__t.sql:2', 'no-drop-table@sql/V2__drop.sql:1']);
  });

  it('turns Java and Kotlin migrations into opaque migrations with an info diagnostic', async () => {
    const r = await lintTree({
      'src/main/resources/db/migration/V1__init.sql': 'CREATE TABLE t (id int);',
      'src/main/java/db/migration/V2__Backfill.java': 'package db.migration;\npublic class V2__Backfill extends BaseJavaMigration {}\n',
      'src/main/kotlin/db/migration/V3__More.kt': 'class V3__More : BaseJavaMigration()\n',
    });
    expect(r.order).toEqual([
      'src/main/resources/db/migration/V1__init.sql flyway postgresql up yes',
      'src/main/java/db/migration/V2__Backfill.java flyway postgresql up unknown',
      'src/main/kotlin/db/migration/V3__More.kt flyway postgresql up unknown',
    ]);
    expect(r.diagnostics).toEqual([
      'src/main/java/db/migration/V2__Backfill.java:1:1 opaque-code Flyway Java migration: its schema changes are code that migralint does not read; review it by hand.',
      'src/main/kotlin/db/migration/V3__More.kt:1:1 opaque-code Flyway Kotlin migration: its schema changes are code that migralint does not read; review it by hand.',
    ]);
  });

  it('reports an undecodable migration and goes on with the others', async () => {
    const r = await lintTree({ 'flyway.toml': TOML_PG, 'sql/V1__bin.sql': new Uint8Array([0x43, 0x00, 0x01]), 'sql/V2__ok.sql': 'SELECT 1;' });
    expect(r.diagnostics).toEqual([expect.stringMatching(/^sql\/V1__bin\.sql:1:1 unreadable-file Cannot lint sql\/V1__bin\.sql: binary file/)]);
    expect(r.order).toEqual(['sql/V2__ok.sql flyway postgresql up yes']);
  });

  it('gives each migration a hint in Flyway\'s own words for running outside a transaction', async () => {
    const out = await loadTree('flyway', { 'flyway.toml': TOML_PG, 'sql/V1__t.sql': 'CREATE TABLE t (id int);' });
    expect(out.byId.get('sql/V1__t.sql')!.hints).toEqual({
      nonTransactional: expect.stringContaining('`-- flyway:executeInTransaction=false` as the first line of V1__t.sql'),
      transaction: 'Flyway runs each migration inside a transaction on PostgreSQL.',
    });
  });

  it('reports a malformed flyway.toml and still lints with defaults', async () => {
    const r = await lintTree({ 'flyway.toml': '[flyway\nlocations = 3', 'migrations/V1__a.sql': 'CREATE TABLE t (id int);' }, { rules: [cicInTransaction] });
    expect(r.findings).toContain('layout-error@flyway.toml:1');
    expect(r.order).toEqual(['migrations/V1__a.sql flyway postgresql up yes']);
  });

  it('finds the set behind a named file and lints only that file', async () => {
    const r = await lintTree({ 'flyway.toml': TOML_PG, 'sql/V1__t.sql': 'CREATE TABLE t (id int);', 'sql/V2__d.sql': 'DROP TABLE t;' }, { paths: ['sql/V2__d.sql'], rules: [noDropTable] });
    expect(r.order).toEqual(['sql/V2__d.sql flyway postgresql up yes']);
    expect(r.findings).toEqual(['no-drop-table@sql/V2__d.sql:1']);
  });

  it('gives a named file, or a location below the project, its project\'s config', async () => {
    const files = { 'db/flyway.conf': 'flyway.url=jdbc:mysql://h/db\nflyway.locations=filesystem:migrations/sql\n', 'db/migrations/sql/V1__t.sql': 'CREATE TABLE t (id int);', 'db/migrations/sql/V2__u.sql': 'CREATE TABLE u (id int);' };
    expect((await lintTree(files, { paths: ['db/migrations/sql/V2__u.sql'] })).order).toEqual(['db/migrations/sql/V2__u.sql flyway mysql up no']);
    expect((await lintTree(files, { paths: ['db/migrations'] })).order).toEqual(['db/migrations/sql/V1__t.sql flyway mysql up no', 'db/migrations/sql/V2__u.sql flyway mysql up no']);
  });
});
