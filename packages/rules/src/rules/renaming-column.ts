import { defineRule } from '@migralint/core';
import { ident, qualified } from '../util/names.js';

export default defineRule({
  meta: {
    id: 'renaming-column',
    description: 'Flag renaming a column of a table that already exists: clients using the old name break',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      renameColumn:
        'Renaming column {{column}} of {{table}} to {{newName}} breaks every running client that still uses the old name; it takes an ACCESS EXCLUSIVE lock on {{table}} (brief: no rewrite).',
    },
    help: 'Expand and contract: ALTER TABLE {{table}} ADD COLUMN {{newName}} …; write both columns (application code or a trigger); backfill {{newName}} from {{column}} in batches; move reads to {{newName}}; drop {{column}} in a later migration. Or keep the column name and rename only the attribute in your code.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/renaming-column.md' },
    examples: {
      bad: ['ALTER TABLE users RENAME COLUMN name TO full_name;'],
      good: ['CREATE TABLE drafts (id bigint, title text);\nALTER TABLE drafts RENAME COLUMN title TO heading;'],
    },
  },
  create(ctx) {
    return {
      renameColumn(op) {
        if (ctx.analysis.isNewTable(op.table, op)) return;
        ctx.report({ op, messageId: 'renameColumn', data: { table: qualified(op.table), column: ident(op.column), newName: ident(op.newName) } });
      },
    };
  },
});
