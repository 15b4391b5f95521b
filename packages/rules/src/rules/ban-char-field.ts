import { defineRule } from '@migralint/core';
import { columnTypeVisitors } from '../util/column-style.js';
import type { DocumentedMeta } from '../util/meta.js';
import { ident } from '../util/names.js';

const meta: DocumentedMeta = {
  id: 'ban-char-field',
  description: 'Flag char(n) columns: values are padded with spaces, and leaving the type later rewrites the table',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    charField:
      'Column {{column}} of {{table}} is declared {{type}}: PostgreSQL pads its values with spaces to the declared length, ignores trailing spaces when comparing and drops them when casting to text, and moving the column off char later, even to text or a longer char, rewrites {{table}} under an ACCESS EXCLUSIVE lock.',
  },
  help: 'Declare {{column}} as text; if the length is a rule, add CONSTRAINT {{check}} CHECK (length({{column}}) <= {{length}}).',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-char-field.md' },
  examples: {
    bad: ['CREATE TABLE countries (code char(2) PRIMARY KEY, name text);', 'ALTER TABLE users ADD COLUMN locale character(5);'],
    good: ["CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2), name text);", 'ALTER TABLE users ADD COLUMN locale text;'],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    return columnTypeVisitors((c) => {
      // Only blank-padded character: the quoted "char" is PostgreSQL's one-byte internal type.
      if (c.base !== 'bpchar') return;
      const check = ident(`${c.op.table.name}_${c.column}_check`);
      ctx.report({ span: c.span(), op: c.op, messageId: 'charField', data: { ...c.data, check, length: c.type.args[0] ?? 1 } });
    });
  },
});
