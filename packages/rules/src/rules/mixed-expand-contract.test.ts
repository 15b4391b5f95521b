import { RuleTester } from '@migralint/core';
import rule from './mixed-expand-contract.js';

// Once per migration: the first contraction, naming the first expansion.
new RuleTester().run(rule, {
  valid: [
    { code: 'ALTER TABLE users ADD COLUMN email_address text;' },
    { name: 'contract only', code: 'ALTER TABLE users DROP COLUMN email;\nDROP TABLE legacy;' },
    { name: 'a new table is part of the expansion', code: 'CREATE TABLE drafts (id bigint, body text);\nALTER TABLE drafts DROP COLUMN body;\nALTER TABLE drafts RENAME TO notes;' },
    { name: 'a column added and dropped again in the same migration', code: 'ALTER TABLE users ADD COLUMN tmp int;\nUPDATE users SET tmp = 1 WHERE id < 10;\nALTER TABLE users DROP COLUMN tmp;' },
    { name: 'changes that do not break running code: indexes, defaults, NOT NULL dropped', code: 'ALTER TABLE users ADD COLUMN a int;\nDROP INDEX users_b_idx;\nALTER TABLE users ALTER COLUMN c DROP NOT NULL;\nALTER TABLE users ALTER COLUMN d SET DEFAULT 0;' },
    { name: 'quoted, schema-qualified: the dropped column is the one just added', code: 'ALTER TABLE app."Users" ADD COLUMN "Tmp" int;\r\nALTER TABLE app."Users" DROP COLUMN "Tmp";\r\n' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users ADD COLUMN email_address text;\nALTER TABLE users DROP COLUMN email;',
      errors: [{ messageId: 'mixed', line: 2, column: 19, data: { expand: 'ALTER TABLE users ADD COLUMN email_address text', expandLine: 1, contract: 'ALTER TABLE users DROP COLUMN email', table: 'users' } }],
    },
    {
      name: 'the contraction first, a new table later; lower-case, quoted, schema-qualified',
      code: 'alter table app."Users" rename column "Name" to full_name;\ncreate table app.profiles (id bigint);',
      errors: [{ messageId: 'mixed', line: 1, column: 1, data: { expand: 'CREATE TABLE app.profiles', expandLine: 2, contract: 'ALTER TABLE app."Users" RENAME COLUMN "Name" TO full_name', table: 'app."Users"' } }],
    },
    {
      name: 'inside BEGIN/COMMIT, comments between tokens, a table dropped',
      code: 'BEGIN;\nCREATE TABLE invoices (id bigint);\nDROP /* old */ TABLE -- gone\n  bills;\nCOMMIT;',
      errors: [{ messageId: 'mixed', line: 3, column: 1, data: { expand: 'CREATE TABLE invoices', expandLine: 2, contract: 'DROP TABLE bills', table: 'bills' } }],
    },
    {
      name: 'CRLF, a type change; IF NOT EXISTS does not change what it is',
      code: 'ALTER TABLE orders ADD COLUMN IF NOT EXISTS total_cents bigint;\r\nALTER TABLE orders ALTER COLUMN total TYPE text;\r\n',
      errors: [{ messageId: 'mixed', line: 2, column: 20, data: { expand: 'ALTER TABLE orders ADD COLUMN total_cents bigint', expandLine: 1, contract: 'ALTER TABLE orders ALTER COLUMN total TYPE text', table: 'orders' } }],
    },
    {
      name: 'a table from an earlier migration is not new',
      before: 'CREATE TABLE drafts (id bigint, body text);',
      code: 'ALTER TABLE drafts ADD COLUMN title text;\nALTER TABLE drafts DROP COLUMN body;',
      errors: [{ messageId: 'mixed', line: 2, column: 20 }],
    },
  ],
});
