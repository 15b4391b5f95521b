import { describe, expect, it } from 'vitest';
import { lintProject } from '../shared-harness.js';

const XML = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
${body}
</databaseChangeLog>
`;

describe('Liquibase help in Liquibase terms', () => {
  it('gives the NOT NULL recipe as changeSets for addNotNullConstraint on an existing table', async () => {
    const results = await lintProject({
      'db.changelog-master.xml': XML(`  <changeSet id="1" author="a">
    <createTable tableName="users"><column name="id" type="bigint"/><column name="email" type="text"/></createTable>
  </changeSet>
  <changeSet id="2" author="a">
    <addNotNullConstraint tableName="users" columnName="email"/>
  </changeSet>`),
    });
    const d = results.flatMap((r) => r.diagnostics).find((x) => x.ruleId === 'adding-not-nullable-field');
    expect(d?.span.start.line).toBe(7);
    expect(d?.help).toContain('As Liquibase changeSets: <changeSet id="…-1"><sql>ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID</sql></changeSet>');
    expect(d?.help).toContain('<addNotNullConstraint tableName="users" columnName="email"/>');
  });

  it('gives it in formatted SQL terms for a formatted SQL changelog', async () => {
    const results = await lintProject({
      'db.changelog-master.sql': '--liquibase formatted sql\n--changeset a:1\nCREATE TABLE users (id bigint, email text);\n--changeset a:2\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n',
    });
    const d = results.flatMap((r) => r.diagnostics).find((x) => x.ruleId === 'adding-not-nullable-field');
    expect(d?.span.start.line).toBe(5);
    expect(d?.help).toContain('As Liquibase changesets: `--changeset author:id-1` with `ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;`');
  });

  it('keeps plain SQL help free of Liquibase terms', async () => {
    const results = await lintProject({ '1.sql': 'CREATE TABLE users (id bigint, email text);', '2.sql': 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;' });
    const d = results.flatMap((r) => r.diagnostics).find((x) => x.ruleId === 'adding-not-nullable-field');
    expect(d?.help).not.toContain('Liquibase');
  });
});
