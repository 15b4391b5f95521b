import { expect, it } from 'vitest';
import { RuleTester, type Rule } from '@migralint/core';
import rule from './adding-primary-key-constraint.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey_idx;' },
    { name: 'lower-case, quoted, schema-qualified USING INDEX', code: 'alter table app."Items" add constraint "Items_pkey" primary key using index "Items_id_idx";' },
    { name: 'new table', code: 'CREATE TABLE t (id int);\nALTER TABLE t ADD PRIMARY KEY (id);' },
    { name: 'new table, inline column', code: 'CREATE TABLE t (x int);\nALTER TABLE t ADD COLUMN id bigserial PRIMARY KEY;' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (id int);\r\nALTER TABLE app."T" ADD PRIMARY KEY (id);\r\nCOMMIT;' },
    { name: 'PRIMARY KEY in CREATE TABLE', code: 'CREATE TABLE t (id bigint PRIMARY KEY);' },
    { name: 'a table config marks small', code: 'ALTER TABLE items ADD PRIMARY KEY (id);', tableSizes: { items: 'small' } },
    { name: 'down migration', code: 'ALTER TABLE items ADD PRIMARY KEY (id);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE items ADD PRIMARY KEY (id);',
      errors: [{ messageId: 'primaryKey', line: 1, column: 19, endLine: 1, endColumn: 39, data: { table: 'items', constraint: 'items_pkey' } }],
    },
    {
      name: 'named, lower-case, IF EXISTS, quoted and schema-qualified',
      code: 'alter table if exists app."Items" add constraint "Items_PK" primary key ("Id", org_id);',
      errors: [{ messageId: 'primaryKey', line: 1, column: 35, data: { table: 'app."Items"', constraint: '"Items_PK"' } }],
    },
    {
      name: 'two findings, comments between tokens, an inline PRIMARY KEY column',
      code: 'ALTER TABLE items ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;\n-- and\nALTER TABLE /* old */ tags ADD PRIMARY KEY (id);',
      errors: [
        { messageId: 'primaryKey', line: 1, column: 19, data: { table: 'items', constraint: 'items_pkey' } },
        { messageId: 'primaryKey', line: 3, column: 28, data: { table: 'tags', constraint: 'tags_pkey' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE items ADD PRIMARY KEY (id);\r\nCOMMIT;',
      errors: [{ messageId: 'primaryKey', line: 2, column: 19 }],
    },
    {
      name: 'a table config marks large',
      code: 'ALTER TABLE items ADD PRIMARY KEY (id);',
      tableSizes: { items: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 19, data: { table: 'items', constraint: 'items_pkey' } }],
    },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: 'ALTER TABLE items ADD PRIMARY KEY (id);',
      tableSizes: { items: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'primaryKey', line: 1, column: 19 }],
    },
    {
      name: 'only the new table is exempt',
      code: 'CREATE TABLE t (x int);\nALTER TABLE items ADD PRIMARY KEY (id);',
      errors: [{ messageId: 'primaryKey', line: 2, column: 19 }],
    },
  ],
});

it('adding-primary-key-constraint: the help is the recipe with the user\'s names', async () => {
  const { diagnostics } = await new RuleTester().lintCase(rule as Rule<never>, { code: 'ALTER TABLE items ADD PRIMARY KEY (id);' });
  expect(diagnostics[0]?.help).toContain('CREATE UNIQUE INDEX CONCURRENTLY items_pkey_idx ON items (id), outside a transaction block.');
  expect(diagnostics[0]?.help).toContain('ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey_idx');
});
