import { describe, expect, it } from 'vitest';
import { indexRule, lintTree, loadTree, noDrop, ops, order, probe } from './liquibase-helpers.js';

const XML = (body: string, attrs = '') => `<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"${attrs}>
${body}
</databaseChangeLog>
`;

const CS = (id: string, body: string, attrs = '') => `  <changeSet id="${id}" author="dev"${attrs}>\n${body}\n  </changeSet>`;
const DROPS = CS('s', '    <dropTable tableName="t"/>');

describe('discovery', () => {
  it('finds the usual master name, follows includes and claims every file it reads', async () => {
    const l = await loadTree({
      'src/main/resources/db/changelog/db.changelog-master.yaml':
        'databaseChangeLog:\n  - include:\n      file: db/changelog/changes/001.xml\n  - include:\n      file: changes/002.sql\n      relativeToChangelogFile: true\n',
      'src/main/resources/db/changelog/changes/001.xml': XML(CS('1', '    <sqlFile path="scripts/a.sql" relativeToChangelogFile="true"/>')),
      'src/main/resources/db/changelog/changes/scripts/a.sql': 'CREATE TABLE a (id int);',
      'src/main/resources/db/changelog/changes/002.sql': '--liquibase formatted sql\n--changeset dev:2\nCREATE TABLE b (id int);\n',
      'other/loose.sql': 'SELECT 1;',
    });
    expect(l.diagnostics).toEqual([]);
    expect(l.layouts.sort()).toEqual(['liquibase', 'sql']);
    expect(l.claimed.map((f) => f.replace('src/main/resources/db/changelog/', ''))).toEqual(['changes/001.xml', 'changes/002.sql', 'changes/scripts/a.sql', 'db.changelog-master.yaml']);
    // The sqlFile script is a migration of its own, on the .sql file, inside the changeSet's transaction.
    expect(order(l).map((o) => o.replaceAll('src/main/resources/db/changelog/', ''))).toEqual(['changes/001.xml#dev:1>changes/scripts/a.sql up yes', 'changes/002.sql#dev:2 up yes']);
  });

  it('takes the root from liquibase.properties (changeLogFile) and the engine from its url', async () => {
    const l = await loadTree({
      'liquibase.properties': 'changeLogFile: db/main.xml\nurl=jdbc:mariadb://localhost/app\n',
      'db/main.xml': XML(CS('1', '    <createTable tableName="t"><column name="id" type="int"/></createTable>')),
    });
    expect(l.migrations.map((m) => `${m.id} ${m.engine}`)).toEqual(['db/main.xml#dev:1 mysql']);
    const explicit = await loadTree({ 'liquibase.properties': 'changeLogFile=db/main.xml\nurl=jdbc:mysql://h/db\n', 'db/main.xml': XML(CS('1', '    <empty/>')) }, { engine: 'postgresql', engineExplicit: true });
    expect(explicit.migrations.map((m) => m.engine)).toEqual(['postgresql']);
  });

  it('reports a changeLogFile that does not exist and a url for a database migralint has no dialect for', async () => {
    const l = await loadTree({ 'liquibase.properties': 'changeLogFile=db/nope.xml\n', 'db/main.xml': XML(CS('1', '    <empty/>')) });
    expect(l.diagnostics).toEqual([expect.stringMatching(/^liquibase\.properties:1:1 layout-error changeLogFile 'db\/nope\.xml' was not found/)]);
    const oracle = await loadTree({ 'liquibase.properties': 'changeLogFile=db/main.xml\nurl=jdbc:oracle:thin:@h:1521:x\n', 'db/main.xml': XML(CS('1', '    <empty/>')) });
    expect(oracle.migrations).toEqual([]);
    expect(oracle.diagnostics).toEqual([expect.stringMatching(/^liquibase\.properties:1:1 layout-error liquibase\.properties \(url\) targets 'oracle', which migralint does not support/)]);
  });

  it('resolves non-relative includes through the classpath (src/main/resources) and the classpath: prefix', async () => {
    const l = await loadTree({
      'app/src/main/resources/config/liquibase/master.xml': XML('  <include file="config/liquibase/changelog/01.xml"/>\n  <include file="classpath:/config/liquibase/changelog/02.xml"/>'),
      'app/src/main/resources/config/liquibase/changelog/01.xml': XML(CS('1', '    <empty/>')),
      'app/src/main/resources/config/liquibase/changelog/02.xml': XML(CS('2', '    <empty/>')),
    });
    expect(l.diagnostics).toEqual([]);
    expect(l.migrations.map((m) => m.id.replace('app/src/main/resources/config/liquibase/changelog/', ''))).toEqual(['01.xml#dev:1', '02.xml#dev:2']);
  });

  it('orders includeAll files by path, subdirectories included, and skips files of other types', async () => {
    const l = await loadTree({
      'db/master.xml': XML('  <includeAll path="changes/" relativeToChangelogFile="true"/>'),
      'db/changes/10-b.xml': XML(CS('10', '    <empty/>')),
      'db/changes/2-a.xml': XML(CS('2', '    <empty/>')),
      'db/changes/sub/1.yaml': 'databaseChangeLog:\n  - changeSet: {id: sub, author: dev, changes: [{empty: {}}]}\n',
      'db/changes/README.md': '# not a changelog',
      'db/changes/raw.sql': 'CREATE TABLE r (id int);',
    });
    expect(l.diagnostics).toEqual([]);
    // Liquibase compares paths as strings: "10-b" before "2-a", "raw.sql" before "sub/…".
    expect(order(l)).toEqual(['db/changes/10-b.xml#dev:10 up yes', 'db/changes/2-a.xml#dev:2 up yes', 'db/changes/raw.sql#includeAll:raw up yes', 'db/changes/sub/1.yaml#dev:sub up yes']);
  });

  it('lints a changelog that two roots include once', async () => {
    const l = await loadTree({
      'a-master.xml': XML('  <include file="shared.xml" relativeToChangelogFile="true"/>'),
      'b-master.xml': XML('  <include file="shared.xml" relativeToChangelogFile="true"/>'),
      'shared.xml': XML(DROPS),
    });
    expect(l.migrations.map((m) => m.id)).toEqual(['shared.xml#dev:s']);
  });

  it('lints the whole tree when the root is named, and only the named file when an included one is', async () => {
    const files = {
      'db/master.xml': XML(`  <include file="a.xml" relativeToChangelogFile="true"/>\n${CS('m', '    <dropTable tableName="x"/>')}`),
      'db/a.xml': XML(CS('a', '    <dropTable tableName="y"/>')),
    };
    const all = await lintTree(files, [noDrop], {}, ['db/master.xml']);
    expect(all.lines).toEqual(['db/a.xml:4:5 no-drop drop', 'db/master.xml:5:5 no-drop drop']);
    const one = await lintTree(files, [noDrop], {}, ['db/a.xml']);
    expect(one.lines).toEqual(['db/a.xml:4:5 no-drop drop']);
  });
});

