import { describe, expect, it } from 'vitest';
import { SETUP_SQL, SHARED_CASES, sharedCase } from '../shared-cases.js';
import { expectSameAsSql, lintProject } from '../shared-harness.js';

/*
 * The shared case table as Liquibase changelogs: each case written with Liquibase's own change
 * types (or a `sql` change where Liquibase has none, e.g. a CHECK constraint), in XML, YAML and
 * JSON, and as formatted SQL. The master changelog includes a setup changelog (the tables every
 * case runs against, created by an earlier changeSet) and then the case's changelog; the findings
 * must be the ones plain SQL gives, on the line of the change element (or of the SQL statement).
 */

type Value = string | boolean;
interface Column {
  attrs: Record<string, Value>;
  constraints?: Record<string, Value>;
}
/** A change in format-neutral form: a change type with attributes and columns, or a `sql` change. */
type Change = { type: string; attrs: Record<string, Value>; columns?: Column[] } | { sql: string };

const col = (name: string, extra: Record<string, Value> = {}, constraints?: Record<string, Value>): Column =>
  constraints ? { attrs: { name, ...extra }, constraints } : { attrs: { name, ...extra } };

const CHANGES: Record<string, Change> = {
  'create-index': { type: 'createIndex', attrs: { indexName: 'users_name_idx', tableName: 'users' }, columns: [col('name')] },
  'create-unique-index': { type: 'createIndex', attrs: { indexName: 'users_email_key', tableName: 'users', unique: true }, columns: [col('email')] },
  'drop-index': { type: 'dropIndex', attrs: { indexName: 'users_email_idx', tableName: 'users' } },
  'add-column-volatile-default': { type: 'addColumn', attrs: { tableName: 'users' }, columns: [col('token', { type: 'uuid', defaultValueComputed: 'gen_random_uuid()' })] },
  'add-required-column': { type: 'addColumn', attrs: { tableName: 'users' }, columns: [col('age', { type: 'integer' }, { nullable: false })] },
  // Liquibase's addCheckConstraint is a Pro change type: open-source changelogs write it as SQL.
  'add-check-constraint': { sql: sharedCase('add-check-constraint').sql },
  'add-foreign-key': {
    type: 'addForeignKeyConstraint',
    attrs: { baseTableName: 'orders', baseColumnNames: 'user_id', constraintName: 'orders_user_id_fk', referencedTableName: 'users', referencedColumnNames: 'id' },
  },
  'drop-column': { type: 'dropColumn', attrs: { tableName: 'users', columnName: 'name' } },
  'drop-table': { type: 'dropTable', attrs: { tableName: 'orders' } },
  'rename-column': { type: 'renameColumn', attrs: { tableName: 'users', oldColumnName: 'name', newColumnName: 'full_name' } },
  'rename-table': { type: 'renameTable', attrs: { oldTableName: 'orders', newTableName: 'purchases' } },
  'change-column-type': { type: 'modifyDataType', attrs: { tableName: 'orders', columnName: 'total', newDataType: 'integer' } },
  'safe-add-nullable-column': { type: 'addColumn', attrs: { tableName: 'users' }, columns: [col('nickname', { type: 'text' })] },
  'safe-constant-default': { type: 'addColumn', attrs: { tableName: 'users' }, columns: [col('active', { type: 'boolean', defaultValueBoolean: false }, { nullable: false })] },
  'safe-widen-varchar': { type: 'modifyDataType', attrs: { tableName: 'users', columnName: 'email', newDataType: 'varchar(100)' } },
  'safe-concurrent-index': { sql: sharedCase('safe-concurrent-index').sql },
};

const SETUP: Change[] = [
  { type: 'createTable', attrs: { tableName: 'users' }, columns: [col('id', { type: 'bigint' }, { primaryKey: true }), col('email', { type: 'varchar(50)' }), col('name', { type: 'text' })] },
  {
    type: 'createTable',
    attrs: { tableName: 'orders' },
    columns: [col('id', { type: 'bigint' }, { primaryKey: true }), col('user_id', { type: 'bigint' }), col('total', { type: 'numeric(10, 2)' })],
  },
  { type: 'createIndex', attrs: { indexName: 'users_email_idx', tableName: 'users' }, columns: [col('email')] },
];

// ---- XML ------------------------------------------------------------------------------------

