import { RuleTester } from '@migralint/core';
import rule from './primary-key-using-index-on-nullable-column.js';

const before = 'CREATE TABLE items (id bigint, uid bigint NOT NULL, name text);\nCREATE UNIQUE INDEX items_id_idx ON items (id);\nCREATE UNIQUE INDEX items_uid_idx ON items (uid);';
const pk = 'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_id_idx;';

new RuleTester().run(rule, {
  valid: [
    { name: 'a NOT NULL column', code: 'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_uid_idx;', before },
    { name: 'an index the model never saw', code: pk },
    { name: 'a table the model never saw, column unknown', code: 'CREATE UNIQUE INDEX CONCURRENTLY items_id_idx ON items (id);\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_id_idx;' },
    { name: 'SET NOT NULL first', code: `ALTER TABLE items ALTER COLUMN id SET NOT NULL;\n${pk}`, before },
    {
      name: 'a validated CHECK first, lower-case',
      code: 'alter table items add constraint items_id_nn check (id is not null) not valid;\nalter table items validate constraint items_id_nn;\nalter table items add constraint items_pkey primary key using index items_id_idx;',
      before,
    },
    {
      name: 'the whole recipe on a table from outside the run',
      code: 'ALTER TABLE items ADD COLUMN uid2 bigint;\nCREATE UNIQUE INDEX CONCURRENTLY items_uid2_idx ON items (uid2);\nALTER TABLE items ADD CONSTRAINT c CHECK (uid2 IS NOT NULL) NOT VALID;\nALTER TABLE items VALIDATE CONSTRAINT c;\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_uid2_idx;',
    },
    { name: 'new table', code: 'CREATE TABLE t (id int);\nCREATE UNIQUE INDEX t_id_idx ON t (id);\nALTER TABLE t ADD PRIMARY KEY USING INDEX t_id_idx;' },
    {
      name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nCREATE TABLE app."T" (id int);\r\nCREATE UNIQUE INDEX "T_id" ON app."T" (id);\r\nALTER TABLE app."T" ADD PRIMARY KEY USING INDEX "T_id";\r\nCOMMIT;',
    },
    { name: 'a table config marks small', code: pk, before, tableSizes: { items: 'small' } },
    { name: 'down migration', code: pk, before, direction: 'down' },
  ],
  invalid: [
    {
      code: pk,
      before,
      errors: [{ messageId: 'nullable', line: 1, column: 19, endLine: 1, endColumn: 81, data: { table: 'items', constraint: 'items_pkey', index: 'items_id_idx', columns: 'id' } }],
    },
    {
      name: 'a column added nullable to a table from outside the run',
      code: 'ALTER TABLE items ADD COLUMN uid bigint;\nCREATE UNIQUE INDEX CONCURRENTLY items_uid_idx ON items (uid);\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_uid_idx;',
      errors: [{ messageId: 'nullable', line: 3, column: 19, data: { table: 'items', constraint: 'items_pkey', index: 'items_uid_idx', columns: 'uid' } }],
    },
    {
      name: 'unnamed, lower-case, quoted and schema-qualified',
      code: 'alter table app."Items" add primary key using index "Items_Id_idx";',
      before: 'CREATE TABLE app."Items" ("Id" int, name text);\nCREATE UNIQUE INDEX "Items_Id_idx" ON app."Items" ("Id");',
      errors: [{ messageId: 'nullable', line: 1, column: 25, data: { table: 'app."Items"', constraint: '"Items_pkey"', index: '"Items_Id_idx"', columns: '"Id"' } }],
    },
    {
      name: 'two findings, comments between tokens, CRLF, inside BEGIN/COMMIT',
      code: `BEGIN;\r\n${pk} -- one\r\nALTER /* two */ TABLE tags ADD PRIMARY KEY USING INDEX tags_id_idx;\r\nCOMMIT;`,
      before: `${before}\nCREATE TABLE tags (id int);\nCREATE UNIQUE INDEX tags_id_idx ON tags (id);`,
      errors: [
        { messageId: 'nullable', line: 2, column: 19, data: { table: 'items', constraint: 'items_pkey', index: 'items_id_idx', columns: 'id' } },
        { messageId: 'nullable', line: 3, column: 28, data: { table: 'tags', constraint: 'tags_pkey', index: 'tags_id_idx', columns: 'id' } },
      ],
    },
    {
      name: 'a CHECK not validated yet does not help',
      code: `ALTER TABLE items ADD CONSTRAINT items_id_nn CHECK (id IS NOT NULL) NOT VALID;\n${pk}`,
      before,
      errors: [{ messageId: 'nullable', line: 2, column: 19 }],
    },
    {
      name: 'PostgreSQL 11 scans even after a validated CHECK',
      code: `ALTER TABLE items ADD CONSTRAINT items_id_nn CHECK (id IS NOT NULL) NOT VALID;\nALTER TABLE items VALIDATE CONSTRAINT items_id_nn;\n${pk}`,
      before,
      engineVersion: 11,
      errors: [{ messageId: 'nullable', line: 3, column: 19 }],
    },
    {
      name: 'a table config marks large',
      code: pk,
      before,
      tableSizes: { items: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 19, data: { table: 'items', constraint: 'items_pkey', index: 'items_id_idx', columns: 'id' } }],
    },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: pk,
      before,
      tableSizes: { items: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'nullable', line: 1, column: 19 }],
    },
  ],
});
