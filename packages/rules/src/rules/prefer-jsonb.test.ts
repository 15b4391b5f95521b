import { RuleTester } from '@migralint/core';
import rule from './prefer-jsonb.js';

new RuleTester().run(rule, {
  valid: [
    { code: "CREATE TABLE events (payload jsonb NOT NULL DEFAULT '{}');" },
    { name: 'change to jsonb', code: 'ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;' },
    { name: 'before PostgreSQL 9.4 there is no jsonb', code: 'CREATE TABLE events (payload json);', engineVersion: 9.3 },
    { name: 'down migration', code: 'CREATE TABLE events (payload json);', direction: 'down' },
  ],
  invalid: [
    {
      code: "CREATE TABLE events (id bigint, payload json NOT NULL DEFAULT '{}');",
      errors: [{ messageId: 'json', line: 1, column: 41, endLine: 1, endColumn: 45, data: { table: 'events', column: 'payload', type: 'json' } }],
    },
    {
      name: 'at the version threshold; json[]; two findings',
      code: 'CREATE TABLE t (\n  a json,\n  b json[]\n);',
      engineVersion: 9.4,
      errors: [
        { messageId: 'json', line: 2, column: 5, endColumn: 9 },
        { messageId: 'json', line: 3, column: 5, endColumn: 11, data: { table: 't', column: 'b', type: 'json[]' } },
      ],
    },
    {
      name: 'ADD COLUMN, lower-case, IF NOT EXISTS, quoted and schema-qualified',
      code: 'alter table app."Users" add column if not exists "Prefs" json;',
      errors: [{ messageId: 'json', line: 1, column: 58, endColumn: 62, data: { table: 'app."Users"', column: '"Prefs"', type: 'json' } }],
    },
    {
      name: 'ALTER COLUMN … TYPE, comments, BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nALTER TABLE events ALTER COLUMN payload /* why */ TYPE json USING payload::json;\r\nCOMMIT;',
      errors: [{ messageId: 'json', line: 2, column: 56, endColumn: 60 }],
    },
  ],
});
