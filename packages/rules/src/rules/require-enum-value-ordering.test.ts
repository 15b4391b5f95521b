import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './require-enum-value-ordering.js';

const tester = new RuleTester();

tester.run(rule, {
  valid: [
    { code: "ALTER TYPE status ADD VALUE 'pending_review' BEFORE 'approved';" },
    { code: "alter type app.status add value if not exists 'archived' after 'rejected';" },
    { name: 'renaming a value', code: "ALTER TYPE status RENAME VALUE 'draft' TO 'drafted';" },
    { name: 'a new type lists its order', code: "CREATE TYPE status AS ENUM ('draft', 'approved');" },
    { name: 'down migration', code: "ALTER TYPE status ADD VALUE 'x';", direction: 'down' },
  ],
  invalid: [
    {
      code: "ALTER TYPE status ADD VALUE 'pending_review';",
      errors: [{ messageId: 'unordered', line: 1, column: 1, endLine: 1, endColumn: 45, data: { type: 'status', value: "'pending_review'" } }],
    },
    {
      name: 'IF NOT EXISTS, lower-case, quoted and schema-qualified, a quote in the value',
      code: "alter type app.\"Status\" add value if not exists 'o''neill';",
      errors: [{ messageId: 'unordered', line: 1, column: 1, data: { type: 'app."Status"', value: "'o''neill'" } }],
    },
    {
      name: 'two findings, comments between tokens, inside BEGIN/COMMIT, CRLF',
      code: "BEGIN;\r\nALTER TYPE status ADD /* one */ VALUE 'a';\r\nALTER TYPE status -- two\r\n  ADD VALUE 'b';\r\nCOMMIT;",
      errors: [
        { messageId: 'unordered', line: 2, column: 1, endLine: 2, endColumn: 42 },
        { messageId: 'unordered', line: 3, column: 1, endLine: 4, endColumn: 16 },
      ],
    },
    {
      name: 'the type created in an earlier migration',
      before: "CREATE TYPE status AS ENUM ('draft', 'approved', 'rejected');",
      code: "ALTER TYPE status ADD VALUE 'archived';",
      errors: [{ messageId: 'unordered', line: 1, column: 1 }],
    },
  ],
});

it('require-enum-value-ordering: the help names the current last value when the type is known', async () => {
  const known = await tester.lintCase(rule, { before: "CREATE TYPE status AS ENUM ('draft', 'approved', 'rejected');", code: "ALTER TYPE status ADD VALUE 'archived';" });
  expect(known.diagnostics[0]?.help).toBe("Say where 'archived' belongs: ALTER TYPE status ADD VALUE 'archived' BEFORE <existing value>, or AFTER <existing value>. To put it last on purpose, write AFTER 'rejected'.");
  const unknown = await tester.lintCase(rule, { code: "ALTER TYPE status ADD VALUE 'archived';" });
  expect(unknown.diagnostics[0]?.help).toMatch(/write AFTER <last value>\.$/);
});