describe('changeSets', () => {
  it('gives each changeSet an id, its order, its transaction and Liquibase hints', async () => {
    const l = await loadTree({
      'changelog.xml': XML(
        [
          CS('1', '    <createTable tableName="t"><column name="id" type="int"/></createTable>'),
          CS('2', '    <sql>CREATE INDEX CONCURRENTLY i ON t (id);</sql>', ' runInTransaction="false"'),
          CS('3', '    <sql>UPDATE t SET id = id;</sql>', ' runOnChange="true"'),
          CS('4', '    <preConditions onFail="MARK_RAN"><tableExists tableName="t"/></preConditions>\n    <dropTable tableName="t"/>'),
        ].join('\n'),
      ),
    });
    expect(order(l)).toEqual(['changelog.xml#dev:1 up yes', 'changelog.xml#dev:2 up no', 'changelog.xml#dev:3 repeatable yes', 'changelog.xml#dev:4 up yes']);
    expect(l.migrations[1]!.hints?.nonTransactional).toMatch(/runInTransaction="false"/);
    expect(l.migrations[1]!.hints?.transaction).toMatch(/runInTransaction="false": Liquibase runs each statement with autocommit/);
    expect(l.migrations[0]!.hints?.transaction).toMatch(/own transaction \(runInTransaction defaults to true\)/);
    expect(l.migrations[3]!.operations[0]!.conditional).toBe(true);
  });

  it('is clean for CREATE INDEX CONCURRENTLY in a runInTransaction="false" <sql>, and reports it in a transaction', async () => {
    const files = {
      'changelog.xml': XML(
        [
          CS('1', '    <createTable tableName="t"><column name="id" type="int"/></createTable>'),
          CS('2', '    <sql>CREATE INDEX CONCURRENTLY i1 ON t (id);</sql>', ' runInTransaction="false"'),
          CS('3', '    <sql>CREATE INDEX CONCURRENTLY i2 ON t (id);</sql>'),
        ].join('\n'),
      ),
    };
    const { lines } = await lintTree(files, [indexRule]);
    expect(lines).toEqual(['changelog.xml:10:10 index cic in tx']);
  });

  it('skips changeSets for other databases: dbms lists and negation', async () => {
    const files = (url: string) => ({
      'liquibase.properties': `changeLogFile=changelog.xml\nurl=${url}\n`,
      'changelog.xml': XML(
        [
          CS('pg', '    <empty/>', ' dbms="postgresql"'),
          CS('my', '    <empty/>', ' dbms="mysql"'),
          CS('both', '    <empty/>', ' dbms="mysql, postgresql"'),
          CS('not-pg', '    <empty/>', ' dbms="!postgresql"'),
          CS('maria', '    <empty/>', ' dbms="mariadb"'),
        ].join('\n'),
      ),
    });
    const ids = async (url: string) => (await loadTree(files(url))).migrations.map((m) => m.id.replace('changelog.xml#dev:', ''));
    expect(await ids('jdbc:postgresql://h/db')).toEqual(['pg', 'both']);
    expect(await ids('jdbc:mysql://h/db')).toEqual(['my', 'both', 'not-pg']);
    expect(await ids('jdbc:mariadb://h/db')).toEqual(['not-pg', 'maria']);
    // Without a url the configured engine decides (PostgreSQL by default).
    const noUrl = await loadTree({ 'changelog.xml': files('x')['changelog.xml'] });
    expect(noUrl.migrations.map((m) => m.id.replace('changelog.xml#dev:', ''))).toEqual(['pg', 'both']);
    const mysql = await loadTree({ 'changelog.xml': files('x')['changelog.xml'] }, { engine: 'mysql', engineExplicit: true });
    expect(mysql.migrations.map((m) => m.id.replace('changelog.xml#dev:', ''))).toEqual(['my', 'both', 'not-pg']);
  });

  it('selects contexts and labels from liquibase.properties, including those of an include', async () => {
    const tree = (props: string) => ({
      'liquibase.properties': `changeLogFile=changelog.xml\n${props}`,
      'changelog.xml': XML(
        [
          CS('any', '    <empty/>'),
          CS('dev', '    <empty/>', ' context="dev"'),
          CS('prod', '    <empty/>', ' context="prod"'),
          CS('labelled', '    <empty/>', ' labels="feature-x"'),
          '  <include file="inc.xml" relativeToChangelogFile="true" context="prod"/>',
        ].join('\n'),
      ),
      'inc.xml': XML(CS('inc', '    <empty/>')),
    });
    const ids = async (props: string) => (await loadTree(tree(props))).migrations.map((m) => m.id.replace(/^.*#dev:/, ''));
    expect(await ids('')).toEqual(['any', 'dev', 'prod', 'labelled', 'inc']);
    expect(await ids('contexts=dev\n')).toEqual(['any', 'dev', 'labelled']);
    expect(await ids('liquibase.command.contextFilter=prod\nlabelFilter=!feature-x\n')).toEqual(['any', 'prod', 'inc']);
  });

  it('reports duplicate changeSets, but not the same id under different contexts', async () => {
    const l = await loadTree({
      'changelog.xml': XML([CS('1', '    <empty/>'), CS('1', '    <empty/>'), CS('2', '    <empty/>', ' context="mysql"'), CS('2', '    <empty/>', ' context="postgresql"')].join('\n')),
    });
    expect(l.diagnostics).toEqual([expect.stringMatching(/^changelog\.xml:6:3 layout-error Duplicate changeSet dev:1 in changelog\.xml/)]);
    expect(new Set(l.migrations.map((m) => m.id)).size).toBe(4);
  });
});

describe('properties', () => {
  it('substitutes ${name} from <property> and liquibase.properties, first value wins, spans on the reference', async () => {
    const files = {
      'liquibase.properties': 'changeLogFile=changelog.xml\nparameter.prefix=cfg_\n',
      'changelog.xml': XML(
        [
          '  <property name="prefix" value="ignored_"/>',
          '  <property name="schema" value="app" dbms="postgresql"/>',
          '  <property name="schema" value="other"/>',
          CS('1', '    <dropTable tableName="${prefix}users" schemaName="${schema}"/>\n    <sql>DROP TABLE ${schema}.${prefix}orders;</sql>'),
        ].join('\n'),
      ),
    };
    const l = await loadTree(files);
    expect(ops(l.migrations[0])).toEqual(['7:5 dropTable app.cfg_users', '8:10 dropTable app.cfg_orders']);
    const { results } = await lintTree(files, [probe]);
    const d = results.find((r) => r.file === 'changelog.xml')!.diagnostics;
    // The dropTable element's start tag; the statement in <sql>, `${schema}.${prefix}orders` as written.
    expect(d.map((x) => `${x.span.start.line}:${x.span.start.column}-${x.span.end.line}:${x.span.end.column}`)).toEqual(['7:5-7:67', '8:10-8:46']);
  });

  it('keeps a global="false" property in its changelog and the ones it includes', async () => {
    const l = await loadTree({
      'changelog.xml': XML(['  <include file="a.xml" relativeToChangelogFile="true"/>', '  <include file="b.xml" relativeToChangelogFile="true"/>'].join('\n')),
      'a.xml': XML(['  <property name="t" value="local_t" global="false"/>', CS('a', '    <dropTable tableName="${t}"/>')].join('\n')),
      'b.xml': XML(CS('b', '    <dropTable tableName="${t}"/>')),
    });
    expect(l.migrations.flatMap(ops)).toEqual(['5:5 dropTable local_t', '4:5 dropTable ${t}']);
  });
});

describe('change types → operations', () => {
  it('createTable, addColumn and their constraints, as Liquibase generates them', async () => {
    const l = await loadTree({
      'changelog.xml': XML(
        CS(
          '1',
          `    <createTable tableName="Orders">
      <column name="id" type="bigint" autoIncrement="true"><constraints primaryKey="true" nullable="false"/></column>
      <column name="user_id" type="BIGINT"><constraints references="users(id)" foreignKeyName="fk_u"/></column>
      <column name="code" type="java.sql.Types.VARCHAR(20)" defaultValue="it's"><constraints unique="true" nullable="false"/></column>
      <column name="created" type="datetime" defaultValueComputed="CURRENT_TIMESTAMP"/>
    </createTable>
    <addColumn tableName="users">
      <column name="token" type="uuid" defaultValueComputed="gen_random_uuid()"/>
      <column name="org_id" type="bigint"><constraints referencedTableName="orgs" referencedColumnNames="id" foreignKeyName="fk_org" validateForeignKey="false" unique="true"/></column>
      <column name="flag" type="boolean" defaultValueBoolean="true"/>
      <column name="n" type="int" defaultValueNumeric="42"/>
      <column name="seq" type="bigint" defaultValueSequenceNext="s1"/>
      <column name="odd" type="int" defaultValueComputed="my_func("/>
    </addColumn>`,
        ),
      ),
    });
    expect(l.diagnostics).toEqual([]);
    expect(ops(l.migrations[0])).toEqual([
      "4:5 createTable Orders(id bigint notnull pk identity, user_id bigint ref=users(id), code varchar(20) notnull unique default='it''s'/immutable, created timestamp default=CURRENT_TIMESTAMP/stable)",
      '10:5 addColumn users.token uuid default=gen_random_uuid()/volatile',
      '10:5 addColumn users.org_id bigint',
      '12:7 addConstraint users unique -(org_id)',
      '12:7 addConstraint users foreignKey fk_org(org_id) notValid',
      '10:5 addColumn users.flag boolean default=TRUE/immutable',
      '10:5 addColumn users.n integer default=42/immutable',
      "10:5 addColumn users.seq bigint default=nextval('s1')/volatile",
      '10:5 addColumn users.odd integer default=my_func(/unknown',
    ]);
  });

  it('rejects afterColumn on PostgreSQL unless removeChangeSetProperty drops it', async () => {
    const change = '    <addColumn tableName="t"><column name="c" type="int" afterColumn="b"/></addColumn>';
    const l = await loadTree({ 'changelog.xml': XML(CS('1', change)) });
    expect(l.diagnostics).toEqual([expect.stringMatching(/^changelog\.xml:4:58 layout-error Liquibase rejects afterColumn on postgresql/)]);
    const removed = await loadTree({ 'changelog.xml': XML(`  <removeChangeSetProperty change="addColumn" dbms="postgresql" remove="afterColumn"/>\n${CS('1', change)}`) });
    expect(removed.diagnostics).toEqual([]);
    const mysql = await loadTree({ 'changelog.xml': XML(CS('1', change)) }, { engine: 'mysql', engineExplicit: true });
    expect(mysql.diagnostics).toEqual([]);
  });

  it('maps the other standard change types', async () => {
    const l = await loadTree({
      'changelog.xml': XML(
        CS(
          '1',
          `    <addNotNullConstraint tableName="t" columnName="c" defaultNullValue="0"/>
    <addNotNullConstraint tableName="t" columnName="d"/>
    <dropNotNullConstraint tableName="t" columnName="c"/>
    <addDefaultValue tableName="t" columnName="c" defaultValueComputed="now()"/>
    <dropDefaultValue tableName="t" columnName="c"/>
    <createIndex indexName="ix" tableName="t" unique="true"><column name="a"/><column name="lower(b)" computed="true"/></createIndex>
    <dropIndex indexName="ix" tableName="t"/>
    <addForeignKeyConstraint baseTableName="t" baseColumnNames="a,b" constraintName="fk" referencedTableName="u" referencedColumnNames="x,y" validate="false"/>
    <addForeignKeyConstraint baseTableName="t" baseColumnNames="a" constraintName="fk2" referencedTableName="u" referencedColumnNames="x"/>
    <dropForeignKeyConstraint baseTableName="t" constraintName="fk"/>
    <addUniqueConstraint tableName="t" columnNames="a" constraintName="uq" forIndexName="ix"/>
    <dropUniqueConstraint tableName="t" constraintName="uq"/>
    <addPrimaryKey tableName="t" columnNames="id"/>
    <dropPrimaryKey tableName="t"/>
    <modifyDataType tableName="t" columnName="c" newDataType="varchar(100)"/>
    <renameColumn tableName="t" oldColumnName="c" newColumnName="e"/>
    <renameTable oldTableName="t" newTableName="t2"/>
    <addAutoIncrement tableName="t2" columnName="id" columnDataType="bigint"/>
    <createSequence sequenceName="s"/>
    <createView viewName="v">SELECT 1</createView>
    <update tableName="t2"><column name="a" value="1"/><where>b = 2</where></update>
    <delete tableName="t2"/>
    <insert tableName="t2"><column name="a" value="1"/></insert>
    <loadData tableName="t2" file="data.csv"/>
    <tagDatabase tag="v1"/>
    <output>hello</output>
    <empty/>
    <customChange class="com.example.Fix"/>
    <createProcedure>CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;</createProcedure>
    <mergeColumns tableName="t2" column1Name="a" column2Name="b" finalColumnName="ab" finalColumnType="text" joinString=" "/>
    <dropTable tableName="t2" cascadeConstraints="true"/>
    <fancyNewChange tableName="t2"/>`,
        ),
      ),
    });
    expect(ops(l.migrations[0])).toEqual([
      '4:5 dataChange update t where',
      '4:5 setNotNull t.c',
      '5:5 setNotNull t.d',
      '6:5 dropNotNull t.c',
      '7:5 setDefault t.c now()/stable',
      '8:5 dropDefault t.c',
      '9:5 createIndex ix on t(a,lower(b)) unique',
      '10:5 dropIndex ix',
      '11:5 addConstraint t foreignKey fk(a,b) notValid',
      '12:5 addConstraint t foreignKey fk2(a)',
      '13:5 dropConstraint t.fk',
      '14:5 addConstraint t unique uq(a) using=ix',
      '15:5 dropConstraint t.uq',
      '16:5 addConstraint t primaryKey -(id)',
      '17:5 dropConstraint t.t_pkey',
      '18:5 alterColumnType t.c varchar(100) using c::VARCHAR(100)',
      '19:5 renameColumn t.c->e',
      '20:5 renameTable t->t2',
      '21:5 other CreateSeqStmt',
      '21:5 setNotNull t2.id',
      "21:5 setDefault t2.id nextval('t2_id_seq')/volatile",
      '22:5 other CreateSeqStmt',
      '23:5 other ViewStmt',
      '24:5 dataChange update t2 where',
      '25:5 dataChange delete t2',
      '26:5 dataChange insert t2',
      '27:5 dataChange insert t2',
      '31:5 opaque a customChange runs Java code that migralint does not execute (customChange)',
      '32:5 opaque createProcedure bodies are not analysed (createProcedure)',
      '33:5 addColumn t2.ab text',
      '33:5 dataChange update t2',
      '33:5 dropColumn t2.a',
      '33:5 dropColumn t2.b',
      '34:5 dropTable t2',
      "35:5 opaque Unknown change type 'fancyNewChange': migralint cannot see what it does",
    ]);
    expect(l.diagnostics).toEqual([
      'changelog.xml:31:5 opaque-code Not linted: a customChange runs Java code that migralint does not execute (customChange).',
      'changelog.xml:32:5 opaque-code Not linted: createProcedure bodies are not analysed (createProcedure).',
      "changelog.xml:35:5 opaque-code Unknown change type 'fancyNewChange': migralint cannot see what it does",
    ]);
  });

  it('reads createIndex made CONCURRENTLY through <modifySql>, and says when modifySql rewrites something else', async () => {
    const l = await loadTree({
      'changelog.xml': XML(
        [
          CS(
            '1',
            '    <createIndex indexName="ix" tableName="t"><column name="a"/></createIndex>\n    <modifySql dbms="postgresql"><replace replace="CREATE INDEX" with="CREATE INDEX CONCURRENTLY"/></modifySql>',
            ' runInTransaction="false"',
          ),
          CS('2', '    <createIndex indexName="iy" tableName="t"><column name="a"/></createIndex>\n    <modifySql><append value=" TABLESPACE fast"/></modifySql>'),
          CS('3', '    <createIndex indexName="iz" tableName="t"><column name="a"/></createIndex>\n    <modifySql dbms="mysql"><replace replace="CREATE INDEX" with="CREATE INDEX CONCURRENTLY"/></modifySql>'),
        ].join('\n'),
      ),
    });
    expect(l.migrations.flatMap(ops)).toEqual(['4:5 createIndex ix on t(a) concurrently', '8:5 createIndex iy on t(a)', '12:5 createIndex iz on t(a)']);
    expect(l.diagnostics).toEqual(['changelog.xml:9:5 opaque-code This changeSet rewrites its generated SQL with <modifySql>; migralint lints the changes as written, before the rewrite.']);
  });

  it('folds names as Liquibase quotes them on PostgreSQL', async () => {
    const l = await loadTree({ 'changelog.xml': XML(CS('1', '    <dropTable tableName="USERS"/>\n    <dropTable tableName="MyTable"/>')) });
    expect(ops(l.migrations[0])).toEqual(['4:5 dropTable users', '5:5 dropTable MyTable']);
    const quoted = await loadTree({ 'changelog.xml': XML(CS('1', '    <dropTable tableName="USERS"/>'), ' objectQuotingStrategy="QUOTE_ALL_OBJECTS"') });
    expect(ops(quoted.migrations[0])).toEqual(['4:5 dropTable USERS']);
  });
});

describe('SQL in changelogs', () => {
  it('maps <sql> statements through entities and CDATA, honours splitStatements and endDelimiter, skips other dbms', async () => {
    const files = {
      'changelog.xml': XML(
        CS(
          '1',
          `    <sql>
      UPDATE t SET a = 1 WHERE b &lt; 2;
      <![CDATA[DELETE FROM t WHERE c < 3;]]>
    </sql>
    <sql endDelimiter="\\nGO" splitStatements="true">UPDATE t SET a = 2
GO
DELETE FROM t</sql>
    <sql dbms="mysql">this is not postgres;</sql>
    <sql splitStatements="false">UPDATE t SET x = 1; UPDATE t SET y = 2;</sql>`,
        ),
      ),
    };
    const { lines } = await lintTree(files, [probe]);
    expect(lines).toEqual([
      'changelog.xml:5:7 probe dataChange',
      'changelog.xml:6:16 probe dataChange',
      'changelog.xml:8:53 probe dataChange',
      'changelog.xml:10:1 probe dataChange',
      'changelog.xml:12:34 probe dataChange',
      'changelog.xml:12:54 probe dataChange',
    ]);
  });

  it('reports a syntax error inside <sql> at its place in the changelog, and keeps linting', async () => {
    const { lines } = await lintTree({ 'changelog.xml': XML(CS('1', '    <sql>\n      UPDATE t SET a = 1;\n      ALTER TABLE t ADD COLUM x int;\n    </sql>\n    <dropTable tableName="t"/>')) }, [probe]);
    expect(lines).toEqual(['changelog.xml:5:7 probe dataChange', 'changelog.xml:6:33 syntax-error', 'changelog.xml:8:5 probe dropTable']);
  });

  it('lints sqlFile scripts as part of the changeSet, with findings and syntax errors in the .sql file', async () => {
    const { lines, results } = await lintTree(
      {
        'db/changelog.xml': XML(CS('1', '    <sqlFile path="sql/a.sql" relativeToChangelogFile="true"/>\n    <sqlFile path="db/sql/b.sql" endDelimiter="/"/>\n    <sqlFile path="missing.sql"/>')),
        'db/sql/a.sql': '-- a script\nDROP TABLE a1;\nSELEC 1;\n',
        'db/sql/b.sql': 'DROP TABLE b1\n/\nDROP TABLE b2\n/\n',
      },
      [noDrop],
    );
    expect(lines).toEqual([
      "db/changelog.xml:6:5 layout-error",
      'db/sql/a.sql:2:1 no-drop drop',
      'db/sql/a.sql:3:1 syntax-error',
      'db/sql/b.sql:1:1 no-drop drop',
      'db/sql/b.sql:3:1 no-drop drop',
    ]);
    expect(results.find((r) => r.file === 'db/sql/a.sql')!.migrations.map((m) => `${m.id} ${m.layout} ${m.transactional}`)).toEqual(['db/changelog.xml#dev:1>db/sql/a.sql liquibase yes']);
  });

  it('reads YAML and JSON sql changes, with positions inside block scalars and escaped strings', async () => {
    const yaml = `databaseChangeLog:
  - changeSet:
      id: y
      author: dev
      changes:
        - sql:
            splitStatements: true
            sql: |
              UPDATE t SET a = 1;
              DROP TABLE t;
        - dropTable:
            tableName: u
`;
    const json = '{"databaseChangeLog": [{"changeSet": {"id": "j", "author": "dev", "changes": [\n  {"sql": {"sql": "UPDATE t SET a = 1;\\nDROP TABLE t;"}},\n  {"dropTable": {"tableName": "u"}}\n]}}]}\n';
    const { lines } = await lintTree({ 'a.yaml': yaml, 'b.json': json }, [probe]);
    expect(lines).toEqual([
      'a.yaml:9:15 probe dataChange',
      'a.yaml:10:15 probe dropTable',
      'a.yaml:11:11 probe dropTable',
      'b.json:2:20 probe dataChange',
      'b.json:2:41 probe dropTable',
      'b.json:3:4 probe dropTable',
    ]);
  });
});

describe('formatted SQL changelogs', () => {
  it('reads changesets, their attributes, rollback and properties', async () => {
    const text = `--liquibase formatted sql
--property name:tbl value:users

--changeset dev:1 runInTransaction:false
CREATE INDEX CONCURRENTLY i ON \${tbl} (a);
--rollback DROP INDEX i;

--changeset dev:2 dbms:mysql
this is mysql only;

--changeset dev:3 context:prod labels:x
--preconditions onFail:MARK_RAN
DROP TABLE \${tbl};
`;
    const l = await loadTree({ 'changelog.sql': text });
    expect(l.diagnostics).toEqual([]);
    expect(order(l)).toEqual(['changelog.sql#dev:1 up no', 'changelog.sql#dev:1@rollback down no', 'changelog.sql#dev:3 up yes']);
    expect(l.migrations.flatMap(ops)).toEqual(['5:1 createIndex i on users(a) concurrently', '6:12 dropIndex i', '13:1 dropTable users']);
    expect(l.migrations[2]!.operations[0]!.conditional).toBe(true);
    expect(l.migrations[0]!.hints?.nonTransactional).toMatch(/--changeset author:id runInTransaction:false/);
  });

  it('is not linted a second time by the plain SQL layout', async () => {
    const l = await loadTree({ 'migrations/001.sql': '--liquibase formatted sql\n--changeset a:1\nSELECT 1;\n' });
    expect(l.layouts).toEqual(['liquibase']);
  });
});

describe('rollback', () => {
  it('lints rollback blocks as down code: no destructive findings, syntax errors still reported', async () => {
    const files = {
      'changelog.xml': XML(
        [
          CS('1', '    <createTable tableName="t"><column name="id" type="int"/></createTable>\n    <rollback>\n      <dropTable tableName="t"/>\n    </rollback>'),
          CS('2', '    <addColumn tableName="t"><column name="c" type="int"/></addColumn>\n    <rollback>ALTER TABLE t DROP COLUMN c; DROP TABL t;</rollback>'),
          CS('3', '    <empty/>\n    <rollback changeSetId="1" changeSetAuthor="dev"/>'),
        ].join('\n'),
      ),
      'changelog.yaml': 'databaseChangeLog:\n  - changeSet:\n      id: y\n      author: dev\n      changes:\n        - empty: {}\n      rollback: DROP TABLE y;\n',
    };
    const { lines, results } = await lintTree(files, [noDrop]);
    expect(lines).toEqual(['changelog.xml:11:49 syntax-error']);
    const ids = results.flatMap((r) => r.migrations.map((m) => `${m.id} ${m.direction} ${m.operations}`));
    expect(ids).toEqual([
      'changelog.xml#dev:1 up 1',
      'changelog.xml#dev:1@rollback down 1',
      'changelog.xml#dev:2 up 1',
      'changelog.xml#dev:2@rollback down 1',
      'changelog.xml#dev:3 up 0',
      'changelog.xml#dev:3@rollback down 0',
      'changelog.yaml#dev:y up 0',
      'changelog.yaml#dev:y@rollback down 1',
    ]);
  });
});

describe('directives', () => {
  it('reads migralint directives from XML comments, YAML comments and SQL comments', async () => {
    const files = {
      'changelog.xml': XML(
        CS(
          '1',
          '    <!-- migralint-disable-next-line no-drop - the table is empty -->\n    <dropTable tableName="a"/>\n    <dropTable tableName="b"/>\n    <sql>\n      -- migralint-disable-next-line no-drop -- also empty\n      DROP TABLE c;\n    </sql>',
        ),
      ),
      'changelog.yaml': 'databaseChangeLog:\n  - changeSet:\n      id: y\n      author: dev\n      changes:\n        # migralint-disable-next-line no-drop -- empty\n        - dropTable: {tableName: d}\n        - dropTable: {tableName: e}\n',
    };
    const { lines } = await lintTree(files, [noDrop]);
    expect(lines).toEqual(['changelog.xml:6:5 no-drop drop', 'changelog.yaml:8:11 no-drop drop']);
  });
});
