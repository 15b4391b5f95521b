import { expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import rule from './identifier-too-long.js';

const tester = new RuleTester();

// 64 and 63 ASCII bytes; 33 two-byte letters (66 bytes, truncated to 31 letters).
const L64 = `${'a'.repeat(60)}_tbl`;
const L63 = 'b'.repeat(63);
const E33 = 'é'.repeat(33);

tester.run(rule, {
  valid: [
    { name: 'exactly 63 bytes', code: `CREATE TABLE ${L63} (${L63} bigint);` },
    { name: 'a reference to a long name defines nothing', code: `ALTER TABLE ${L64} ADD COLUMN x bigint;` },
    { name: 'a long name inside a string or a comment', code: `CREATE TABLE t (x text DEFAULT '${L64}'); -- ${L64}` },
    { name: 'down migration', code: `CREATE TABLE ${L64} (id bigint);`, direction: 'down' },
    { name: 'a larger NAMEDATALEN', code: `CREATE TABLE ${L64} (id bigint);`, options: { maxBytes: 100 } },
  ],
  invalid: [
    {
      code: `CREATE TABLE ${L64} (id bigint);`,
      errors: [{ messageId: 'tooLong', line: 1, column: 14, endLine: 1, endColumn: 78, data: { name: L64, bytes: 64, max: 63, truncated: L64.slice(0, 63) } }],
    },
    {
      name: 'multi-byte letters: 66 bytes, cut on a letter boundary; quoted',
      code: `CREATE TABLE "${E33}" (id bigint);`,
      errors: [{ messageId: 'tooLong', line: 1, column: 14, endColumn: 49, data: { name: `"${E33}"`, bytes: 66, max: 63, truncated: `"${'é'.repeat(31)}"` } }],
    },
    {
      name: 'column, constraint and index names; several findings; a CHECK naming the column again is not repeated',
      code: `CREATE TABLE t (\n  ${L64} bigint CONSTRAINT ${L64}_ck CHECK (${L64} > 0)\n);\nCREATE INDEX ${L64}_ix ON t (id);`,
      errors: [
        { messageId: 'tooLong', line: 2, column: 3, endColumn: 67 },
        { messageId: 'tooLong', line: 2, column: 86, endColumn: 153 },
        { messageId: 'tooLong', line: 4, column: 14, endColumn: 81 },
      ],
    },
    {
      name: 'ADD COLUMN, lower-case, IF NOT EXISTS, upper-case folded, schema-qualified, BEGIN/COMMIT, CRLF',
      code: `begin;\r\nalter table app.t add column if not exists ${L64.toUpperCase()} text;\r\ncommit;`,
      errors: [{ messageId: 'tooLong', line: 2, column: 44, endColumn: 108, data: { name: L64, bytes: 64, max: 63, truncated: L64.slice(0, 63) } }],
    },
    {
      name: 'rename targets and a constraint added later; comments between tokens',
      code: `ALTER TABLE t RENAME /* a */ COLUMN a TO ${L64};\nALTER TABLE t ADD CONSTRAINT -- b\n  ${L64}_fk FOREIGN KEY (a) REFERENCES u (id);\nALTER TABLE t RENAME TO ${L64};`,
      errors: [
        { messageId: 'tooLong', line: 1, column: 42, endColumn: 106 },
        { messageId: 'tooLong', line: 3, column: 3, endColumn: 70 },
        { messageId: 'tooLong', line: 4, column: 25, endColumn: 89 },
      ],
    },
    {
      name: 'statements the model has no kind for: sequences, views, schemas',
      code: `CREATE SEQUENCE ${L64}_seq;\nCREATE VIEW ${L64}_v AS SELECT 1;\nCREATE SCHEMA ${L64}_s;`,
      errors: [
        { messageId: 'tooLong', line: 1, column: 17 },
        { messageId: 'tooLong', line: 2, column: 13 },
        { messageId: 'tooLong', line: 3, column: 15 },
      ],
    },
    {
      name: 'a smaller limit',
      code: 'CREATE TABLE abcdefghijk (id bigint);',
      options: { maxBytes: 10 },
      errors: [{ messageId: 'tooLong', line: 1, column: 14, data: { name: 'abcdefghijk', bytes: 11, max: 10, truncated: 'abcdefghij' } }],
    },
  ],
});

it('identifier-too-long: the help names the identifier and the limit', async () => {
  const { diagnostics } = await tester.lintCase(rule, { code: `CREATE TABLE ${L64} (id bigint);` });
  expect(diagnostics[0]?.help).toBe(`Shorten ${L64} to at most 63 bytes (letters beyond ASCII take 2 to 4 bytes each), so that the name in the migration is the name in the database.`);
});