const xmlAttrs = (a: Record<string, Value>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`)
    .join('');

function xmlChange(c: Change, indent: string): string {
  if ('sql' in c) return `${indent}<sql>${c.sql.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</sql>`;
  if (!c.columns) return `${indent}<${c.type}${xmlAttrs(c.attrs)}/>`;
  const cols = c.columns.map((k) =>
    k.constraints
      ? `${indent}  <column${xmlAttrs(k.attrs)}>\n${indent}    <constraints${xmlAttrs(k.constraints)}/>\n${indent}  </column>`
      : `${indent}  <column${xmlAttrs(k.attrs)}/>`,
  );
  return `${indent}<${c.type}${xmlAttrs(c.attrs)}>\n${cols.join('\n')}\n${indent}</${c.type}>`;
}

const XML_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog
    xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">`;

function xmlChangelog(id: string, changes: Change[], nonTransactional = false): string {
  const body = changes.map((c) => xmlChange(c, '    ')).join('\n');
  return `${XML_HEAD}\n  <changeSet id="${id}" author="migralint"${nonTransactional ? ' runInTransaction="false"' : ''}>\n${body}\n  </changeSet>\n</databaseChangeLog>\n`;
}

// ---- YAML -----------------------------------------------------------------------------------

const yamlScalar = (v: Value) => (typeof v === 'boolean' ? String(v) : /^[\w.() ,-]+$/.test(v) && !/^\d/.test(v) ? v : JSON.stringify(v));

function yamlMap(a: Record<string, Value>, indent: string): string {
  return Object.entries(a)
    .map(([k, v]) => `${indent}${k}: ${yamlScalar(v)}`)
    .join('\n');
}

function yamlChange(c: Change, indent: string): string {
  if ('sql' in c) return `${indent}- sql:\n${indent}    sql: ${JSON.stringify(c.sql)}`;
  let out = `${indent}- ${c.type}:\n${yamlMap(c.attrs, `${indent}    `)}`;
  if (c.columns) {
    out += `\n${indent}    columns:`;
    for (const k of c.columns) {
      out += `\n${indent}      - column:\n${yamlMap(k.attrs, `${indent}          `)}`;
      if (k.constraints) out += `\n${indent}          constraints:\n${yamlMap(k.constraints, `${indent}            `)}`;
    }
  }
  return out;
}

function yamlChangelog(id: string, changes: Change[], nonTransactional = false): string {
  return `databaseChangeLog:
  - changeSet:
      id: ${id}
      author: migralint${nonTransactional ? '\n      runInTransaction: false' : ''}
      changes:
${changes.map((c) => yamlChange(c, '        ')).join('\n')}
`;
}

// ---- JSON -----------------------------------------------------------------------------------

function jsonChange(c: Change): unknown {
  if ('sql' in c) return { sql: { sql: c.sql } };
  const body: Record<string, unknown> = { ...c.attrs };
  if (c.columns) body.columns = c.columns.map((k) => ({ column: k.constraints ? { ...k.attrs, constraints: k.constraints } : k.attrs }));
  return { [c.type]: body };
}

function jsonChangelog(id: string, changes: Change[], nonTransactional = false): string {
  const changeSet: Record<string, unknown> = { id, author: 'migralint' };
  if (nonTransactional) changeSet.runInTransaction = false;
  changeSet.changes = changes.map(jsonChange);
  return `${JSON.stringify({ databaseChangeLog: [{ changeSet }] }, null, 2)}\n`;
}

// ---- formatted SQL --------------------------------------------------------------------------

function sqlChangelog(id: string, sql: string, nonTransactional = false): string {
  return `--liquibase formatted sql\n\n--changeset migralint:${id}${nonTransactional ? ' runInTransaction:false' : ''}\n${sql}\n`;
}

// ---- the table ------------------------------------------------------------------------------

const FORMATS = ['xml', 'yaml', 'json', 'sql'] as const;
type Format = (typeof FORMATS)[number];

/** The first line of `text` that contains `needle` (1-based). */
function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in:\n${text}`);
  return text.slice(0, i).split('\n').length;
}

function master(format: Format): string {
  const ext = format === 'sql' ? 'sql' : format;
  if (format === 'yaml') return `databaseChangeLog:\n  - include:\n      file: setup.${ext}\n      relativeToChangelogFile: true\n  - include:\n      file: case.${ext}\n      relativeToChangelogFile: true\n`;
  if (format === 'json') {
    return `${JSON.stringify({ databaseChangeLog: [{ include: { file: `setup.${ext}`, relativeToChangelogFile: true } }, { include: { file: `case.${ext}`, relativeToChangelogFile: true } }] }, null, 2)}\n`;
  }
  return `${XML_HEAD}\n  <include file="setup.${ext}" relativeToChangelogFile="true"/>\n  <include file="case.${ext}" relativeToChangelogFile="true"/>\n</databaseChangeLog>\n`;
}

function project(format: Format, caseId: string): { files: Record<string, string>; file: string; line: number } {
  const c = sharedCase(caseId);
  const change = CHANGES[caseId]!;
  const dir = 'src/main/resources/db/changelog';
  const nonTx = Boolean(c.nonTransactional);
  let setup: string;
  let text: string;
  let needle: string;
  switch (format) {
    case 'xml':
      setup = xmlChangelog('setup', SETUP);
      text = xmlChangelog(caseId, [change], nonTx);
      needle = 'sql' in change ? '<sql>' : `<${change.type}`;
      break;
    case 'yaml':
      setup = yamlChangelog('setup', SETUP);
      text = yamlChangelog(caseId, [change], nonTx);
      needle = 'sql' in change ? '    sql: ' : `- ${change.type}:`;
      break;
    case 'json':
      setup = jsonChangelog('setup', SETUP);
      text = jsonChangelog(caseId, [change], nonTx);
      needle = 'sql' in change ? '"sql": "' : `"${change.type}"`;
      break;
    case 'sql':
      setup = sqlChangelog('setup', SETUP_SQL);
      text = sqlChangelog(caseId, c.sql, nonTx);
      needle = c.sql;
      break;
  }
  // The master is XML for formatted SQL (formatted SQL cannot include other files).
  const ext = format === 'sql' ? 'sql' : format;
  const masterExt = format === 'sql' ? 'xml' : format;
  const files = {
    [`${dir}/db.changelog-master.${masterExt}`]: master(format),
    [`${dir}/setup.${ext}`]: setup,
    [`${dir}/case.${ext}`]: text,
  };
  return { files, file: `${dir}/case.${ext}`, line: lineOf(text, needle) };
}

describe('the shared case table as Liquibase changelogs', () => {
  it('has a Liquibase rendering of every shared case', () => {
    expect(Object.keys(CHANGES).sort()).toEqual(SHARED_CASES.map((c) => c.id).sort());
  });

  for (const format of FORMATS) {
    describe(format === 'sql' ? 'formatted SQL' : format.toUpperCase(), () => {
      for (const c of SHARED_CASES) {
        it(c.id, async () => {
          await expectSameAsSql(c.id, project(format, c.id));
        });
      }
    });
  }
});

describe('Liquibase specifics around the shared cases', () => {
  it('finds the case inside a single changelog holding setup and case changeSets', async () => {
    const text = `${XML_HEAD}
  <changeSet id="setup" author="migralint">
${SETUP.map((c) => xmlChange(c, '    ')).join('\n')}
  </changeSet>
  <changeSet id="case" author="migralint">
    <dropColumn tableName="users" columnName="name"/>
  </changeSet>
</databaseChangeLog>
`;
    await expectSameAsSql('drop-column', { files: { 'changelog.xml': text }, file: 'changelog.xml', line: lineOf(text, '<dropColumn') });
  });

  it('reports CREATE INDEX CONCURRENTLY in a changeSet that keeps its transaction', async () => {
    const text = xmlChangelog('case', [{ sql: sharedCase('safe-concurrent-index').sql }]);
    const results = await lintProject({ 'db/db.changelog-master.xml': text });
    const ids = results.flatMap((r) => r.diagnostics.map((d) => `${d.ruleId}@${d.span.start.line}`));
    expect(ids).toEqual([`ban-concurrent-index-creation-in-transaction@${lineOf(text, '<sql>')}`]);
  });

  it('gives no destructive-change findings for rollback blocks', async () => {
    const text = `${XML_HEAD}
  <changeSet id="setup" author="migralint">
${SETUP.map((c) => xmlChange(c, '    ')).join('\n')}
  </changeSet>
  <changeSet id="case" author="migralint">
    <addColumn tableName="users"><column name="nickname" type="text"/></addColumn>
    <rollback>
      <dropColumn tableName="users" columnName="nickname"/>
      <dropTable tableName="orders"/>
    </rollback>
  </changeSet>
</databaseChangeLog>
`;
    const results = await lintProject({ 'changelog.xml': text });
    expect(results.flatMap((r) => r.diagnostics)).toEqual([]);
    expect(results[0]!.migrations.map((m) => `${m.id} ${m.direction} ${m.operations}`)).toEqual([
      'changelog.xml#migralint:setup up 3',
      'changelog.xml#migralint:case up 1',
      'changelog.xml#migralint:case@rollback down 2',
    ]);
  });
});
